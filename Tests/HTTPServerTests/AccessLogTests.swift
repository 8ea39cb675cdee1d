import Foundation
import HTTPServer
import TestSupport
import Testing

@Suite struct AccessLogTests {
    private func entries(_ running: RunningServer) -> [[String: Any]] {
        running.logLines.lines.compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    @Test func oneJSONLinePerRequestWithoutTheQuery() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            #expect(try client.request("GET", "/fast?token=secret-value&x=1").status == 200)
            #expect(try client.request("POST", "/echo?q=2", body: Array("abcd".utf8)).status == 200)
            #expect(try client.request("GET", "/slow?ms=1").status == 200)
            #expect(try client.request("GET", "/missing?k=v").status == 404)
            #expect(eventually { running.logLines.lines.count == 4 })
            let lines = running.logLines.lines
            #expect(lines.count == 4)
            #expect(!running.logLines.text.contains("secret-value"))
            #expect(!running.logLines.text.contains("?"))
            let logged = entries(running)
            #expect(logged.count == 4, "every line is a JSON object: \(lines)")
            let first = try #require(logged.first)
            #expect(Set(first.keys) == ["time", "method", "path", "status", "bytes", "duration_us"])
            #expect(first["method"] as? String == "GET")
            #expect(first["path"] as? String == "/fast")
            #expect(first["status"] as? Int == 200)
            #expect(first["bytes"] as? Int == 4)
            #expect((first["duration_us"] as? Int ?? -1) >= 0)
            let time = first["time"] as? String ?? ""
            #expect(time.hasSuffix("Z") && time.count == 24, "RFC 3339 with milliseconds: \(time)")
            let paths = logged.compactMap { $0["path"] as? String }
            #expect(paths.sorted() == ["/echo", "/fast", "/missing", "/slow"])
            let echo = logged.first { $0["path"] as? String == "/echo" }
            #expect(echo?["method"] as? String == "POST")
            #expect(echo?["bytes"] as? Int == 4)
            let slow = logged.first { $0["path"] as? String == "/slow" }
            #expect((slow?["duration_us"] as? Int ?? 0) >= 1000)
            #expect(logged.first { $0["path"] as? String == "/missing" }?["status"] as? Int == 404)
        }
    }

    @Test func requestsWhoseClientLeftAreLoggedToo() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.send(getRequest("/slow?ms=200"))
            Thread.sleep(forTimeInterval: 0.05)
            client.resetConnection()
            #expect(eventually { running.logLines.lines.count == 1 })
            let entry = entries(running).first
            #expect(entry?["path"] as? String == "/slow")
            #expect(entry?["status"] as? Int == 200)
            #expect(entry?["bytes"] as? Int == 0, "nothing was sent")
        }
    }

    @Test func malformedRequestsAreLoggedToo() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.send("GET / HTTP/2.0\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 505)
            #expect(eventually { running.logLines.lines.count == 1 })
            #expect(entries(running).first?["status"] as? Int == 505)
        }
    }

    @Test func routesCanLogTheirPatternInsteadOfThePath() throws {
        try withServer(routes: { router in
            router.get("/status/:token", options: RouteOptions(logPattern: true)) { _ in .text("ok") }
        }) { running in
            let response = try TestHTTP.get(running.port, "/status/s3cr3t")
            #expect(response.status == 200)
            #expect(eventually { running.logLines.lines.count == 1 })
            #expect(entries(running).first?["path"] as? String == "/status/:token")
            #expect(!running.logLines.text.contains("s3cr3t"))
        }
    }

    @Test func controlCharactersInPathsAreEscaped() throws {
        try withServer { running in
            let response = try TestHTTP.get(running.port, "/a%22b%0A\\c")
            #expect(response.status == 404)
            #expect(eventually { running.logLines.lines.count == 1 })
            #expect(entries(running).first?["path"] as? String == "/a%22b%0A\\c")
        }
    }
}
