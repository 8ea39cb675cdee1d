import Foundation
import HTTPServer
import Store
import TestSupport
import Testing

@testable import Circles

/// Referrals end to end over sockets: privacy, boundaries, workflow, status link, audit, retention.
@Suite struct ReferralTests {
    let app: TestApp
    let admin: String
    let groupA: Int
    let groupB: Int

    init() throws {
        app = try TestApp()
        admin = try app.key()
        let a = try app.makeOrganization("alpha", key: admin)
        let b = try app.makeOrganization("beta", key: admin)
        groupA = try Self.group(app, admin, a, "Alpha Recovery Circle")
        groupB = try Self.group(app, admin, b, "Beta Grief Group")
    }

    static func group(_ app: TestApp, _ admin: String, _ org: Int, _ name: String) throws -> Int {
        let r = try app.send(
            "POST", "/api/v1/groups", key: admin, json: ["organization_id": org, "name": name, "format": "in_person", "time_zone": "America/Chicago"])
        return r.jsonObject["id"] as! Int
    }

    func referral(
        group: Int, name: String = "Jordan Quillfeather", note: String? = nil, urgent: Bool = false, extra: [String: Any] = [:], key: String? = nil,
        headers: [(String, String)] = []
    ) throws -> ClientResponse {
        var body: [String: Any] = [
            "group_id": group, "person_name": name, "person_phone": "555-0123", "preferred_contact_method": "phone",
            "referrer_type": "self", "consent": true, "consent_version": "2026-11", "urgent": urgent,
        ]
        if let note { body["note"] = note }
        for (k, v) in extra { body[k] = v }
        return try app.send("POST", "/api/v1/referrals", key: key, json: body, headers: headers)
    }

    @Test func selfReferralIsSealedAtRestAndNeverLogged() throws {
        let r = try referral(group: groupA, note: "Prefers evenings")
        #expect(r.status == 201, "\(r.text)")
        #expect((r.jsonObject["status_url"] as? String ?? "").hasPrefix("/referrals/status/"))
        #expect(!r.text.contains("Quillfeather"))
        // The raw database file (and its WAL) never holds the name.
        try app.database.pool.writeWithoutTransaction { try $0.checkpoint(.full) }
        for suffix in ["", "-wal"] {
            let bytes = FileManager.default.contents(atPath: app.directory + "/circles.sqlite" + suffix) ?? Data()
            #expect(bytes.range(of: Data("Quillfeather".utf8)) == nil, "found in circles.sqlite\(suffix)")
            #expect(bytes.range(of: Data("Prefers evenings".utf8)) == nil)
        }
        #expect(!app.log.text.contains("Quillfeather"))
        #expect(!app.log.text.contains("555-0123"))
    }

    @Test func onlyTheGroupsOrganizationReadsIt() throws {
        let id = try referral(group: groupA).jsonObject["id"] as! Int
        let coordinatorA = try app.key("coordinator", organization: "alpha")
        let coordinatorB = try app.key("coordinator", organization: "beta")
        let partnerB = try app.key("partner", organization: "beta")
        #expect(try app.get("/api/v1/referrals/\(id)").status == 401)
        #expect(try app.get("/api/v1/referrals/\(id)", key: coordinatorB).status == 404)
        #expect(try app.get("/api/v1/referrals/\(id)", key: partnerB).status == 404)
        let read = try app.get("/api/v1/referrals/\(id)", key: coordinatorA)
        #expect(read.status == 200)
        #expect((read.jsonObject["person"] as? [String: Any])?["name"] as? String == "Jordan Quillfeather")
        let inboxB = try app.get("/api/v1/referrals", key: coordinatorB)
        #expect((inboxB.jsonObject["data"] as? [Any])?.isEmpty == true)
        // Reading personal data is audited.
        let audit = try app.get("/api/v1/audit?action=referral.read&target_id=\(id)", key: admin)
        #expect((audit.jsonObject["data"] as? [Any])?.count == 1)
    }

    @Test func partnersSeeOnlyWhatTheirKeySent() throws {
        let partner = try app.key("partner", organization: "beta")
        let other = try app.key("partner", organization: "beta")
        let r = try referral(group: groupA, extra: ["referrer_type": "clinician", "referrer_name": "Dr. Example"], key: partner)
        #expect(r.status == 201, "\(r.text)")
        let id = r.jsonObject["id"] as! Int
        #expect(try app.get("/api/v1/referrals/\(id)", key: partner).status == 200)
        #expect(try app.get("/api/v1/referrals/\(id)", key: other).status == 404)
        #expect((try app.get("/api/v1/referrals", key: other).jsonObject["data"] as? [Any])?.isEmpty == true)
        #expect(try app.send("POST", "/api/v1/referrals/\(id)/status", key: partner, json: ["status": "contacted"]).status == 403)
        // Anonymous clinicians are refused: clinics use keys.
        #expect(try referral(group: groupA, extra: ["referrer_type": "clinician", "referrer_name": "Dr. X"]).status == 422)
    }

    /// The console's inbox shows whom each referral is about (a first name, the number to text when
    /// texts are preferred) only when asked, only to the organization that runs the group, each row an audited read.
    @Test func theInboxOpensFirstNamesOnlyWhenAskedAndAuditsEach() throws {
        let texter = try referral(group: groupA, extra: ["preferred_contact_method": "text", "language": "es"]).jsonObject["id"] as! Int
        let caller = try referral(group: groupA, name: "Sam Oakhurst").jsonObject["id"] as! Int
        let coordinator = try app.key("coordinator", organization: "alpha")
        let plain = try app.get("/api/v1/referrals", key: coordinator)
        #expect(!plain.text.contains("Jordan") && !plain.text.contains("555-0123"))
        let rows = try app.get("/api/v1/referrals?contact=true", key: coordinator).jsonObject["data"] as! [[String: Any]]
        let byId = Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as! Int, $0) })
        #expect((byId[texter]?["contact"] as? [String: Any])?["first_name"] as? String == "Jordan")
        #expect((byId[texter]?["contact"] as? [String: Any])?["text_to"] as? String == "555-0123")
        #expect(byId[texter]?["language"] as? String == "es")
        #expect((byId[caller]?["contact"] as? [String: Any])?["first_name"] as? String == "Sam")
        #expect((byId[caller]?["contact"] as? [String: Any])?["text_to"] == nil, "a phone caller is not offered a text")
        for id in [texter, caller] {
            let audit = try app.get("/api/v1/audit?action=referral.read_contact&target_id=\(id)", key: admin)
            #expect((audit.jsonObject["data"] as? [Any])?.count == 1, "referral \(id)")
        }
        // A partner's key that sent a referral lists it, but opens no one's name from the list.
        let partner = try app.key("partner", organization: "beta")
        #expect(try referral(group: groupA, extra: ["referrer_type": "clinician", "referrer_name": "Dr. Example"], key: partner).status == 201)
        let sent = try app.get("/api/v1/referrals?contact=true", key: partner)
        #expect(sent.status == 200 && !sent.text.contains("Jordan") && !sent.text.contains("first_name"))
        #expect(try app.get("/api/v1/referrals?contact=maybe", key: coordinator).status == 400)
    }

    @Test func internalNotesStayWithTheOrganizationAndSharedNotesReachThePartner() throws {
        let partner = try app.key("partner", organization: "beta")
        let coordinator = try app.key("coordinator", organization: "alpha")
        let sent = try referral(group: groupA, extra: ["referrer_type": "clinician", "referrer_name": "Dr. Example"], key: partner)
        let id = try #require(sent.jsonObject["id"] as? Int)
        let internalNote = "Spoke of her brother's drinking; call after 6"
        let sharedNote = "We are in touch; first meeting on Tuesday"
        let moved = try app.send(
            "POST", "/api/v1/referrals/\(id)/status", key: coordinator, json: ["status": "contacted", "note": internalNote, "shared_note": sharedNote])
        #expect(moved.status == 200, "\(moved.text)")
        // The organization reads both, each in its own field.
        let own = try app.get("/api/v1/referrals/\(id)", key: coordinator).jsonObject["history"] as? [[String: Any]] ?? []
        #expect(own.count == 2)
        #expect(own.last?["note"] as? String == internalNote)
        #expect(own.last?["shared_note"] as? String == sharedNote)
        // The partner who sent it reads the shared note and nothing of the internal one.
        let theirs = try app.get("/api/v1/referrals/\(id)", key: partner)
        #expect(theirs.status == 200)
        let events = theirs.jsonObject["history"] as? [[String: Any]] ?? []
        #expect(events.last?["shared_note"] as? String == sharedNote)
        #expect(events.allSatisfy { $0["note"] == nil })
        #expect(!theirs.text.contains("brother"))
        // Both rest sealed; the audit entry says which notes were written, never what they say.
        try app.database.pool.writeWithoutTransaction { try $0.checkpoint(.full) }
        for suffix in ["", "-wal"] {
            let bytes = FileManager.default.contents(atPath: app.directory + "/circles.sqlite" + suffix) ?? Data()
            #expect(bytes.range(of: Data("brother".utf8)) == nil)
            #expect(bytes.range(of: Data("first meeting on Tuesday".utf8)) == nil)
        }
        let audit = try app.get("/api/v1/audit?action=referral.status&target_id=\(id)", key: admin)
        let detail = (audit.jsonObject["data"] as? [[String: Any]])?.first?["detail"] as? String ?? ""
        #expect(detail.contains("internal note") && detail.contains("note shared with the referrer"), "\(detail)")
        #expect(!audit.text.contains("brother") && !audit.text.contains("Tuesday"))
        // Retention erases shared notes with the rest.
        #expect(try app.send("POST", "/api/v1/referrals/\(id)/status", key: coordinator, json: ["status": "closed"]).status == 200)
        #expect(try Retention.purge(app.database, days: 180, now: Date().addingTimeInterval(181 * 86_400)) == 1)
        let erased = try app.get("/api/v1/referrals/\(id)", key: coordinator).jsonObject["history"] as? [[String: Any]] ?? []
        #expect(erased.allSatisfy { $0["note"] == nil && $0["shared_note"] == nil })
    }

    @Test func workflowAllowsOnlyItsTransitions() throws {
        let created = try referral(group: groupA)
        let id = created.jsonObject["id"] as! Int
        let token = (created.jsonObject["status_api"] as! String)
        let coordinator = try app.key("coordinator", organization: "alpha")
        func move(_ status: String) throws -> Int {
            try app.send("POST", "/api/v1/referrals/\(id)/status", key: coordinator, json: ["status": status, "note": "Called at 5pm"]).status
        }
        #expect(try move("enrolled") == 409)
        #expect(try move("contacted") == 200)
        #expect(try move("new") == 409)
        #expect(try move("withdrawn") == 409)
        let status = try app.get(token)
        #expect(status.jsonObject["status"] as? String == "contacted")
        #expect(!status.text.contains("Quillfeather"))
        #expect(!status.text.contains("Called at 5pm"))
        #expect((status.jsonObject["history"] as? [Any])?.count == 2)
        #expect(try app.send("POST", token + "/withdraw").status == 200)
        #expect(try app.get(token).jsonObject["status"] as? String == "withdrawn")
        #expect(try app.send("POST", token + "/withdraw").status == 409)
        #expect(try move("closed") == 200)
        #expect(try app.get("/api/v1/referral-status/not-a-real-token-at-all").status == 404)
        let detail = try app.get("/api/v1/referrals/\(id)", key: coordinator)
        let history = detail.jsonObject["history"] as? [[String: Any]] ?? []
        #expect(history.map { $0["to_status"] as? String } == ["new", "contacted", "withdrawn", "closed"])
        #expect(history[1]["note"] as? String == "Called at 5pm")
        // The status token never reaches the access log.
        #expect(!app.log.text.contains(String(token.split(separator: "/").last!)))
    }

    @Test func enrollingTakesAnOpenSeatAndLeavingGivesItBack() throws {
        #expect(try app.change("PATCH", "/api/v1/groups/\(groupA)", key: admin, json: ["capacity": 8, "open_seats": 2]).status == 200)
        func seats(_ group: Int) throws -> Int? { try app.get("/api/v1/groups/\(group)").jsonObject["open_seats"] as? Int }
        func move(_ id: Int, _ status: String) throws {
            let r = try app.send("POST", "/api/v1/referrals/\(id)/status", key: admin, json: ["status": status])
            #expect(r.status == 200, "\(status): \(r.text)")
        }
        let id = try #require(try referral(group: groupA).jsonObject["id"] as? Int)
        let etag = try app.get("/api/v1/groups/\(groupA)").headers["ETag"]
        try move(id, "contacted")
        #expect(try seats(groupA) == 2)
        try move(id, "enrolled")
        #expect(try seats(groupA) == 1, "enrolled: one seat fewer")
        #expect(try app.get("/api/v1/groups/\(groupA)").headers["ETag"] != etag, "a new version, so caches see it")
        try move(id, "attended")
        #expect(try seats(groupA) == 1, "going to meetings keeps the seat")
        try move(id, "closed")
        #expect(try seats(groupA) == 2, "the referral ended: the seat is open again")
        // A group that does not track seats is left alone.
        let other = try #require(try referral(group: groupB).jsonObject["id"] as? Int)
        try move(other, "contacted")
        try move(other, "enrolled")
        #expect(try seats(groupB) == nil)
    }

    @Test func urgentAndCrisisLanguageBringGuidance() throws {
        let calm = try referral(group: groupA, note: "Likes gardening")
        #expect(calm.jsonObject["crisis_guidance"] == nil)
        let crisis = try referral(group: groupA, note: "Has talked about suicide lately")
        #expect(crisis.text.contains("988"))
        let urgent = try referral(group: groupA, urgent: true)
        #expect(urgent.text.contains("911"))
        let coordinator = try app.key("coordinator", organization: "alpha")
        let inbox = try app.get("/api/v1/referrals", key: coordinator).jsonObject["data"] as! [[String: Any]]
        #expect(inbox.first?["urgent"] as? Bool == true)
        #expect(inbox.contains { $0["crisis_flag"] as? Bool == true })
    }

    @Test func aNoteInCrisisIsUrgentEverywhereAnUrgentReferralIs() throws {
        let calm = try referral(group: groupA, note: "Prefers evenings")
        #expect(calm.status == 201)
        #expect((calm.jsonObject["what_happens_next"] as? String)?.contains("within a few days") == true)
        let crisis = try referral(group: groupA, note: "Dice que quiero morir, no quiero vivir así")
        #expect(crisis.status == 201)
        // An urgent referral is not promised "within a few days".
        let next = try #require(crisis.jsonObject["what_happens_next"] as? String)
        #expect(!next.contains("within a few days") && next.contains("urgent") && next.contains("988"))
        let coordinator = try app.key("coordinator", organization: "alpha")
        let inbox = try app.get("/api/v1/referrals", key: coordinator).jsonObject["data"] as! [[String: Any]]
        #expect(inbox.first?["id"] as? Int == crisis.jsonObject["id"] as? Int)
        #expect(inbox.first?["urgent"] as? Bool == true && inbox.first?["crisis_flag"] as? Bool == true)
        let urgentOnly = try app.get("/api/v1/referrals?urgent=true", key: coordinator).jsonObject["data"] as! [[String: Any]]
        #expect(urgentOnly.map { $0["id"] as? Int } == [crisis.jsonObject["id"] as? Int])
    }

    @Test func consentContactAndBotsAreChecked() throws {
        let missing = try referral(group: groupA, extra: ["consent": false, "person_phone": NSNull()])
        #expect(missing.status == 422)
        let fields = ((missing.jsonObject["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
        #expect(fields.contains("consent"))
        #expect(fields.contains("person_phone"))
        let bot = try referral(group: groupA, name: "Bot McBotface", extra: ["website": "http://spam.example"])
        #expect(bot.status == 202)
        let coordinator = try app.key("coordinator", organization: "alpha")
        #expect((try app.get("/api/v1/referrals", key: coordinator).jsonObject["data"] as? [Any])?.isEmpty == true)
    }

    @Test func retriesWithTheSameKeyCreateOnce() throws {
        let first = try referral(group: groupB, headers: [("Idempotency-Key", "referral-1")])
        let second = try referral(group: groupB, headers: [("Idempotency-Key", "referral-1")])
        #expect(first.status == 201)
        #expect(first.jsonObject["id"] as? Int == second.jsonObject["id"] as? Int, "\(second.status) \(second.text)")
        let coordinator = try app.key("coordinator", organization: "beta")
        #expect((try app.get("/api/v1/referrals", key: coordinator).jsonObject["data"] as? [Any])?.count == 1)
    }

    @Test func selfReferralsAreRateLimited() throws {
        var statuses: [Int] = []
        for _ in 0..<8 { statuses.append(try referral(group: groupA).status) }
        #expect(statuses.prefix(5).allSatisfy { $0 == 201 })
        #expect(statuses.last == 429)
        let limited = try referral(group: groupA)
        #expect(Int(limited.headers["Retry-After"] ?? "") ?? 0 >= 1)
    }

    @Test func purgeErasesPersonalDataAndKeepsHistory() throws {
        let id = try referral(group: groupA).jsonObject["id"] as! Int
        let coordinator = try app.key("coordinator", organization: "alpha")
        _ = try app.send("POST", "/api/v1/referrals/\(id)/status", key: coordinator, json: ["status": "declined"])
        #expect(try Retention.purge(app.database, days: 180) == 0)
        #expect(try Retention.purge(app.database, days: 180, now: Date().addingTimeInterval(181 * 86_400)) == 1)
        let detail = try app.get("/api/v1/referrals/\(id)", key: coordinator)
        #expect(detail.jsonObject["person"] == nil)
        #expect((detail.jsonObject["history"] as? [Any])?.count == 2)
    }

    @Test func coordinatorsSignInWithCookiesAndCSRF() throws {
        _ = try Accounts.add(
            in: app.database, email: "sam@alpha.example.org", name: "Sam", role: "coordinator", organizationSlug: "alpha", password: "correct horse battery")
        #expect(try app.send("POST", "/api/v1/auth/login", json: ["email": "sam@alpha.example.org", "password": "wrong password!"]).status == 401)
        let login = try app.send("POST", "/api/v1/auth/login", json: ["email": "sam@alpha.example.org", "password": "correct horse battery"])
        #expect(login.status == 200)
        let cookie = try #require(login.headers["Set-Cookie"])
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        let token = String(cookie.split(separator: ";")[0])
        let csrf = login.jsonObject["csrf_token"] as! String
        let id = try referral(group: groupA).jsonObject["id"] as! Int
        #expect(try app.get("/api/v1/referrals/\(id)", headers: [("Cookie", token)]).status == 200)
        #expect(try app.send("POST", "/api/v1/referrals/\(id)/status", json: ["status": "contacted"], headers: [("Cookie", token)]).status == 403)
        #expect(
            try app.send("POST", "/api/v1/referrals/\(id)/status", json: ["status": "contacted"], headers: [("Cookie", token), ("X-CSRF-Token", csrf)]).status
                == 200)
        #expect(try app.send("POST", "/api/v1/auth/logout", headers: [("Cookie", token), ("X-CSRF-Token", csrf)]).status == 204)
        #expect(try app.get("/api/v1/referrals/\(id)", headers: [("Cookie", token)]).status == 401)
        let audit = try app.get("/api/v1/audit?action=login.failed", key: admin)
        #expect((audit.jsonObject["data"] as? [Any])?.count == 1)
    }

    /// A route open to anyone that identifies a caller who sends credentials still asks a browser
    /// session's writes for the CSRF token: a referral sent with a coordinator's cookie, signing out.
    @Test func sessionWritesToPublicRoutesNeedTheCSRFToken() throws {
        _ = try Accounts.add(
            in: app.database, email: "sam@alpha.example.org", name: "Sam", role: "coordinator", organizationSlug: "alpha", password: "correct horse battery")
        let login = try app.send("POST", "/api/v1/auth/login", json: ["email": "sam@alpha.example.org", "password": "correct horse battery"])
        let cookie = ("Cookie", String(try #require(login.headers["Set-Cookie"]).split(separator: ";")[0]))
        let csrf = ("X-CSRF-Token", login.jsonObject["csrf_token"] as? String ?? "")
        #expect(try referral(group: groupA, headers: [cookie]).status == 403)
        let sent = try referral(group: groupA, headers: [cookie, csrf])
        #expect(sent.status == 201, "\(sent.text)")
        // Sent by the session's user, so the audit log names them.
        let audit = try app.get("/api/v1/audit?action=referral.create&target_id=\(sent.jsonObject["id"] as? Int ?? 0)", key: admin)
        #expect((audit.jsonObject["data"] as? [[String: Any]])?.first?["actor"] as? String == "user:1")
        #expect(try app.send("POST", "/api/v1/auth/logout", headers: [cookie]).status == 403)
        #expect(try app.get("/api/v1/auth/session", headers: [cookie]).status == 200)
        #expect(try app.send("POST", "/api/v1/auth/logout", headers: [cookie, csrf]).status == 204)
        #expect(try app.get("/api/v1/auth/session", headers: [cookie]).status == 401)
        // Without a session, anyone may sign out: nothing happens.
        #expect(try app.send("POST", "/api/v1/auth/logout").status == 204)
    }

    /// A move decided on a status that changed meanwhile is refused by the store and writes nothing
    /// (no event, no audit entry, no webhook event); deciding once more on the current status works.
    @Test func aMoveDecidedOnAStaleStatusWritesNothing() throws {
        let id = Int64(try referral(group: groupA).jsonObject["id"] as! Int)
        let referral = try #require(try app.database.referral(id: id))
        let audit = AuditEntry(actor: "test", action: "referral.status", targetType: "referral", targetId: String(id))
        let move = { (from: ReferralStatus) in
            try app.database.moveReferral(
                id: id, from: from, to: .contacted, actor: "test", note: nil, audit: audit,
                announce: WebhookEvents.statusChanged(referral, from: from, to: .contacted))
        }
        #expect(throws: StoreFailure.stateChanged) { try move(.waitlisted) }
        #expect(try app.database.referral(id: id)?.status == .new)
        #expect(try app.database.auditEntries(beforeId: nil, limit: 10, action: "referral.status", targetType: nil, targetId: nil).isEmpty)
        #expect(try move(.new).status == .contacted)
        #expect(try app.database.readReferral(id: id, mayRead: { _ in true }, audit: audit).1.map(\.toStatus) == [.new, .contacted])
        #expect(throws: StoreFailure.notFound) {
            try app.database.readReferral(id: id, mayRead: { _ in false }, audit: audit)
        }
    }

    @Test func aDecisionIsMadeOnceMoreWhenTheRecordChangedMeanwhile() throws {
        var attempts = 0
        let value = try API.decidingOnCurrentState { () throws -> Int in
            attempts += 1
            if attempts == 1 { throw StoreFailure.stateChanged }
            return attempts
        }
        #expect(value == 2)
        attempts = 0
        #expect(throws: StoreFailure.stateChanged) {
            try API.decidingOnCurrentState { () throws -> Int in
                attempts += 1
                throw StoreFailure.stateChanged
            }
        }
        #expect(attempts == 2)
        let refusal = API.translate(StoreFailure.stateChanged) as? HTTPError
        #expect(refusal?.status == 409)
    }
}
