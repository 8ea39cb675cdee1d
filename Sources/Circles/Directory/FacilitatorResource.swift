import Foundation
import GRDB
import Store

/// A facilitator as the API shows it. Private contact details appear only for those who manage the organization.
struct FacilitatorView: Encodable {
    var id: Int64
    var organizationId: Int64
    var displayName: String
    var bio: String
    var livedExperience: [String]
    var languages: [String]
    var trainings: [TrainingView]
    var groupIds: [Int64]
    var privateEmail: String?
    var privatePhone: String?
    var createdAt: String
    var updatedAt: String

    struct TrainingView: Encodable {
        var name: String
        var issuer: String
        var completedOn: String?
        var expiresOn: String?
        var expired: Bool
    }
}

enum FacilitatorResource {
    static func decodeList(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }

    static func encodeList(_ list: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func view(_ r: FacilitatorRecord, showPrivate: Bool, db: Database) throws -> FacilitatorView {
        let (trainings, groupIds) = try FacilitatorWrites.extras(id: r.id!, in: db)
        let today = String(Timestamp.now().prefix(10))
        return FacilitatorView(
            id: r.id!, organizationId: r.organizationId, displayName: r.displayName, bio: r.bio,
            livedExperience: decodeList(r.livedExperience), languages: decodeList(r.languages),
            trainings: trainings.map { .init(name: $0.name, issuer: $0.issuer, completedOn: $0.completedOn, expiresOn: $0.expiresOn, expired: ($0.expiresOn ?? "9999") < today) },
            groupIds: groupIds,
            privateEmail: showPrivate ? r.privateEmail : nil, privatePhone: showPrivate ? r.privatePhone : nil,
            createdAt: r.createdAt, updatedAt: r.updatedAt)
    }

    /// Reads `trainings`: a list of {name, issuer, completed_on, expires_on} that replaces the current list.
    static func trainings(_ body: inout JSONBody, facilitatorId: Int64) -> [TrainingRecord]? {
        guard let raw = body.object["trainings"] else { return nil }
        guard let list = raw as? [Any], list.count <= 30 else {
            body.fail("trainings", "must be a list of at most 30 trainings")
            return nil
        }
        var result: [TrainingRecord] = []
        for (index, item) in list.enumerated() {
            guard let object = item as? [String: Any] else {
                body.fail("trainings[\(index)]", "must be an object with name, issuer, completed_on and expires_on")
                continue
            }
            var nested = JSONBody(object: object)
            nested.rejectUnknown(["name", "issuer", "completed_on", "expires_on"])
            var training = TrainingRecord(facilitatorId: facilitatorId, name: "")
            nested.text("name", into: &training.name, required: true, max: 200)
            nested.text("issuer", into: &training.issuer, max: 200, allowEmpty: true)
            nested.optionalText("completed_on", into: &training.completedOn, max: 10, validate: { LocalDate($0) == nil ? "must be a date such as 2025-06-30" : nil })
            nested.optionalText("expires_on", into: &training.expiresOn, max: 10, validate: { LocalDate($0) == nil ? "must be a date such as 2027-06-30" : nil })
            for error in nested.errors { body.fail("trainings[\(index)].\(error.field)", error.message) }
            result.append(training)
        }
        return result
    }

    static let kind = ResourceKind<FacilitatorRecord, FacilitatorView>(
        path: "facilitators",
        fields: ["organization_id", "display_name", "bio", "lived_experience", "languages", "private_email", "private_phone", "trainings"],
        make: { body in
            var organizationId: Int64 = 0
            body.identifier("organization_id", into: &organizationId, required: true)
            return FacilitatorRecord(organizationId: organizationId, displayName: "")
        },
        apply: { body, r, creating in
            body.text("display_name", into: &r.displayName, required: creating, max: 100)
            body.text("bio", into: &r.bio, max: 2000, allowEmpty: true)
            var lived = decodeList(r.livedExperience)
            body.textList("lived_experience", into: &lived, maxCount: 20, maxLength: 80)
            r.livedExperience = encodeList(lived)
            var languages = decodeList(r.languages)
            body.textList("languages", into: &languages, maxCount: 10, maxLength: 20, validate: FieldRules.language, rule: "is not a language tag such as en or es")
            r.languages = encodeList(languages)
            body.optionalText("private_email", into: &r.privateEmail, max: 200, validate: FieldRules.email)
            body.optionalText("private_phone", into: &r.privatePhone, max: 40, validate: FieldRules.phone)
            if body.has("trainings") { _ = trainings(&body, facilitatorId: r.id ?? 0) }
        },
        organizationId: { $0.organizationId },
        present: { record, principal, db in
            try view(record, showPrivate: principal.canManage(organizationId: record.organizationId), db: db)
        },
        afterWrite: { record, body, db in
            guard let list = trainings(&body, facilitatorId: record.id!) else { return }
            try FacilitatorWrites.replaceTrainings(facilitatorId: record.id!, with: list, in: db)
        }
    )
}
