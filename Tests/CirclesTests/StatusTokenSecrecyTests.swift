import Foundation
import HTTPServer
import TestSupport
import Testing

@testable import Circles

/// A referral's status token is a secret shown once: it never rests in clear text in the database or
/// its WAL (not even in the answer kept for `Idempotency-Key` retries), and never reaches the access
/// log, whatever the request under its path.
@Suite struct StatusTokenSecrecyTests {
    let app: TestApp
    let group: Int

    init() throws {
        app = try TestApp()
        let admin = try app.key()
        let organization = try app.makeOrganization("alpha", key: admin)
        let r = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: ["organization_id": organization, "name": "Alpha Circle", "format": "in_person", "time_zone": "America/Chicago"])
        group = try #require(r.jsonObject["id"] as? Int)
    }

    func refer(idempotencyKey: String) throws -> ClientResponse {
        try app.send(
            "POST", "/api/v1/referrals",
            json: [
                "group_id": group, "person_name": "Robin Example", "person_phone": "555-0100", "preferred_contact_method": "phone",
                "referrer_type": "self", "consent": true, "consent_version": "2026-11",
            ], headers: [("Idempotency-Key", idempotencyKey)])
    }

    func token(_ response: ClientResponse) throws -> String {
        try #require((response.jsonObject["status_url"] as? String)?.split(separator: "/").last.map(String.init))
    }

    @Test func theKeptAnswerHoldsNoUsableToken() throws {
        let first = try refer(idempotencyKey: "form-submit-1")
        #expect(first.status == 201)
        let token = try token(first)
        // Before and after a checkpoint: neither the WAL nor the main file holds the token.
        for checkpoint in [false, true] {
            if checkpoint { try app.database.pool.writeWithoutTransaction { try $0.checkpoint(.full) } }
            for suffix in ["", "-wal"] {
                let bytes = FileManager.default.contents(atPath: app.directory + "/circles.sqlite" + suffix) ?? Data()
                #expect(bytes.range(of: Data(token.utf8)) == nil, "the token is in circles.sqlite\(suffix)")
            }
        }
        let retry = try refer(idempotencyKey: "form-submit-1")
        #expect(retry.status == 201)
        #expect(retry.headers["Idempotent-Replayed"] == "true")
        #expect(try self.token(retry) == token, "a retry still gets the same status link")
        #expect(try app.get("/api/v1/referral-status/\(token)").status == 200)
    }

    @Test func noRequestUnderAStatusPathLogsTheToken() throws {
        let token = try token(try refer(idempotencyKey: "form-submit-2"))
        let requests: [(String, String, [UInt8])] = [
            ("GET", "/api/v1/referral-status/\(token)", []),
            ("OPTIONS", "/api/v1/referral-status/\(token)", []),
            ("GET", "/api/v1/referral-status/\(token)/extra", []),
            ("DELETE", "/api/v1/referral-status/\(token)", []),
            ("PUT", "/api/v1/referral-status/\(token)/withdraw", []),
            ("POST", "/api/v1/referral-status/\(token)/withdraw", [UInt8](repeating: 32, count: 4096)),
            ("GET", "/api/v1/referral-status/\(token)%zz", []),
            ("GET", "/referrals/status/\(token)", []),
            ("OPTIONS", "/referrals/status/\(token)", []),
            ("GET", "/referrals/status/\(token)/extra", []),
            ("POST", "/referrals/status/\(token)", []),
        ]
        for (method, target, body) in requests {
            _ = try TestHTTP.send(app.port, method, target, body: body)
        }
        // The access log is flushed once per loop turn, just after the answer is written.
        var lines: [String] = []
        for _ in 0..<200 {
            lines = app.log.lines.filter { $0.contains("status/") }
            if lines.count >= requests.count { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(lines.count >= requests.count, "every request was logged")
        #expect(!app.log.text.contains(token), "the token is in the access log")
        #expect(lines.contains { $0.contains(#""path":"/api/v1/referral-status/*""#) })
    }
}
