import Foundation
import HTTPServer
import TestSupport
import Testing

/// The answers the server keeps and gives again (`SameAnswers`: files and `/healthz`) are, with the
/// application's middlewares, exactly what the routes answer when they run.
@Suite struct KeptAnswerTests {
    /// What a browser sends with a plain GET; none of it changes a file's answer.
    static let browser = [
        ("User-Agent", "Mozilla/5.0"), ("Accept", "*/*"), ("Accept-Language", "es-US,es;q=0.9"),
        ("Sec-Fetch-Mode", "no-cors"), ("Sec-Fetch-Site", "same-origin"), ("Sec-Fetch-Dest", "script"),
    ]

    private func fields(_ response: ClientResponse) -> [String] {
        response.headers.fields.filter { !$0.name.asciiCaseInsensitiveEquals("Date") }.map { "\($0.name): \($0.value)" }.sorted()
    }

    @Test(arguments: ["/healthz", "/js/lib.js", "/css/circles.css", "/favicon.svg", "/openapi.json", "/admin/referrals.html"])
    func aKeptAnswerIsWhatTheRouteAnswers(_ path: String) throws {
        let app = try TestApp()
        for encoding in [[], [("Accept-Encoding", "gzip, deflate, br")]] {
            // One connection: one event loop, which keeps the first answer and gives it again.
            let client = try RawClient(port: app.port)
            let first = try client.request("GET", path, headers: Self.browser + encoding)
            let kept = try client.request("GET", path, headers: Self.browser + encoding)
            // A field no kept answer may skip makes the route run.
            let ran = try client.request("GET", path, headers: Self.browser + encoding + [("X-Probe", "1")])
            #expect(first.status == 200, "\(path)")
            for answer in [kept, ran] {
                #expect(answer.status == first.status, "\(path)")
                #expect(answer.body == first.body, "\(path)")
                #expect(fields(answer) == fields(first), "\(path) \(encoding)")
            }
            #expect(first.headers["Content-Security-Policy"] != nil && first.headers["X-Content-Type-Options"] == "nosniff")
        }
    }

    @Test func aConditionalRequestStillGets304AfterAKeptAnswer() throws {
        let app = try TestApp()
        let client = try RawClient(port: app.port)
        let first = try client.request("GET", "/js/lib.js")
        _ = try client.request("GET", "/js/lib.js")
        let etag = try #require(first.headers["ETag"])
        let revalidated = try client.request("GET", "/js/lib.js", headers: [("If-None-Match", etag)])
        #expect(revalidated.status == 304)
        #expect(revalidated.body.isEmpty)
    }
}
