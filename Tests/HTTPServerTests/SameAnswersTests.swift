import Foundation
import HTTPServer
import TestSupport
import Testing

/// A route marked `sameForEveryone` runs once for a plain request; the same request is then answered
/// from the kept answer, byte for byte the same, and anything that could change the answer runs it again.
@Suite struct SameAnswersTests {
    /// One event loop (each loop keeps its own answers), a counting route that is the same for everyone,
    /// one that is not, and a middleware whose header must be part of the kept answer.
    private func withCountingServer(lifetime: Double = 60, _ body: (RunningServer, Signal, Signal) throws -> Void) throws {
        let same = Signal(), notMarked = Signal()
        try withServer(
            configure: {
                $0.eventLoops = 1
                $0.sameAnswerLifetime = lifetime
            },
            routes: { router in
                router.use { request, next in
                    var response = try next(request)
                    response.headers.add("X-Wrapped", "yes")
                    return response
                }
                router.get("/same", options: RouteOptions(execution: .eventLoop, sameForEveryone: true)) { _ in
                    same.increment()
                    var response = Response.text("the same for everyone, \(String(repeating: "x", count: 2000))")
                    response.headers.add("Cache-Control", "no-store")
                    return response
                }
                router.get("/missing-same", options: RouteOptions(execution: .eventLoop, sameForEveryone: true)) { _ in
                    same.increment()
                    throw HTTPError.notFound()
                }
                router.get("/not-marked", options: RouteOptions(execution: .eventLoop)) { _ in
                    notMarked.increment()
                    return .text("fresh")
                }
            }
        ) { running in try body(running, same, notMarked) }
    }

    private func fieldsWithoutDate(_ response: ClientResponse) -> [String] {
        response.headers.fields.filter { !$0.name.asciiCaseInsensitiveEquals("Date") }.map { "\($0.name): \($0.value)" }
    }

    @Test func aPlainRequestIsAnsweredAgainWithoutRunningTheRoute() throws {
        try withCountingServer { running, same, _ in
            let client = try RawClient(port: running.port)
            let first = try client.request("GET", "/same")
            let second = try client.request("GET", "/same", headers: [("User-Agent", "test"), ("Accept-Language", "es")])
            let third = try RawClient(port: running.port).request("GET", "/same", headers: [("Accept", "*/*"), ("Connection", "keep-alive")])
            // What a reverse proxy adds.
            let proxied = try client.request(
                "GET", "/same", headers: [("X-Forwarded-For", "203.0.113.9"), ("X-Forwarded-Proto", "https"), ("X-Real-IP", "203.0.113.9")])
            #expect(same.count == 1)
            for again in [second, third, proxied] {
                #expect(again.status == 200)
                #expect(again.body == first.body)
                #expect(fieldsWithoutDate(again) == fieldsWithoutDate(first))
                #expect(again.headers["Date"] != nil)
            }
            #expect(first.headers["X-Wrapped"] == "yes", "the middlewares' fields are part of the answer")
            #expect(eventually { running.logLines.lines.count == 4 })
            #expect(running.logLines.lines.allSatisfy { $0.contains("\"path\":\"/same\"") && $0.contains("\"status\":200") })
        }
    }

    @Test func anythingThatCouldChangeTheAnswerRunsTheRoute() throws {
        try withCountingServer { running, same, _ in
            #expect(try TestHTTP.get(running.port, "/same").status == 200)
            #expect(same.count == 1)
            let etag = "\"nothing\""
            let variations: [(String, [(String, String)])] = [
                ("/same?x=1", []),
                ("/same?", []),
                ("/same", [("Cookie", "session=1")]),
                ("/same", [("Authorization", "Bearer key")]),
                ("/same", [("Origin", "https://elsewhere.example")]),
                ("/same", [("If-None-Match", etag)]),
                ("/same", [("If-Modified-Since", "Sun, 06 Dec 2026 00:00:00 GMT")]),
                ("/same", [("Range", "bytes=0-1")]),
                ("/same", [("X-CSRF-Token", "abc")]),
                ("/same", [("X-Something-New", "1")]),
            ]
            for (number, (target, headers)) in variations.enumerated() {
                let response = try TestHTTP.get(running.port, target, headers: headers)
                #expect(response.status == 200)
                #expect(same.count == number + 2, "\(target) \(headers) runs the route")
            }
            #expect(try TestHTTP.send(running.port, "POST", "/same").status == 405)
        }
    }

    @Test func onlyRoutesMarkedSoAndOnlyTheirOKAnswersAreKept() throws {
        try withCountingServer { running, same, notMarked in
            for _ in 0..<3 {
                let fresh = try TestHTTP.get(running.port, "/not-marked")
                #expect(fresh.text == "fresh")
            }
            #expect(notMarked.count == 3)
            for _ in 0..<3 {
                let missing = try TestHTTP.get(running.port, "/missing-same")
                #expect(missing.status == 404)
            }
            #expect(same.count == 3)
        }
    }

    @Test func headAndGetAreKeptApart() throws {
        try withCountingServer { running, same, _ in
            let client = try RawClient(port: running.port)
            let get = try client.request("GET", "/same")
            try client.send("HEAD /same HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try client.readResponse(forHead: true)
            try client.send("HEAD /same HTTP/1.1\r\nHost: x\r\n\r\n")
            let headAgain = try client.readResponse(forHead: true)
            let getAgain = try client.request("GET", "/same")
            #expect(same.count == 2, "one GET and one HEAD ran")
            #expect(head.headers["Content-Length"] == String(get.body.count))
            #expect(fieldsWithoutDate(headAgain) == fieldsWithoutDate(head))
            #expect(getAgain.body == get.body, "a HEAD answer kept never gives a GET an empty body")
        }
    }

    @Test func gzipIsPartOfTheKey() throws {
        try withCountingServer { running, same, _ in
            let plain = try TestHTTP.get(running.port, "/same")
            let zipped = try TestHTTP.get(running.port, "/same", headers: [("Accept-Encoding", "gzip")])
            let plainAgain = try TestHTTP.get(running.port, "/same", headers: [("Accept-Encoding", "identity")])
            let zippedAgain = try TestHTTP.get(running.port, "/same", headers: [("Accept-Encoding", "br, gzip")])
            #expect(same.count == 2)
            #expect(plain.headers["Content-Encoding"] == nil && plainAgain.body == plain.body)
            #expect(zipped.headers["Content-Encoding"] == "gzip" && zippedAgain.body == zipped.body)
            #expect(zipped.body.count < plain.body.count)
        }
    }

    @Test func keptAnswersLastOnlyTheirLifetime() throws {
        try withCountingServer(lifetime: 0.2) { running, same, _ in
            for _ in 0..<2 {
                let answer = try TestHTTP.get(running.port, "/same")
                #expect(answer.status == 200)
            }
            #expect(same.count == 1)
            Thread.sleep(forTimeInterval: 0.3)
            let later = try TestHTTP.get(running.port, "/same")
            #expect(later.status == 200)
            #expect(same.count == 2)
        }
        try withCountingServer(lifetime: 0) { running, same, _ in
            for _ in 0..<3 {
                let answer = try TestHTTP.get(running.port, "/same")
                #expect(answer.status == 200)
            }
            #expect(same.count == 3, "a lifetime of 0 keeps nothing")
        }
    }

    @Test func aConnectionCloseIsStillHonoured() throws {
        try withCountingServer { running, _, _ in
            #expect(try TestHTTP.get(running.port, "/same").status == 200)
            let client = try RawClient(port: running.port)
            let closing = try client.request("GET", "/same", headers: [("Connection", "close")])
            #expect(closing.status == 200)
            #expect(closing.headers["Connection"] == "close")
            #expect(client.isClosedByServer())
            let old = try RawClient(port: running.port)
            try old.send("GET /same HTTP/1.0\r\n\r\n")
            let answer = try old.readResponse()
            #expect(answer.status == 200 && answer.headers["Connection"] == "close")
        }
    }

    /// A file changed on disk is served within the answer's lifetime and `StaticFiles`' own second.
    @Test func aChangedFileIsServedWithinTwoSeconds() throws {
        let root = TestHTTP.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "first".write(toFile: root + "/note.txt", atomically: true, encoding: .utf8)
        let files = StaticFiles(root: root)
        let router = Router()
        router.fallback = (handler: { files.response(for: $0) ?? Response.empty(status: 404) }, execution: .eventLoop)
        router.fallbackIsSameForEveryone = true
        let running = try RunningServer(router: router) { $0.eventLoops = 1 }
        defer { running.stop() }
        #expect(try TestHTTP.get(running.port, "/note.txt").text == "first")
        #expect(try TestHTTP.get(running.port, "/note.txt").text == "first")
        try "second, longer".write(toFile: root + "/note.txt", atomically: true, encoding: .utf8)
        let started = Date()
        #expect(eventually(timeout: 4) { (try? TestHTTP.get(running.port, "/note.txt").text) == "second, longer" })
        #expect(Date().timeIntervalSince(started) < 2.5)
    }
}
