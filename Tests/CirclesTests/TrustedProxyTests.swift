import Foundation
import HTTPServer
import Store
import TestSupport
import Testing

@testable import Circles

/// Behind a trusted proxy each visitor has their own address (rate limits, the audit log); from any
/// other peer `X-Forwarded-For` changes nothing. Every test client connects from 127.0.0.1.
@Suite struct TrustedProxyTests {
    static func feedback(_ app: TestApp, group: Int, from address: String) throws -> Int {
        try app.send("POST", "/api/v1/groups/\(group)/feedback", json: ["rating": 4], headers: [("X-Forwarded-For", address)]).status
    }

    static func group(_ app: TestApp) throws -> Int {
        let admin = try app.key()
        let organization = try app.makeOrganization("alpha", key: admin)
        let r = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: ["organization_id": organization, "name": "Alpha Circle", "format": "in_person", "time_zone": "America/Chicago"])
        return try #require(r.jsonObject["id"] as? Int)
    }

    @Test func behindATrustedProxyEachVisitorHasTheirOwnLimit() throws {
        let app = try TestApp { $0.server.trustedProxies = [IPNetwork("127.0.0.1")!] }
        let group = try Self.group(app)
        for _ in 1...5 { #expect(try Self.feedback(app, group: group, from: "198.51.100.1") == 201) }
        #expect(try Self.feedback(app, group: group, from: "198.51.100.1") == 429, "one visitor's burst is limited")
        #expect(try Self.feedback(app, group: group, from: "198.51.100.2") == 201, "another visitor is not blocked by it")
        // A client cannot pick a new address by prepending to the header: the proxy's entry is the right-most.
        #expect(try Self.feedback(app, group: group, from: "203.0.113.5, 198.51.100.1") == 429)
    }

    @Test func fromAnUntrustedPeerTheHeaderIsIgnored() throws {
        let app = try TestApp()
        let group = try Self.group(app)
        for n in 1...5 { #expect(try Self.feedback(app, group: group, from: "198.51.100.\(n)") == 201) }
        #expect(try Self.feedback(app, group: group, from: "198.51.100.99") == 429, "the header did not make a new visitor")
    }

    @Test func theAuditLogRecordsTheForwardedClient() throws {
        let app = try TestApp { $0.server.trustedProxies = [IPNetwork("127.0.0.0/8")!] }
        // A sign-in runs scrypt, which a busy machine makes slow: wait long for the answer.
        let body = [UInt8](try JSONSerialization.data(withJSONObject: ["email": "nobody@example.org", "password": "wrong"]))
        let r = try RawClient(port: app.port, timeout: 60).request(
            "POST", "/api/v1/auth/login", headers: [("X-Forwarded-For", "198.51.100.7"), ("Content-Type", "application/json")], body: body)
        #expect(r.status == 401)
        let entry = try #require(try app.database.auditEntries(beforeId: nil, limit: 10, action: "login.failed", targetType: nil, targetId: nil).first)
        #expect(entry.address == "198.51.100.7")
    }
}
