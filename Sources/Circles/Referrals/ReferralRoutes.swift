import Foundation
import GRDB
import HTTPServer
import Store

/// Referrals: sent by anyone (self-referrals) or partners, worked by the organization that runs the group,
/// followed by the person through an unguessable status link.
struct ReferralRoutes {
    let api: API

    static let fields: Set<String> = ["group_id", "person_name", "person_phone", "person_email", "preferred_contact_method",
                                      "preferred_times", "language", "note", "referrer_type", "referrer_name", "referrer_organization",
                                      "referrer_phone", "referrer_email", "consent", "consent_version", "urgent", "website"]
    static let referrerTypes = ["self", "clinician", "community_organization", "family", "other"]

    func register(on router: Router) {
        let api = self.api
        let database = api.database

        router.post("/api/v1/referrals", options: RouteOptions(bodyLimit: 16 * 1024)) { request in
            let principal = try api.principal(request)
            try API.checkCSRF(principal, request)
            if principal.role == .anonymous { try API.limit(api.limits.referrals, request) }
            var body = try JSONBody(request)
            body.rejectUnknown(Self.fields)
            // A field people never see: only a bot fills it in. Answer as if accepted and keep nothing.
            if let trap = body.object["website"] as? String, !trap.isEmpty {
                return try API.json(["status": "received"], status: 202)
            }
            let (referral, personal) = Self.read(&body, principal: principal)
            try body.finish()
            guard var referral else { throw HTTPError(422, detail: "The referral is incomplete.") }
            let token = APIKeys.randomToken(length: 32)
            referral.statusTokenHash = APIKeys.hash(token)
            if let note = personal.note, CrisisLanguage.detected(in: note) { referral.crisisFlag = true }
            let record = referral
            return try api.create(request, principal: principal) { db in
                guard let group = try GroupRecord.fetchOne(db, key: record.groupId), group.status != "archived" else {
                    throw HTTPError.unprocessable([FieldError(field: "group_id", message: "is not a group that takes referrals")])
                }
                var referral = record
                referral.organizationId = group.organizationId
                let saved = try ReferralWrites.insert(referral, actor: principal.subject, in: db) { id in
                    Data(try api.sealer.sealJSON(personal, context: "referral:\(id)"))
                }
                try api.audit(principal, request, action: "referral.create", targetType: "referral", targetId: String(saved.id!), organizationId: saved.organizationId, in: db)
                try WebhookEvents.enqueue("referral.created", organizationId: saved.organizationId,
                                          payload: ["referral_id": String(saved.id!), "group_id": String(saved.groupId), "status": "new",
                                                    "urgent": String(saved.urgent), "link": "/api/v1/referrals/\(saved.id!)"], in: db)
                let guidance = saved.urgent || saved.crisisFlag ? CrisisGuidance() : nil
                let created = ReferralCreated(
                    id: saved.id!, status: "new", statusUrl: "/referrals/status/\(token)", statusApi: "/api/v1/referral-status/\(token)",
                    whatHappensNext: "\(group.name) has your referral. Someone from the group will reach out using the contact details given, usually within a few days. Keep the status link to see progress or to withdraw.",
                    crisisGuidance: guidance, groupFullWarning: GroupSeats.isFull(group) ? GroupSeats.fullWarning(group) : nil)
                return StoredResponse(status: 201, location: "/api/v1/referrals/\(saved.id!)", body: try API.encode(created))
            }
        }

        router.get("/api/v1/referrals") { request in
            let principal = try api.signedIn(request)
            var reader = QueryReader(request)
            var filter = ReferralFilter()
            filter.limit = reader.limit(default: 50, max: 200)
            filter.statuses = request.query.all("status").filter { !$0.isEmpty }
            for status in filter.statuses where !ReferralWorkflow.statuses.contains(status) {
                reader.fail("status", "must be one of: \(ReferralWorkflow.statuses.joined(separator: ", "))")
            }
            filter.urgent = reader.bool("urgent")
            if let group = reader.text("group_id", max: 20) {
                if let id = Int64(group), id > 0 { filter.groupId = id } else { reader.fail("group_id", "must be a positive whole number") }
            }
            try reader.finish()
            let scope: ReferralScope
            switch principal.role {
            case .admin: scope = .all
            case .coordinator, .facilitator: scope = .organization(principal.organizationId ?? -1)
            case .partner: scope = .partnerKey(principal.keyId ?? -1)
            case .anonymous: throw APIKeys.unauthorized("Sign in to see referrals.")
            }
            let after = try Cursor.decode(request.query["cursor"], as: InboxPosition.self)
            let rows = try database.pool.read { try ReferralWrites.list(scope: scope, filter: filter, after: after, in: $0) }
            let page = Array(rows.prefix(filter.limit))
            let next = rows.count > filter.limit ? page.last.map {
                Cursor.nextLink(request, cursor: Cursor.encode(InboxPosition(urgent: $0.urgent ? 1 : 0, createdAt: $0.createdAt, id: $0.id!)))
            } : nil
            var response = try API.json(Page(data: page.map(ReferralSummary.init), next: next))
            response.headers.set("Cache-Control", "no-store")
            return response
        }

        router.get("/api/v1/referrals/:id") { request in
            let principal = try api.signedIn(request)
            let id = try API.id(request)
            let detail: ReferralDetail = try database.pool.write { db in
                guard let referral = try ReferralRecord.fetchOne(db, key: id), Self.mayRead(principal, referral) else {
                    throw HTTPError.notFound("No referral with that id.")
                }
                let person = try referral.personalData.map { try api.sealer.openJSON(PersonalData.self, [UInt8]($0), context: "referral:\(id)") }
                let events = try ReferralWrites.events(referralId: id, in: db).map { event in
                    ReferralDetail.Event(fromStatus: event.fromStatus, toStatus: event.toStatus, actor: event.actor,
                                         note: try event.note.map { String(decoding: try api.sealer.open([UInt8]($0), context: "referral-event:\(id)"), as: UTF8.self) },
                                         at: event.createdAt)
                }
                try api.audit(principal, request, action: "referral.read", targetType: "referral", targetId: String(id), organizationId: referral.organizationId, in: db)
                return ReferralDetail(referral: ReferralSummary(referral), person: person, consentAt: referral.consentAt,
                                      consentVersion: referral.consentVersion, history: events)
            }
            var response = try API.json(detail)
            response.headers.set("Cache-Control", "no-store")
            return response
        }

        router.post("/api/v1/referrals/:id/status", options: RouteOptions(bodyLimit: 8 * 1024)) { request in
            let principal = try api.signedIn(request)
            let id = try API.id(request)
            var body = try JSONBody(request)
            body.rejectUnknown(["status", "note"])
            var status = "", note = ""
            body.choice("status", from: ReferralWorkflow.statuses, into: &status, required: true)
            body.text("note", into: &note, max: 1000, allowEmpty: true)
            try body.finish()
            let summary: ReferralSummary = try database.pool.write { db in
                guard let referral = try ReferralRecord.fetchOne(db, key: id), Self.mayRead(principal, referral) else {
                    throw HTTPError.notFound("No referral with that id.")
                }
                guard principal.canWorkReferrals(of: referral.organizationId) else {
                    throw HTTPError(403, detail: "Only the organization that runs the group can change a referral's status.")
                }
                guard ReferralWorkflow.coordinatorMayMove(from: referral.status, to: status) else {
                    let allowed = (ReferralWorkflow.coordinatorMoves[referral.status] ?? []).sorted().joined(separator: ", ")
                    throw HTTPError(409, detail: "A referral that is \(referral.status) cannot become \(status). Allowed: \(allowed.isEmpty ? "none" : allowed).",
                                    errors: [FieldError(field: "status", message: "cannot follow \(referral.status)")])
                }
                let sealedNote = note.isEmpty ? nil : Data(try api.sealer.seal(Array(note.utf8), context: "referral-event:\(id)"))
                let saved = try ReferralWrites.changeStatus(referral, to: status, actor: principal.subject, note: sealedNote, in: db)
                try api.audit(principal, request, action: "referral.status", targetType: "referral", targetId: String(id), organizationId: referral.organizationId, detail: "\(referral.status)→\(status)", in: db)
                try WebhookEvents.enqueue("referral.status_changed", organizationId: saved.organizationId,
                                          payload: ["referral_id": String(id), "group_id": String(saved.groupId), "status": status,
                                                    "fhir_status": ReferralWorkflow.fhir(status),
                                                    "previous_status": referral.status, "link": "/api/v1/referrals/\(id)"], in: db)
                return ReferralSummary(saved)
            }
            return try API.json(summary)
        }

        let secretPath = RouteOptions(logPattern: true)
        router.get("/api/v1/referral-status/:token", options: secretPath) { request in
            let view: ReferralStatusView = try database.pool.read { db in
                guard let (referral, group) = try Self.byToken(request.parameter("token"), in: db) else {
                    throw HTTPError.notFound("This status link is not valid.")
                }
                let steps = try ReferralWrites.events(referralId: referral.id!, in: db).map { ReferralStatusView.Step(status: $0.toStatus, at: $0.createdAt) }
                return ReferralStatusView(referral, group: group, history: steps)
            }
            var response = try API.json(view)
            response.headers.set("Cache-Control", "no-store")
            return response
        }

        // The person's own steps from the status link, each one request: withdraw, "I went", "not for me".
        let personSteps: [(path: String, status: String, allowed: Set<String>, action: String)] = [
            ("withdraw", "withdrawn", ReferralWorkflow.withdrawable, "referral.withdraw"),
            ("attended", "attended", ReferralWorkflow.attendable, "referral.person_attended"),
            ("not-for-me", "not_for_me", ReferralWorkflow.declinableByPerson, "referral.person_not_for_me"),
        ]
        for step in personSteps {
            router.post("/api/v1/referral-status/:token/\(step.path)", options: RouteOptions(bodyLimit: 1024, logPattern: true)) { request in
                try API.limit(api.limits.statusSteps, request)
                let status: String = try database.pool.write { db in
                    guard let (referral, _) = try Self.byToken(request.parameter("token"), in: db) else {
                        throw HTTPError.notFound("This status link is not valid.")
                    }
                    guard step.allowed.contains(referral.status) else {
                        throw HTTPError(409, detail: "This referral is \(referral.status), so it can no longer become \(step.status).")
                    }
                    let saved = try ReferralWrites.changeStatus(referral, to: step.status, actor: "person", note: nil, in: db)
                    try AuditWrites.record(AuditEntry(actor: "person", action: step.action, targetType: "referral", targetId: String(saved.id!),
                                                      organizationId: saved.organizationId, address: request.remoteAddress), in: db)
                    try WebhookEvents.enqueue("referral.status_changed", organizationId: saved.organizationId,
                                              payload: ["referral_id": String(saved.id!), "group_id": String(saved.groupId), "status": step.status,
                                                        "fhir_status": ReferralWorkflow.fhir(step.status),
                                                        "previous_status": referral.status, "link": "/api/v1/referrals/\(saved.id!)"], in: db)
                    return saved.status
                }
                var response = try API.json(["status": status, "fhir_status": ReferralWorkflow.fhir(status)])
                response.headers.set("Cache-Control", "no-store")
                return response
            }
        }
    }

    /// The referral behind a status token, with its group.
    static func byToken(_ token: String, in db: Database) throws -> (ReferralRecord, GroupRecord)? {
        guard token.count >= 16, token.count <= 64, let referral = try ReferralWrites.referral(statusTokenHash: APIKeys.hash(token), in: db),
              let group = try GroupRecord.fetchOne(db, key: referral.groupId) else { return nil }
        return (referral, group)
    }

    /// The organization running the group sees its referrals; a partner sees those its key sent; nobody else.
    static func mayRead(_ principal: Principal, _ referral: ReferralRecord) -> Bool {
        if principal.canWorkReferrals(of: referral.organizationId) { return true }
        return principal.role == .partner && principal.keyId != nil && principal.keyId == referral.partnerKeyId
    }

    /// Reads and checks a referral body; the personal data is returned apart from the record that is stored in clear.
    static func read(_ body: inout JSONBody, principal: Principal) -> (ReferralRecord?, PersonalData) {
        var groupId: Int64 = 0
        body.identifier("group_id", into: &groupId, required: true)
        var personal = PersonalData(name: "")
        body.text("person_name", into: &personal.name, required: true, max: 120)
        body.optionalText("person_phone", into: &personal.phone, max: 40, validate: FieldRules.phone)
        body.optionalText("person_email", into: &personal.email, max: 200, validate: FieldRules.email)
        var method = ""
        body.choice("preferred_contact_method", from: ["phone", "text", "email"], into: &method, required: true)
        body.optionalText("preferred_times", into: &personal.preferredTimes, max: 200)
        var language = "en"
        body.text("language", into: &language, max: 20)
        if !FieldRules.language(language) { body.fail("language", "must be a language tag such as en or es") }
        body.optionalText("note", into: &personal.note, max: 1000)
        var referrerType = ""
        body.choice("referrer_type", from: referrerTypes, into: &referrerType, required: true)
        body.optionalText("referrer_name", into: &personal.referrerName, max: 120)
        body.optionalText("referrer_organization", into: &personal.referrerOrganization, max: 200)
        body.optionalText("referrer_phone", into: &personal.referrerPhone, max: 40, validate: FieldRules.phone)
        body.optionalText("referrer_email", into: &personal.referrerEmail, max: 200, validate: FieldRules.email)
        var consent = false
        body.flag("consent", into: &consent)
        if !consent { body.fail("consent", "must be true: the person has agreed to be contacted by the group") }
        var version = ""
        body.text("consent_version", into: &version, required: true, max: 40)
        var urgent = false
        body.flag("urgent", into: &urgent)

        if personal.phone == nil && personal.email == nil {
            body.fail("person_phone", "or person_email is required, so the group can reach the person")
        }
        if (method == "phone" || method == "text") && personal.phone == nil && personal.email != nil {
            body.fail("person_phone", "is required when the preferred contact method is \(method)")
        }
        if method == "email" && personal.email == nil && personal.phone != nil {
            body.fail("person_email", "is required when the preferred contact method is email")
        }
        if referrerType != "self" && referrerType != "" && personal.referrerName == nil {
            body.fail("referrer_name", "is required when someone else makes the referral")
        }
        if principal.role == .anonymous && (referrerType == "clinician" || referrerType == "community_organization") {
            body.fail("referrer_type", "needs a partner API key for clinicians and community organizations; use self, family or other")
        }
        guard body.errors.isEmpty else { return (nil, personal) }
        var record = ReferralRecord(groupId: groupId, organizationId: 0, referrerType: referrerType, preferredContactMethod: method,
                                    consentAt: Timestamp.now(), consentVersion: version, statusTokenHash: "")
        record.urgent = urgent
        record.language = language
        if principal.role == .partner {
            record.partnerKeyId = principal.keyId
            record.partnerOrganizationId = principal.organizationId
        }
        return (record, personal)
    }
}
