import Foundation
import TestSupport
import Testing

@testable import Circles

/// A 422 names the field and the rule, never the value, and stays small whatever the body.
@Suite struct ValidationEchoTests {
    @Test func errorsDoNotEchoValuesAndAreCapped() throws {
        let app = try TestApp()
        let admin = try app.key()
        let organization = try app.makeOrganization("alpha", key: admin)
        let hostile = "\u{1b}[31mzz-SECRET-ish"
        let r = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: [
                "organization_id": organization, "name": "Alpha Circle", "format": "in_person", "time_zone": "America/Chicago",
                "languages": ["en", hostile],
            ])
        #expect(r.status == 422)
        #expect(!r.text.contains("SECRET"), "the value is echoed: \(r.text)")
        #expect((r.jsonObject["errors"] as? [[String: Any]])?.first?["field"] as? String == "languages")

        var many: [String: Any] = ["name": "x"]
        for n in 0..<2_000 { many["unknown_\(n)_" + String(repeating: "k", count: 300)] = n }
        let big = try app.send("POST", "/api/v1/organizations", key: admin, json: many)
        #expect(big.status == 422)
        #expect(big.body.count < 32 * 1024, "a 422 of \(big.body.count) bytes")
        #expect((big.jsonObject["errors"] as? [Any])?.count == JSONBody.maxErrors)
    }
}
