import Foundation
import GroupViews
import Store
import TestSupport
import Testing

@testable import Circles

/// A cursor is opaque but its text is the client's. Text not of a cursor's form (the pattern in
/// `Public/openapi.json`: 1 to 512 of `A-Za-z0-9_-`) is a 400 naming `cursor`; text of that form that
/// was not given out — not base64 JSON, or JSON this server could not have written — names no page:
/// a 404 naming `cursor`. Never a 500, on every list; an empty cursor is the first page; the search
/// page simply starts at the top.
@Suite struct ForgedCursorTests {
    static func cursor(_ json: String) -> String {
        Data(json.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static let forged: [String] = [
        cursor(#"{"id":1,"ordering":"name","stale":7,"stale_before":"2026-01-01T00:00:00Z","staleBefore":"2026-01-01T00:00:00Z"}"#),
        cursor(#"{"id":1,"ordering":"name","stale":7}"#),
        cursor(#"{"id":-4,"number":1e308,"ordering":"relevance"}"#),
        cursor(#"{"id":1,"ordering":"sideways"}"#),
        cursor(#"{"id":1,"ordering":"name","staleBefore":"not a time"}"#),
        cursor(#"{"date":"0000-00-00","schedule":-1,"start":1e308}"#),
        cursor(#"{"createdAt":"2026-01-01T00:00:00Z","id":1,"urgent":9}"#),
        cursor("-1"), cursor("99999999999999999999"), cursor("[]"), cursor("{}"), cursor("null"), cursor("\"x\""),
        "!!!", "%00", "a%2Fb", String(repeating: "A", count: 600),
    ]

    /// Every list with a `cursor` in the OpenAPI document.
    static let lists = [
        "/api/v1/organizations", "/api/v1/locations", "/api/v1/facilitators", "/api/v1/groups", "/api/v1/groups/1/meetings",
        "/api/v1/groups/1/feedback", "/api/v1/meetings", "/api/v1/referrals", "/api/v1/feedback", "/api/v1/audit",
        "/api/v1/webhooks/1/deliveries", "/api/v1/change-requests",
    ]

    @Test func aForgedCursorIsA400Or404NamingCursorNeverA500() throws {
        let app = try TestApp(demo: true)
        let admin = try app.key()
        for path in Self.lists {
            // A list that is itself missing (no webhook 1 in the demo) answers 404 whatever the cursor.
            let first = try app.get(path, key: admin)
            for text in Self.forged {
                let r = try app.get("\(path)?cursor=\(text)", key: admin)
                let expected = PageCursor.isWellFormed(text) ? 404 : 400
                #expect(r.status == expected || (first.status == 404 && r.status == 404), "\(path) with \(text.prefix(60)): \(r.status) \(r.text.prefix(200))")
                if first.status != 404 { #expect(r.text.contains("\"field\":\"cursor\""), "\(path): \(r.text.prefix(200))") }
            }
            // An empty cursor is the first page.
            let empty = try app.get("\(path)?cursor=", key: admin)
            #expect(empty.status == first.status && empty.text == first.text, "\(path) with an empty cursor: \(empty.status)")
        }
        #expect(try app.get("/api/v1/groups?cursor=\(Self.forged[1])").status == 404, "the stale tier of a forged cursor")
        #expect(!PageCursor.isWellFormed("!!!") && !PageCursor.isWellFormed(String(repeating: "A", count: 513)) && !PageCursor.isWellFormed(""))
        #expect(PageCursor.isWellFormed(String(repeating: "A", count: 512)) && PageCursor.isWellFormed("a-Z_09"))
    }

    /// The same position is the same cursor in every process: keys sorted, not in dictionary order
    /// (which Swift seeds per process). `Tests/contract/check_deterministic.py` compares two processes.
    @Test func aCursorIsWrittenWithItsKeysSorted() throws {
        let position = SearchPosition(ordering: "name", text: "Grief / loss", number: 1.5, id: 42, stale: 0, staleBefore: "2026-01-01T00:00:00Z")
        let cursor = PageCursor.encode(position)
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        let json = String(decoding: try #require(Data(base64Encoded: base64)), as: UTF8.self)
        #expect(json == #"{"id":42,"number":1.5,"ordering":"name","stale":0,"staleBefore":"2026-01-01T00:00:00Z","text":"Grief / loss"}"#)
        #expect(PageCursor.value(cursor, as: SearchPosition.self) == position)
    }

    @Test func theSearchPageStartsAtTheTopForAForgedCursor() throws {
        let app = try TestApp(demo: true)
        for path in ["/search", "/search/results"] {
            for text in Self.forged {
                #expect(try app.get("\(path)?q=grief&cursor=\(text)").status == 200, "\(path) with \(text.prefix(60))")
            }
        }
    }
}
