import Foundation
import TestSupport
import Testing

@testable import Circles

/// Absolute links come from `--public-url` when it is set, whatever Host a request names
/// (behind a proxy the Host header is the proxy's business); without it, from the Host header.
@Suite struct PublicURLTests {
    /// A GET naming its own Host (the test client would add another).
    func get(_ app: TestApp, _ target: String, host: String) throws -> String {
        let client = try RawClient(port: app.port)
        try client.send("GET \(target) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
        return try client.readResponse().text
    }

    @Test func theConfiguredAddressWinsOverTheHostHeader() throws {
        let app = try TestApp(demo: true) { $0.publicURL = "https://circles.example.org" }
        let proxied = "10.0.0.7:8080"
        let page = try get(app, "/groups/grief-walk-and-talk", host: proxied)
        #expect(page.contains("webcal://circles.example.org/calendars/groups/grief-walk-and-talk.ics"))
        #expect(page.contains("https://circles.example.org/groups/grief-walk-and-talk"))
        #expect(!page.contains("10.0.0.7"))
        #expect(try get(app, "/sitemap.xml", host: proxied).contains("<loc>https://circles.example.org/sitemap.xml?part=groups-1</loc>"))
        let sitemap = try get(app, "/sitemap.xml?part=groups-1", host: proxied)
        #expect(sitemap.contains("<loc>https://circles.example.org/groups/grief-walk-and-talk</loc>"))
        #expect(try get(app, "/robots.txt", host: proxied).contains("Sitemap: https://circles.example.org/sitemap.xml"))
        let group = try app.get("/api/v1/groups/by-slug/grief-walk-and-talk").jsonObject
        let calendar = try get(app, "/api/v1/groups/\(group["id"] as! Int)/calendar.ics", host: proxied)
        #expect(calendar.contains("@circles.example.org"))
        #expect(!calendar.contains("10.0.0.7"))
    }

    @Test func withoutItTheHostHeaderIsUsedAndCheckedStrictly() throws {
        let app = try TestApp(demo: true)
        let page = try get(app, "/groups/grief-walk-and-talk", host: "groups.example.net")
        #expect(page.contains("webcal://groups.example.net/calendars/groups/grief-walk-and-talk.ics"))
        let forged = try get(app, "/sitemap.xml", host: "evil.example\"><script>")
        #expect(!forged.contains("<script>") && forged.contains("<loc>http://localhost/"))
    }
}
