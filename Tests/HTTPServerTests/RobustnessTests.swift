import Foundation
import HTTPServer
import TestSupport
import Testing

/// Closes with a reset instead of a FIN, as a client that crashes does.
private func reset(_ client: RawClient) {
    client.resetConnection()
}

@Suite struct RobustnessTests {
    private func tagRoute(_ router: Router) {
        router.get("/tag/:tag") { request in
            Thread.sleep(forTimeInterval: Double(Int(request.query["ms"] ?? "") ?? 0) / 1000)
            return .text(request.parameter("tag"))
        }
    }

    @Test func answerOfAResetConnectionNeverReachesItsSuccessor() throws {
        try withServer(configure: { $0.eventLoops = 1 }, routes: tagRoute) { running in
            for round in 0..<5 {
                let doomed = try RawClient(port: running.port)
                try doomed.send(getRequest("/tag/doomed\(round)?ms=200"))
                Thread.sleep(forTimeInterval: 0.05)
                reset(doomed)
                // New connections take the lowest free descriptor: likely the one just freed.
                var successors: [RawClient] = []
                for i in 0..<4 {
                    let client = try RawClient(port: running.port)
                    try client.send(getRequest("/tag/next\(i)?ms=\(i == 0 ? 300 : 0)"))
                    successors.append(client)
                }
                for (i, client) in successors.enumerated() {
                    let response = try client.readResponse()
                    #expect(response.text == "next\(i)", "round \(round): connection \(i) got \(response.text)")
                    let extra = client.readRaw(within: 0.05)
                    #expect(extra.isEmpty, "round \(round): connection \(i) got extra bytes \(String(decoding: extra, as: UTF8.self))")
                }
            }
            #expect(eventually { running.server.openConnections <= 20 })
        }
    }

    @Test func resetDuringAWorkerJobFreesTheConnection() throws {
        try withServer(routes: tagRoute) { running in
            for _ in 0..<10 {
                let client = try RawClient(port: running.port)
                try client.send(getRequest("/tag/x?ms=100"))
                reset(client)
            }
            #expect(eventually(timeout: 3) { running.server.openConnections == 0 })
            #expect(try TestHTTP.get(running.port, "/fast").text == "fast")
        }
    }

    @Test func resetMidHeadAndMidBodyFreeTheConnection() throws {
        try withServer { running in
            let a = try RawClient(port: running.port)
            try a.send("GET /fast HTTP/1.1\r\nHost")
            let b = try RawClient(port: running.port)
            try b.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nabc")
            Thread.sleep(forTimeInterval: 0.05)
            reset(a)
            reset(b)
            #expect(eventually { running.server.openConnections == 0 })
        }
    }

    @Test func clientThatSendsWithoutReadingDoesNotGrowTheServerWithoutBound() throws {
        // After an error answer the server must not buffer whatever the client keeps sending.
        try withServer(configure: { $0.writeTimeout = 0.5 }) { running in
            let client = try RawClient(port: running.port, timeout: 0.2)
            try client.send("GET / HTTP/2.0\r\nHost: x\r\n\r\n")
            let junk = [UInt8](repeating: 65, count: 64 * 1024)
            var sent = 0
            for _ in 0..<200 {
                guard (try? client.send(junk)) != nil else { break }
                sent += junk.count
            }
            #expect(eventually(timeout: 4) { running.server.openConnections == 0 })
        }
    }

    @Test func burstOfShortConnections() throws {
        try withServer { running in
            let group = DispatchGroup()
            let failures = Signal()
            for _ in 0..<8 {
                group.enter()
                Thread {
                    for i in 0..<50 {
                        let response = try? TestHTTP.get(running.port, i % 2 == 0 ? "/fast" : "/slow?ms=0")
                        if response?.status != 200 { failures.increment() }
                    }
                    group.leave()
                }.start()
            }
            #expect(group.wait(timeout: .now() + 20) == .success)
            #expect(failures.count == 0)
            #expect(eventually { running.server.openConnections == 0 })
        }
    }
}
