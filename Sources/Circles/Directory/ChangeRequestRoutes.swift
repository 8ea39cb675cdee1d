import Foundation
import GroupViews
import HTTPServer
import Store

/// "Suggest a correction": anyone may tell the organization that a listing is wrong; the organization's
/// coordinators see the queue, apply a suggestion to the group in one step, or dismiss it.
///
/// Like feedback, a suggestion keeps nothing about its sender but the day it arrived and, only if they
/// chose to give it, an e-mail address for a reply, which is sealed like a referral's personal data,
/// shown only to the group's organization (each read audited) and erased after the retention period.
struct ChangeRequestRoutes: RouteCollection {
    let api: API

    static let fields: Set<String> = ["kind", "proposed_value", "details", "reply_email", "website"]
    static let applyFields: Set<String> = ["changes", "note"]

    init(_ context: RouteContext) { api = context.api }

    static let routes: [Route<Self>] = [
        .post("/api/v1/groups/:id/change-requests", .anyone, Self.suggest, bodyLimit: 16 * 1024),
        .get("/api/v1/change-requests", .staff, Self.list),
        .get("/api/v1/change-requests/:id", .managesOrganization, Self.read),
        .post("/api/v1/change-requests/:id/apply", .managesOrganization, Self.apply, bodyLimit: 16 * 1024),
        .post("/api/v1/change-requests/:id/dismiss", .managesOrganization, Self.dismiss, bodyLimit: 4 * 1024),
    ]

    func suggest(_ request: Request, _ caller: Principal) throws -> Response {
        try API.limitingRefusals(api.limits.corrections, attempts: api.limits.correctionAttempts, request) {
            try receive(request, groupId: try API.id(request), body: try JSONBody(request))
        }
    }

    /// Checks and records a suggestion, from the API or from the group page's form (`GroupFormRoutes`):
    /// the same fields, checks and bot trap. The caller applies the rate limits (`API.limitingRefusals`).
    func receive(_ request: Request, groupId: Int64, body: JSONBody) throws -> Response {
        var body = body
        body.rejectUnknown(Self.fields)
        // A field people never see: only a bot fills it in. Answer as if accepted and keep nothing.
        if let trap = body.object["website"], !(trap is NSNull), (trap as? String)?.isEmpty != true {
            return try API.json(ChangeRequestReceived(id: nil), status: 202)
        }
        var kind = ChangeRequestKind.other, proposed = "", details = ""
        var replyEmail: String?
        body.choice("kind", into: &kind, required: true)
        body.text("proposed_value", into: &proposed, max: 500, allowEmpty: true)
        body.text("details", into: &details, max: 1000, allowEmpty: true)
        body.optionalText("reply_email", into: &replyEmail, max: 200, validate: FieldRules.email)
        if body.errors.isEmpty && kind != .noLongerMeets && proposed.isEmpty && details.isEmpty {
            body.fail("proposed_value", "is required: say what the listing should say (or describe the problem in details)")
        }
        try body.finish()
        let record = ChangeRequestRecord(groupId: groupId, kind: kind, proposedValue: proposed, details: details)
        let email = replyEmail
        let sealer = api.sealer
        // Not the caller's principal: nothing about who sent it is kept, not even for idempotency.
        return try api.create(request, principal: .anonymous, notFound: "No group with that id takes suggestions.") { claim in
            try api.database.recordChangeRequest(
                record,
                sealReply: { id in
                    try email.map { Data(try sealer.seal(Array($0.utf8), context: "change-request:\(id)")) }
                }, claim: claim
            ) { saved in
                StoredResponse(status: 201, location: nil, body: try API.encode(ChangeRequestReceived(id: saved.id)))
            }
        }
    }

    func list(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        let limit = reader.limit(default: 50, max: 200)
        let status: ChangeRequestStatus? = reader.choice("status")
        var groupId: Int64?
        if let text = reader.text("group_id", max: 20) {
            if let id = Int64(text), id > 0 { groupId = id } else { reader.fail("group_id", "must be a positive whole number") }
        }
        try reader.finish()
        let before = try Cursor.decode(request.query["cursor"], as: Int64.self)
        // Another organization's requests are simply not in the list.
        let organizationId = caller.isAdmin ? nil : (caller.organizationId ?? -1)
        let rows = try api.database.changeRequests(organizationId: organizationId, status: status, groupId: groupId, beforeId: before, limit: limit)
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { Cursor.nextLink(request, cursor: Cursor.encode($0.request.id!)) } : nil
        return try Self.unstored(Page(data: page.map { ChangeRequestView($0, replyEmail: nil) }, next: next))
    }

    /// One request; its reply address, when the sender left one, is opened here and each such read is audited.
    func read(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        let entry = try Self.workable(try api.database.changeRequest(id: id), by: caller)
        var email: String?
        if let sealed = entry.request.replyEmail {
            email = String(decoding: try api.sealer.open([UInt8](sealed), context: "change-request:\(id)"), as: UTF8.self)
            try api.database.recordAudit(
                API.auditEntry(
                    caller, request, action: "change_request.read", targetType: "change_request", targetId: String(id),
                    organizationId: entry.organizationId))
        }
        return try Self.unstored(ChangeRequestView(entry, replyEmail: email))
    }

    /// Applies a suggestion to its group in one step: the changes are checked against the group as
    /// read, and written only if neither the group nor the suggestion changed meanwhile (else decided again, once).
    func apply(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        var body = request.body.isEmpty ? JSONBody(object: [:]) : try JSONBody(request)
        body.rejectUnknown(Self.applyFields)
        var note = ""
        body.text("note", into: &note, max: 500, allowEmpty: true)
        let given = body.object["changes"] as? [String: Any]
        if body.has("changes"), given == nil { body.fail("changes", "must be an object of group fields") }
        try body.finish()
        let view: ChangeRequestView = try API.store {
            try API.decidingOnCurrentState {
                var entry = try Self.open(try Self.workable(try api.database.changeRequest(id: id), by: caller))
                guard let current = try api.database.groupDetails(id: entry.request.groupId) else { throw StoreFailure.notFound }
                var changes = JSONBody(object: given ?? Self.defaultChanges(entry.request))
                if given == nil && changes.object.isEmpty {
                    throw HTTPError.unprocessable([
                        FieldError(
                            field: "changes",
                            message:
                                "is required for a \(entry.request.kind) suggestion: give the group fields to change, or {} when you changed the schedule or place yourself"
                        )
                    ])
                }
                changes.rejectUnknown(GroupRoutes.fields.subtracting(["organization_id"]))
                var group = current.group
                var links = current.links
                GroupRoutes.apply(&changes, to: &group, links: &links, creating: false)
                if !changes.errors.isEmpty {
                    throw HTTPError.unprocessable(changes.errors.map { FieldError(field: "changes.\($0.field)", message: $0.message) })
                }
                let changed = changes.object.keys.sorted().joined(separator: ", ").nonEmpty ?? "no field changed here"
                let audit = API.auditEntry(
                    caller, request, action: "change_request.apply", targetType: "change_request", targetId: String(id),
                    organizationId: entry.organizationId, detail: "group \(group.id!): \(changed)")
                let mail = CorrectionMail(api: api)
                let organizationId = entry.organizationId
                entry.request = try api.database.applyChangeRequest(
                    entry.request, changing: changes.object.isEmpty ? nil : (group, links),
                    groupVersion: current.group.version, by: caller.subject, note: note, audit: audit,
                    mail: { try mail.decided($0, group: $1, organizationId: organizationId) })
                return ChangeRequestView(entry, replyEmail: nil)
            }
        }
        return try Self.unstored(view)
    }

    func dismiss(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        var note = ""
        if !request.body.isEmpty {
            var body = try JSONBody(request)
            body.rejectUnknown(["note"])
            body.text("note", into: &note, max: 500, allowEmpty: true)
            try body.finish()
        }
        let view: ChangeRequestView = try API.store {
            try API.decidingOnCurrentState {
                var entry = try Self.open(try Self.workable(try api.database.changeRequest(id: id), by: caller))
                let audit = API.auditEntry(
                    caller, request, action: "change_request.dismiss", targetType: "change_request", targetId: String(id),
                    organizationId: entry.organizationId)
                let mail = CorrectionMail(api: api)
                let organizationId = entry.organizationId
                entry.request = try api.database.dismissChangeRequest(
                    entry.request, by: caller.subject, note: note, audit: audit,
                    mail: { try mail.decided($0, group: $1, organizationId: organizationId) })
                return ChangeRequestView(entry, replyEmail: nil)
            }
        }
        return try Self.unstored(view)
    }

    /// A request the caller may work. Another organization's coordinators are answered as if it did
    /// not exist; partners and facilitators work no suggestions at all.
    static func workable(_ entry: ChangeRequestEntry?, by caller: Principal) throws -> ChangeRequestEntry {
        guard let entry else { throw HTTPError.notFound("No change request with that id.") }
        guard caller.canManage(organizationId: entry.organizationId) else {
            if caller.role == .coordinator { throw HTTPError.notFound("No change request with that id.") }
            throw HTTPError(403, detail: "Only an organization's coordinators and administrators work suggested corrections.")
        }
        return entry
    }

    /// 409 unless the request still waits for a decision.
    static func open(_ entry: ChangeRequestEntry) throws -> ChangeRequestEntry {
        guard entry.request.status == .open else { throw HTTPError(409, detail: "This suggestion was already \(entry.request.status).") }
        return entry
    }

    /// A queue's answer: never stored by caches (it may hold a reply address).
    static func unstored<T: Encodable>(_ value: T) throws -> Response {
        var response = try API.json(value)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// What applying a suggestion changes when the coordinator says nothing more: the one field it names.
    /// Times and places live in schedules and locations, so those suggestions need explicit changes.
    static func defaultChanges(_ r: ChangeRequestRecord) -> [String: Any] {
        let value = r.proposedValue.trimmingCharacters(in: .whitespacesAndNewlines)
        switch r.kind {
        case .onlineLink:
            return value.isEmpty ? [:] : ["online_url": value]
        case .contact:
            if FieldRules.email(value) == nil { return ["contact_email": value] }
            if !value.isEmpty && FieldRules.phone(value) == nil { return ["contact_phone": value] }
            return [:]
        case .noLongerMeets:
            return ["status": GroupStatus.archived.rawValue]
        case .time, .place, .other:
            return [:]
        }
    }
}

/// The answer to a suggestion: its id, or none when it was quietly dropped.
struct ChangeRequestReceived: Encodable {
    var id: Int64?
    var status = "received"
    var message = "Thank you. The organization that runs this group will check your suggestion."
}

/// A suggested correction in the coordinators' queue.
struct ChangeRequestView: Encodable {
    var id: Int64
    var group: GroupRef
    var kind: ChangeRequestKind
    var proposedValue: String
    var details: String
    /// Whether the sender left an address for a reply; the address itself only in the single read.
    var hasReplyEmail: Bool
    var replyEmail: String?
    var status: ChangeRequestStatus
    var createdAt: Timestamp
    var decidedAt: Timestamp?
    var decidedBy: String?
    var decisionNote: String
    var links: [String: String]

    struct GroupRef: Encodable {
        var id: Int64
        var name: String
        var slug: String
    }

    init(_ e: ChangeRequestEntry, replyEmail: String?) {
        let r = e.request
        id = r.id!
        group = GroupRef(id: r.groupId, name: e.groupName, slug: e.groupSlug)
        kind = r.kind
        proposedValue = r.proposedValue
        details = r.details
        hasReplyEmail = r.replyEmail != nil
        self.replyEmail = replyEmail
        status = r.status
        createdAt = r.createdAt
        decidedAt = r.decidedAt
        decidedBy = r.decidedBy
        decisionNote = r.decisionNote
        links = [
            "self": "/api/v1/change-requests/\(r.id!)", "group": "/api/v1/groups/\(r.groupId)",
            "apply": "/api/v1/change-requests/\(r.id!)/apply", "dismiss": "/api/v1/change-requests/\(r.id!)/dismiss",
        ]
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
