import Foundation
import GroupViews
import HTTPServer
import Store

/// Referrals: sent by anyone (self-referrals) or partners, worked by the organization that runs the group,
/// followed by the person through an unguessable status link.
struct ReferralRoutes: RouteCollection {
    let api: API
    let database: AppDatabase

    init(_ context: RouteContext) {
        api = context.api
        database = context.api.database
    }

    // The status token is a secret: those routes log their pattern, never their path.
    static let routes: [Route<Self>] = [
        .post("/api/v1/referrals", .identified, Self.create, bodyLimit: 16 * 1024),
        .get("/api/v1/referrals", .signedIn, Self.inbox),
        .get("/api/v1/referrals/:id", .worksReferral, Self.read),
        .post("/api/v1/referrals/:id/status", .worksReferral, Self.changeStatus, bodyLimit: 8 * 1024),
        .get("/api/v1/referral-status/:token", .statusToken, Self.status, logPattern: true),
        .post("/api/v1/referral-status/:token/withdraw", .statusToken, Self.withdraw, bodyLimit: 1024, logPattern: true),
        .post("/api/v1/referral-status/:token/attended", .statusToken, Self.reportAttended, bodyLimit: 1024, logPattern: true),
        .post("/api/v1/referral-status/:token/not-for-me", .statusToken, Self.reportNotForMe, bodyLimit: 1024, logPattern: true),
    ]

    static let fields: Set<String> = [
        "group_id", "person_name", "person_phone", "person_email", "preferred_contact_method",
        "preferred_times", "language", "note", "referrer_type", "referrer_name", "referrer_organization",
        "referrer_phone", "referrer_email", "consent", "consent_version", "urgent", "website",
    ]

    func create(_ request: Request, _ caller: Principal) throws -> Response {
        guard caller.role == .anonymous else { return try receive(request, caller, body: try JSONBody(request)) }
        return try limitingAnonymous(request) { try receive(request, caller, body: try JSONBody(request)) }
    }

    /// Runs `attempt`, an anonymous referral from the API or the form, within the referral limits
    /// (`API.limitingRefusals`: a refused post gives its token back).
    func limitingAnonymous(_ request: Request, _ attempt: () throws -> Response) throws -> Response {
        try API.limitingRefusals(api.limits.referrals, attempts: api.limits.referralAttempts, request, attempt)
    }

    /// Checks and records a referral read from `body`: the API's JSON, or the referral form posted without
    /// JavaScript (`ReferralPageRoutes.sendReferral`), so both keep one set of rules, trap, crisis check, audit and outbox.
    /// The caller applies the rate limits first (`limitingAnonymous`). Answers as the API does (201 with the status link, 202 to a bot).
    func receive(_ request: Request, _ caller: Principal, body: JSONBody) throws -> Response {
        var body = body
        body.rejectUnknown(Self.fields)
        // A field people never see: only a bot fills it in. Answer as if accepted and keep nothing.
        if let trap = body.object["website"] as? String, !trap.isEmpty {
            return try API.json(["status": "received"], status: 202)
        }
        let (referral, personal) = Self.read(&body, principal: caller)
        try body.finish()
        guard var referral else { throw HTTPError(422, detail: "The referral is incomplete.") }
        let token = APIKeys.randomToken(length: 32)
        referral.statusTokenHash = APIKeys.hash(token)
        // A note in crisis makes the referral urgent: first in the inbox, in the "urgent" filter, in the webhook.
        if let note = personal.note, CrisisLanguage.detected(in: note) {
            referral.crisisFlag = true
            referral.urgent = true
        }
        let audit = API.auditEntry(caller, request, action: "referral.create", targetType: "referral")
        // The answer's words in the language the person chose, else the one the client asks for.
        let t = api.catalogues[referral.language] ?? api.language(request)
        let mail = ReferralMail(api: api)
        // The group's schedules, for the person's check-in after its first meeting (read before the referral's
        // transaction, and only for a person who gets mail: it was a third of a referral's CPU time).
        let details = mail.personalAddress(referral, personal) == nil ? nil : try database.groupDetails(id: referral.groupId)
        // The answer names the group as its pages in the answer's language do.
        let translations = try details?.links.translations ?? database.groupTranslations(groupId: referral.groupId)
        return try api.create(request, principal: caller) { claim in
            try database.recordReferral(
                referral, claim: claim, actor: caller.subject, audit: audit,
                seal: { id in
                    Data(try api.sealer.sealJSON(personal, context: "referral:\(id)"))
                }, announce: WebhookEvents.referralCreated,
                mail: { saved, group, coordinators in
                    try mail.created(saved, group: group, details: details, coordinators: coordinators, person: personal, statusToken: token)
                }
            ) { saved, group in
                let name = GroupTexts.name(of: group, translations, language: t.code)
                let created = ReferralCreated(
                    id: saved.id!, status: saved.status.rawValue, statusUrl: "/referrals/status/\(token)", statusApi: "/api/v1/referral-status/\(token)",
                    whatHappensNext: t.text(saved.urgent ? "referral.what_happens_next_urgent" : "referral.what_happens_next", ["group": name]),
                    crisisGuidance: saved.urgent || saved.crisisFlag ? CrisisGuidance(t) : nil,
                    groupFullWarning: GroupSeats.isFull(group) ? t.text("referral.full_warning", ["group": name]) : nil)
                return StoredResponse(status: 201, location: "/api/v1/referrals/\(saved.id!)", body: try API.encode(created))
            }
        }
    }

    /// The referrals the caller works (their organization's; all for an administrator) or sent (a partner's key;
    /// a partner's console account: every referral its organization sent).
    func inbox(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        var filter = ReferralFilter()
        filter.limit = reader.limit(default: 50, max: 200)
        let statuses = request.query.all("status").filter { !$0.isEmpty }
        filter.statuses = statuses.compactMap(ReferralStatus.init(rawValue:))
        for status in statuses where ReferralStatus(rawValue: status) == nil {
            reader.fail("status", "must be one of: \(ReferralStatus.rawValues.joined(separator: ", "))")
        }
        filter.urgent = reader.bool("urgent")
        if let group = reader.text("group_id", max: 20) {
            if let id = Int64(group), id > 0 { filter.groupId = id } else { reader.fail("group_id", "must be a positive whole number") }
        }
        let withContact = reader.bool("contact") == true
        try reader.finish()
        let scope: ReferralScope =
            switch caller.role {
            case .admin: .all
            case .coordinator, .facilitator: .organization(caller.organizationId ?? -1)
            // The route admits no anonymous caller; one without a key would see nothing.
            case .partner, .anonymous: caller.keyId.map { ReferralScope.partnerKey($0) } ?? .partnerOrganization(caller.organizationId ?? -1)
            }
        let after = try Cursor.decode(request.query["cursor"], as: InboxPosition.self)
        // Whom each referral is about, for those who work it: each one opened is an audited read.
        func opens(_ referral: ReferralRecord) -> Bool {
            withContact && referral.personalData != nil && caller.canWorkReferrals(of: referral.organizationId)
        }
        let rows =
            withContact
            ? try database.referralsOpened(scope: scope, filter: filter, after: after) { referral in
                opens(referral)
                    ? API.auditEntry(
                        caller, request, action: "referral.read_contact", targetType: "referral", targetId: String(referral.id!),
                        organizationId: referral.organizationId) : nil
            } : try database.referrals(scope: scope, filter: filter, after: after)
        let page = Array(rows.prefix(filter.limit))
        let next =
            rows.count > filter.limit
            ? page.last.map {
                Cursor.nextLink(request, cursor: Cursor.encode(InboxPosition(urgent: $0.urgent ? 1 : 0, createdAt: $0.createdAt, id: $0.id!)))
            } : nil
        let summaries = try page.map { referral in
            var summary = ReferralSummary(referral)
            if opens(referral), let sealed = referral.personalData {
                let person = try api.sealer.openJSON(PersonalData.self, [UInt8](sealed), context: "referral:\(referral.id!)")
                summary.contact = InboxContact(person, prefers: referral.preferredContactMethod)
            }
            return summary
        }
        var response = try API.json(Page(data: summaries, next: next))
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// A referral in full, the person's details opened: an audited read. The organization that runs the
    /// group reads its internal notes and the shared ones; the partner who sent it, only the shared ones.
    func read(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        let audit = API.auditEntry(caller, request, action: "referral.read", targetType: "referral", targetId: String(id))
        let (referral, events) = try API.store(notFound: "No referral with that id.") {
            try database.readReferral(id: id, mayRead: { Self.mayRead(caller, $0) }, audit: audit)
        }
        let person = try referral.personalData.map { try api.sealer.openJSON(PersonalData.self, [UInt8]($0), context: "referral:\(id)") }
        let showsInternalNotes = caller.canWorkReferrals(of: referral.organizationId)
        func opened(_ sealed: Data?, _ context: String) throws -> String? {
            try sealed.map { String(decoding: try api.sealer.open([UInt8]($0), context: context), as: UTF8.self) }
        }
        let history = try events.map { event in
            ReferralDetail.Event(
                fromStatus: event.fromStatus, toStatus: event.toStatus, actor: event.actor,
                note: showsInternalNotes ? try opened(event.note, Self.noteContext(id)) : nil,
                sharedNote: try opened(event.sharedNote, Self.sharedNoteContext(id)), at: event.createdAt)
        }
        let detail = ReferralDetail(
            referral: ReferralSummary(referral), person: person, consentAt: referral.consentAt,
            consentVersion: referral.consentVersion, history: history)
        var response = try API.json(detail)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// What an internal note and a shared note are sealed to: a note moved from one column to the other does not open.
    static func noteContext(_ id: Int64) -> String { "referral-event:\(id)" }
    static func sharedNoteContext(_ id: Int64) -> String { "referral-shared-note:\(id)" }

    /// A coordinator's move, with an optional internal `note` (only the organization reads it) and an
    /// optional `shared_note` for the partner who sent the referral; both sealed, as they may speak of the person.
    func changeStatus(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        var body = try JSONBody(request)
        body.rejectUnknown(["status", "note", "shared_note"])
        var status = ReferralStatus.new, note = "", sharedNote = ""
        body.choice("status", into: &status, required: true)
        body.text("note", into: &note, max: 1000, allowEmpty: true)
        body.text("shared_note", into: &sharedNote, max: 1000, allowEmpty: true)
        try body.finish()
        let saved = try API.store(notFound: "No referral with that id.") {
            try API.decidingOnCurrentState {
                guard let referral = try database.referral(id: id), Self.mayRead(caller, referral) else {
                    throw HTTPError.notFound("No referral with that id.")
                }
                guard caller.canWorkReferrals(of: referral.organizationId) else {
                    throw HTTPError(403, detail: "Only the organization that runs the group can change a referral's status.")
                }
                guard ReferralWorkflow.coordinatorMayMove(from: referral.status, to: status) else {
                    let allowed = ReferralWorkflow.coordinatorMoves(from: referral.status).map(\.rawValue).sorted().joined(separator: ", ")
                    throw HTTPError(
                        409, detail: "A referral that is \(referral.status) cannot become \(status). Allowed: \(allowed.isEmpty ? "none" : allowed).",
                        errors: [FieldError(field: "status", message: "cannot follow \(referral.status)")])
                }
                func seal(_ text: String, _ context: String) throws -> Data? {
                    text.isEmpty ? nil : Data(try api.sealer.seal(Array(text.utf8), context: context))
                }
                // The audit entry says which notes were written, never what they say.
                let written = [note.isEmpty ? nil : "internal note", sharedNote.isEmpty ? nil : "note shared with the referrer"].compactMap { $0 }
                let audit = API.auditEntry(
                    caller, request, action: "referral.status", targetType: "referral", targetId: String(id),
                    organizationId: referral.organizationId,
                    detail: "\(referral.status)→\(status)" + (written.isEmpty ? "" : "; " + written.joined(separator: ", ")))
                let mail = ReferralMail(api: api)
                // The group's name in the person's language, for the note to them (read before the transaction).
                let translations = try database.groupTranslations(groupId: referral.groupId)
                return try database.moveReferral(
                    id: id, from: referral.status, to: status, actor: caller.subject, note: try seal(note, Self.noteContext(id)),
                    sharedNote: try seal(sharedNote, Self.sharedNoteContext(id)), audit: audit,
                    announce: WebhookEvents.statusChanged(referral, from: referral.status, to: status),
                    dropsCheckIn: !ReferralWorkflow.wantsCheckIn(status), mail: { try mail.moved($0, group: $1, translations: translations) })
            }
        }
        return try API.json(ReferralSummary(saved))
    }

    /// What the person's status link shows: never personal data.
    func status(_ request: Request, _ caller: Principal) throws -> Response {
        guard let hash = Self.tokenHash(request), let (referral, group, events) = try database.referralStatus(statusTokenHash: hash) else {
            throw HTTPError.notFound("This status link is not valid.")
        }
        let view = ReferralStatusView(referral, group: group, history: events.map { ReferralStatusView.Step(status: $0.toStatus, at: $0.createdAt) })
        var response = try API.json(view)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    // The person's own steps from the status link, each one request: withdraw, "I went", "not for me".

    func withdraw(_ request: Request, _ caller: Principal) throws -> Response {
        try personStep(request, to: .withdrawn, action: "referral.withdraw")
    }

    func reportAttended(_ request: Request, _ caller: Principal) throws -> Response {
        try personStep(request, to: .attended, action: "referral.person_attended")
    }

    func reportNotForMe(_ request: Request, _ caller: Principal) throws -> Response {
        try personStep(request, to: .notForMe, action: "referral.person_not_for_me")
    }

    /// Moves the referral behind the status token to `status`, if the person may take that step from where it is.
    private func personStep(_ request: Request, to status: ReferralStatus, action: String) throws -> Response {
        let saved = try takeStep(request, to: status, action: action)
        var response = try API.json(["status": saved.status.rawValue, "fhir_status": ReferralWorkflow.fhirTaskStatus(saved.status).rawValue])
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// The person's step from the status link, from the API or from the status page's forms
    /// (`ReferralPageRoutes`): rate limited, checked against the workflow, audited, announced.
    func takeStep(_ request: Request, to status: ReferralStatus, action: String) throws -> ReferralRecord {
        try API.limit(api.limits.statusSteps, request)
        let saved = try API.store(notFound: "This status link is not valid.") {
            try API.decidingOnCurrentState {
                guard let hash = Self.tokenHash(request), let referral = try database.referral(statusTokenHash: hash) else {
                    throw HTTPError.notFound("This status link is not valid.")
                }
                guard ReferralWorkflow.personMayMove(from: referral.status, to: status) else {
                    throw HTTPError(409, detail: "This referral is \(referral.status), so it can no longer become \(status).")
                }
                let audit = AuditEntry(
                    actor: "person", action: action, targetType: "referral", targetId: String(referral.id!),
                    organizationId: referral.organizationId, address: request.remoteAddress)
                return try database.moveReferral(
                    id: referral.id!, from: referral.status, to: status, actor: "person", note: nil, audit: audit,
                    announce: WebhookEvents.statusChanged(referral, from: referral.status, to: status),
                    dropsCheckIn: !ReferralWorkflow.wantsCheckIn(status))
            }
        }
        return saved
    }

    /// The hash a status token is stored as, for a token of a plausible length (nil otherwise).
    static func tokenHash(_ request: Request) -> String? {
        let token = request.parameter("token")
        guard token.count >= 16, token.count <= 64 else { return nil }
        return APIKeys.hash(token)
    }

    /// The organization running the group sees its referrals; a partner sees those it sent; nobody else.
    static func mayRead(_ principal: Principal, _ referral: ReferralRecord) -> Bool {
        principal.canWorkReferrals(of: referral.organizationId) || principal.sent(referral)
    }

    /// Reads and checks a referral body; the personal data is returned apart from the record that is stored in clear.
    static func read(_ body: inout JSONBody, principal: Principal) -> (ReferralRecord?, PersonalData) {
        var groupId: Int64 = 0
        body.identifier("group_id", into: &groupId, required: true)
        var personal = PersonalData(name: "")
        body.text("person_name", into: &personal.name, required: true, max: 120)
        body.optionalText("person_phone", into: &personal.phone, max: 40, validate: FieldRules.phone)
        body.optionalText("person_email", into: &personal.email, max: 200, validate: FieldRules.email)
        var method: ContactMethod?
        body.choice("preferred_contact_method", into: &method, required: true)
        body.optionalText("preferred_times", into: &personal.preferredTimes, max: 200)
        var language = "en"
        body.text("language", into: &language, max: 20)
        if !FieldRules.language(language) { body.fail("language", "must be a language tag such as en or es") }
        body.optionalText("note", into: &personal.note, max: 1000)
        var referrerType: ReferrerType?
        body.choice("referrer_type", into: &referrerType, required: true)
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
        if let method, method.needsPhone && personal.phone == nil && personal.email != nil {
            body.fail("person_phone", "is required when the preferred contact method is \(method)")
        }
        if method == .email && personal.email == nil && personal.phone != nil {
            body.fail("person_email", "is required when the preferred contact method is email")
        }
        if let referrerType, referrerType != .selfReferral && personal.referrerName == nil {
            body.fail("referrer_name", "is required when someone else makes the referral")
        }
        if principal.role == .anonymous, let referrerType, referrerType.needsPartnerKey {
            body.fail("referrer_type", "needs a partner API key for clinicians and community organizations; use self, family or other")
        }
        guard body.errors.isEmpty, let method, let referrerType else { return (nil, personal) }
        var record = ReferralRecord(
            groupId: groupId, organizationId: 0, referrerType: referrerType, preferredContactMethod: method,
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
