import Foundation
import HTTPServer
import TestSupport
import Testing

/// A handler's 200 with validators is answered 304 by the server when the request's conditions match,
/// and the 304 carries what the 200 would have told caches (RFC 9110 §15.4.5).
@Suite struct ConditionalGetTests {
    static let lastModified = HTTPDate.format(1_700_000_000)

    static func server() throws -> RunningServer {
        let router = makeTestRouter { router in
            router.get("/versioned") { _ in
                var response = Response.json(jsonBytes(4000))
                response.headers.add("ETag", "\"v7\"")
                response.headers.add("Last-Modified", lastModified)
                response.headers.add("Cache-Control", "private, no-cache")
                response.headers.add("Content-Location", "/versioned/7")
                response.headers.add("Vary", "Authorization")
                response.headers.add("Link", "</other>; rel=\"alternate\"")
                return response
            }
            router.get("/dated") { _ in
                var response = Response.text("dated")
                response.headers.add("Last-Modified", lastModified)
                response.headers.add("Cache-Control", "public, max-age=900")
                return response
            }
        }
        return try RunningServer(router: router)
    }

    @Test func a304CarriesTheHeadersThe200WouldHave() throws {
        let running = try Self.server()
        defer { running.stop() }
        let full = try TestHTTP.get(running.port, "/versioned", headers: [("Accept-Encoding", "gzip")])
        #expect(full.status == 200 && full.headers["ETag"] == "\"v7-gz\"")
        for (tag, expected) in [("\"v7\"", "\"v7\""), ("\"v7-gz\"", "\"v7-gz\""), ("W/\"v7\"", "\"v7\""), ("\"v6\", \"v7-gz\"", "\"v7-gz\"")] {
            let r = try TestHTTP.get(running.port, "/versioned", headers: [("If-None-Match", tag), ("Accept-Encoding", "gzip")])
            #expect(r.status == 304, "\(tag)")
            #expect(r.body.isEmpty)
            #expect(r.headers["ETag"] == expected, "\(tag)")
            #expect(r.headers["Cache-Control"] == "private, no-cache")
            #expect(r.headers["Content-Location"] == "/versioned/7")
            #expect(r.headers["Last-Modified"] == Self.lastModified)
            #expect(r.headers.hasToken("Authorization", in: "Vary") && r.headers.hasToken("Accept-Encoding", in: "Vary"))
            #expect(r.headers["Link"] != nil)
            #expect(r.headers["Content-Type"] == nil && r.headers["Content-Encoding"] == nil)
        }
        #expect(try TestHTTP.get(running.port, "/versioned", headers: [("If-None-Match", "\"v6\"")]).status == 200)
        // If-None-Match wins over If-Modified-Since (RFC 9110 §13.1.3).
        let both = try TestHTTP.get(running.port, "/versioned", headers: [("If-None-Match", "\"v6\""), ("If-Modified-Since", Self.lastModified)])
        #expect(both.status == 200)
    }

    @Test func ifModifiedSinceIsAnsweredFromLastModified() throws {
        let running = try Self.server()
        defer { running.stop() }
        for (since, status) in [(Self.lastModified, 304), (HTTPDate.format(1_800_000_000), 304), (HTTPDate.format(1_600_000_000), 200), ("yesterday", 200)] {
            let r = try TestHTTP.get(running.port, "/dated", headers: [("If-Modified-Since", since)])
            #expect(r.status == status, "\(since)")
            if status == 304 { #expect(r.headers["Cache-Control"] == "public, max-age=900" && r.headers["Last-Modified"] == Self.lastModified) }
        }
        // Only GET and HEAD are answered 304; an answer without validators never is.
        #expect(try TestHTTP.get(running.port, "/fast", headers: [("If-None-Match", "*"), ("If-Modified-Since", Self.lastModified)]).status == 200)
    }
}
