import HTTPServer
import Schedules
import Store

/// Facilitators: anyone reads them (private contact details only for those who manage the
/// organization); whoever manages the organization keeps them and their trainings.
struct FacilitatorRoutes: ResourceRouteCollection {
    let api: API

    init(_ context: RouteContext) { api = context.api }

    static let routes: [Route<Self>] = [
        .get("/api/v1/facilitators", .identified, Self.list),
        .get("/api/v1/facilitators/:id", .identified, Self.read),
        .post("/api/v1/facilitators", .managesOrganization, Self.create),
        .patch("/api/v1/facilitators/:id", .managesOrganization, Self.update),
        .delete("/api/v1/facilitators/:id", .managesOrganization, Self.delete),
    ]

    static let kind = ResourceKind<FacilitatorRecord, FacilitatorView>(
        collectionPath: "/api/v1/facilitators",
        name: "facilitators",
        fields: ["organization_id", "display_name", "bio", "lived_experience", "languages", "private_email", "private_phone", "trainings"],
        make: { body in
            var organizationId: Int64 = 0
            body.identifier("organization_id", into: &organizationId, required: true)
            return FacilitatorRecord(organizationId: organizationId, displayName: "")
        },
        apply: { body, r, creating in
            body.text("display_name", into: &r.displayName, required: creating, max: 100)
            body.text("bio", into: &r.bio, max: 2000, allowEmpty: true)
            var lived = JSONList.decode(r.livedExperience)
            body.textList("lived_experience", into: &lived, maxCount: 20, maxLength: 80)
            r.livedExperience = JSONList.encode(lived)
            var languages = JSONList.decode(r.languages)
            body.textList(
                "languages", into: &languages, maxCount: 10, maxLength: 20, validate: FieldRules.language, rule: "is not a language tag such as en or es")
            r.languages = JSONList.encode(languages)
            body.optionalText("private_email", into: &r.privateEmail, max: 200, validate: FieldRules.email)
            body.optionalText("private_phone", into: &r.privatePhone, max: 40, validate: FieldRules.phone)
        },
        parts: { body in trainings(&body) },
        present: { details, caller in
            FacilitatorView(details, showPrivate: caller.canManage(organizationId: details.facilitator.organizationId))
        }
    )

    /// Reads `trainings`: a list of {name, issuer, completed_on, expires_on} that replaces the current list.
    static func trainings(_ body: inout JSONBody) -> [TrainingRecord]? {
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
            // The facilitator's id is set when the list is stored with them.
            var training = TrainingRecord(facilitatorId: 0, name: "")
            nested.text("name", into: &training.name, required: true, max: 200)
            nested.text("issuer", into: &training.issuer, max: 200, allowEmpty: true)
            nested.optionalText(
                "completed_on", into: &training.completedOn, max: 10, validate: { LocalDate($0) == nil ? "must be a date such as 2025-06-30" : nil })
            nested.optionalText(
                "expires_on", into: &training.expiresOn, max: 10, validate: { LocalDate($0) == nil ? "must be a date such as 2027-06-30" : nil })
            for error in nested.errors { body.fail("trainings[\(index)].\(error.field)", error.message) }
            result.append(training)
        }
        return result
    }
}
