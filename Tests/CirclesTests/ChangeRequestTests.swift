import Foundation
import GRDB
import Store
import TestSupport
import Testing

@testable import Circles

/// Suggested corrections: sent by anyone (validated, trapped, rate limited, reply address sealed),
/// worked only by the group's organization, applied in one step or dismissed, every decision audited.
///
/// Suggestions are limited to a burst of 5 per address and every test client is 127.0.0.1, so each
/// test sends at most 5 before the one that checks the limit.
@Suite struct ChangeRequestTests {
    let app: TestApp
    let admin: String
    let groupA: Int
    let groupB: Int

    init() throws {
        app = try TestApp()
        admin = try app.key()
        let a = try app.makeOrganization("alpha", key: admin)
        let b = try app.makeOrganization("beta", key: admin)
        groupA =
            try app.send(
                "POST", "/api/v1/groups", key: admin,
                json: [
                    "organization_id": a, "name": "Alpha Online", "format": "online", "online_url": "https://meet.example.org/old",
                    "time_zone": "America/Chicago",
                ]
            ).jsonObject["id"] as! Int
        groupB =
            try app.send(
                "POST", "/api/v1/groups", key: admin,
                json: [
                    "organization_id": b, "name": "Beta Circle", "format": "in_person", "time_zone": "America/Chicago",
                ]
            ).jsonObject["id"] as! Int
    }

    func suggest(_ group: Int, _ body: [String: Any]) throws -> ClientResponse {
        try app.send("POST", "/api/v1/groups/\(group)/change-requests", json: body)
    }

    func fields(_ r: ClientResponse) -> Set<String> {
        Set((r.jsonObject["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
    }

    func queue(_ key: String, _ query: String = "") throws -> [[String: Any]] {
        let r = try app.get("/api/v1/change-requests" + query, key: key)
        #expect(r.status == 200, "\(r.text)")
        return r.jsonObject["data"] as? [[String: Any]] ?? []
    }

    @Test func theQueueBelongsToTheGroupsOrganizationOnly() throws {
        let sent = try suggest(
            groupA,
            [
                "kind": "online_link", "proposed_value": "https://meet.example.org/new",
                "details": "The old room link says it expired.", "reply_email": "quill.reader@example.net",
            ])
        #expect(sent.status == 201, "\(sent.text)")
        let id = try #require(sent.jsonObject["id"] as? Int)
        let coordinatorA = try app.key("coordinator", organization: "alpha")
        let coordinatorB = try app.key("coordinator", organization: "beta")
        let partnerA = try app.key("partner", organization: "alpha")

        // Another organization's coordinator sees nothing: an empty queue, and 404 for the request itself.
        #expect(try queue(coordinatorB).isEmpty)
        #expect(try queue(coordinatorB, "?group_id=\(groupA)").isEmpty)
        for (method, path) in [("GET", ""), ("POST", "/apply"), ("POST", "/dismiss")] {
            let r = try app.send(method, "/api/v1/change-requests/\(id)\(path)", key: coordinatorB)
            #expect(r.status == 404, "\(method) \(path): \(r.text)")
            #expect(!r.text.contains("quill.reader"))
        }
        #expect(try app.get("/api/v1/change-requests").status == 401)
        #expect(try app.get("/api/v1/change-requests", key: partnerA).status == 403)
        #expect(try app.get("/api/v1/change-requests/\(id)", key: partnerA).status == 403)

        // The organization's queue shows it without the reply address; the single read shows it and is audited.
        let listed = try queue(coordinatorA, "?status=open")
        #expect(listed.map { $0["id"] as? Int } == [id])
        #expect(listed.first?["has_reply_email"] as? Bool == true)
        #expect(listed.first?["reply_email"] == nil || listed.first?["reply_email"] is NSNull)
        #expect(!(try app.get("/api/v1/change-requests", key: coordinatorA).text.contains("quill.reader")))
        let detail = try app.get("/api/v1/change-requests/\(id)", key: coordinatorA)
        #expect(detail.jsonObject["reply_email"] as? String == "quill.reader@example.net")
        #expect(try queue(admin).count == 1)
        let reads = try app.get("/api/v1/audit?action=change_request.read", key: admin).jsonObject["data"] as? [[String: Any]] ?? []
        #expect(reads.count == 1)

        // Applying puts the suggested link on the group in one step, and records who did it.
        let applied = try app.send("POST", "/api/v1/change-requests/\(id)/apply", key: coordinatorA, json: ["note": "Thanks!"])
        #expect(applied.status == 200, "\(applied.text)")
        #expect(applied.jsonObject["status"] as? String == "applied")
        #expect(applied.jsonObject["decided_by"] as? String != nil)
        #expect(try app.get("/api/v1/groups/\(groupA)").jsonObject["online_url"] as? String == "https://meet.example.org/new")
        #expect(try app.send("POST", "/api/v1/change-requests/\(id)/apply", key: coordinatorA).status == 409)
        #expect(try app.send("POST", "/api/v1/change-requests/\(id)/dismiss", key: coordinatorA).status == 409)
        let audit = try app.get("/api/v1/audit?action=change_request.apply", key: admin).jsonObject["data"] as? [[String: Any]] ?? []
        #expect(audit.count == 1)
        #expect(audit.first?["target_id"] as? String == String(id))
        #expect((audit.first?["detail"] as? String ?? "").contains("online_url"))
        #expect(try queue(coordinatorA, "?status=open").isEmpty)
        #expect(try queue(coordinatorA, "?status=applied").count == 1)
    }

    @Test func applyingAndDismissing() throws {
        let coordinator = try app.key("coordinator", organization: "alpha")
        let time = try suggest(groupA, ["kind": "time", "proposed_value": "Thursdays at 7 pm"]).jsonObject["id"] as! Int
        let gone = try suggest(groupA, ["kind": "no_longer_meets"]).jsonObject["id"] as! Int
        let other = try suggest(groupA, ["kind": "other", "details": "The description mentions the wrong town."]).jsonObject["id"] as! Int
        // A time lives in the schedules: applying needs the changes spelled out (or {} once the schedule is fixed).
        let vague = try app.send("POST", "/api/v1/change-requests/\(time)/apply", key: coordinator)
        #expect(vague.status == 422)
        #expect(fields(vague) == ["changes"])
        let badChange = try app.send(
            "POST", "/api/v1/change-requests/\(time)/apply", key: coordinator, json: ["changes": ["format": "underwater", "colour": "red"]])
        #expect(badChange.status == 422)
        #expect(fields(badChange) == ["changes.format", "changes.colour"])
        #expect(try app.send("POST", "/api/v1/change-requests/\(time)/apply", key: coordinator, json: ["changes": [String: Any]()]).status == 200)
        let fixed = try app.send(
            "POST", "/api/v1/change-requests/\(other)/apply", key: coordinator, json: ["changes": ["description": "Meets in Springfield."]])
        #expect(fixed.status == 200, "\(fixed.text)")
        #expect(try app.get("/api/v1/groups/\(groupA)").jsonObject["description"] as? String == "Meets in Springfield.")
        // Dismissing keeps the group as it was.
        let dismissed = try app.send("POST", "/api/v1/change-requests/\(gone)/dismiss", key: coordinator, json: ["note": "It still meets."])
        #expect(dismissed.jsonObject["status"] as? String == "dismissed")
        #expect(dismissed.jsonObject["decision_note"] as? String == "It still meets.")
        #expect(try app.get("/api/v1/groups/\(groupA)").jsonObject["status"] as? String == "active")
        let audit = try app.get("/api/v1/audit?action=change_request.dismiss", key: admin).jsonObject["data"] as? [[String: Any]] ?? []
        #expect(audit.first?["actor"] as? String == "key:2")
    }

    @Test func publicInputIsCheckedTrappedSealedAndLimited() throws {
        let bad = try suggest(groupA, ["kind": "colour", "reply_email": "not an address", "details": String(repeating: "x", count: 1001), "extra": 1])
        #expect(bad.status == 422)
        #expect(fields(bad) == ["kind", "reply_email", "details", "extra"])
        #expect(fields(try suggest(groupA, ["kind": "place"])) == ["proposed_value"])
        // The bot trap: answered as if accepted, nothing kept.
        let trapped = try suggest(groupA, ["kind": "other", "details": "buy now", "website": "https://spam.example"])
        #expect(trapped.status == 202)
        #expect(try app.database.pool.read { try ChangeRequestRecord.fetchCount($0) } == 0)
        // The reply address is sealed at rest and never logged.
        #expect(try suggest(groupA, ["kind": "contact", "proposed_value": "555-0199", "reply_email": "quill.reader@example.net"]).status == 201)
        try app.database.pool.writeWithoutTransaction { try $0.checkpoint(.full) }
        for suffix in ["", "-wal"] {
            let bytes = FileManager.default.contents(atPath: app.directory + "/circles.sqlite" + suffix) ?? Data()
            #expect(bytes.range(of: Data("quill.reader".utf8)) == nil, "found in circles.sqlite\(suffix)")
        }
        #expect(!app.log.text.contains("quill.reader"))
        // An archived or unknown group takes none, and, like every refused post, uses up none of the
        // limit: the sixth answered in a burst is refused.
        #expect(try suggest(999_999, ["kind": "no_longer_meets"]).status == 404)
        for _ in 1...3 { #expect(try suggest(groupB, ["kind": "no_longer_meets"]).status == 201) }
        let limited = try suggest(groupB, ["kind": "no_longer_meets"])
        #expect(limited.status == 429)
        #expect(limited.headers["Retry-After"] != nil)
    }

    @Test func replyAddressesAreErasedAfterTheRetentionPeriod() throws {
        let id = try suggest(groupA, ["kind": "contact", "proposed_value": "hello@example.org", "reply_email": "a@example.net"]).jsonObject["id"] as! Int
        let coordinator = try app.key("coordinator", organization: "alpha")
        #expect(try app.send("POST", "/api/v1/change-requests/\(id)/apply", key: coordinator).status == 200)
        #expect(try app.get("/api/v1/groups/\(groupA)").jsonObject["contact_email"] as? String == "hello@example.org")
        try Retention.purge(app.database, days: 30, now: Date().addingTimeInterval(29 * 86_400))
        #expect(try app.get("/api/v1/change-requests/\(id)", key: coordinator).jsonObject["reply_email"] as? String == "a@example.net")
        try Retention.purge(app.database, days: 30, now: Date().addingTimeInterval(31 * 86_400))
        #expect(try app.get("/api/v1/change-requests/\(id)", key: coordinator).jsonObject["has_reply_email"] as? Bool == false)
    }
}
