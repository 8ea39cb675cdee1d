import Foundation
import HTTPServer
import TestSupport
import Testing

@Suite struct LimitsTests {
    @Test func slowHeadGets408() throws {
        try withServer(configure: { $0.headerTimeout = 0.3 }) { running in
            let client = try RawClient(port: running.port)
            var response: ClientResponse?
            let elapsed = try seconds {
                try client.send("GET /fast HTTP/1.1\r\nHost: x\r\n")
                response = try client.readResponse()
            }
            #expect(response?.status == 408)
            #expect(elapsed >= 0.25 && elapsed < 2.5, "took \(elapsed) s")
            #expect(client.isClosedByServer(within: 1))
        }
    }

    @Test func headTimeoutCountsFromTheFirstByteNotEachByte() throws {
        // A slowloris that sends one byte at a time never resets the head clock.
        try withServer(configure: { $0.headerTimeout = 0.4 }) { running in
            let client = try RawClient(port: running.port)
            let text = Array("GET /fast HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n".utf8)
            let start = Date()
            var sendFailed = false
            for byte in text {
                if (try? client.send([byte])) == nil { sendFailed = true; break }
                Thread.sleep(forTimeInterval: 0.02)
                if Date().timeIntervalSince(start) > 1.2 { break }
            }
            let raw = String(decoding: client.readRaw(within: 1), as: UTF8.self)
            #expect(sendFailed || raw.hasPrefix("HTTP/1.1 408"), "got \(raw.prefix(40))")
            #expect(Date().timeIntervalSince(start) < 4)
        }
    }

    @Test func silentConnectionIsClosedAfterTheHeadTimeout() throws {
        try withServer(configure: { $0.headerTimeout = 0.3 }) { running in
            let client = try RawClient(port: running.port)
            var closed = false
            let elapsed = seconds { closed = client.isClosedByServer(within: 2) }
            #expect(closed)
            #expect(elapsed >= 0.25 && elapsed < 2.5, "took \(elapsed) s")
        }
    }

    @Test func stalledBodyGets408() throws {
        try withServer(configure: { $0.bodyTimeout = 0.3 }) { running in
            let client = try RawClient(port: running.port)
            var response: ClientResponse?
            let elapsed = try seconds {
                try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
                response = try client.readResponse()
            }
            #expect(response?.status == 408)
            #expect(elapsed >= 0.25 && elapsed < 2.5, "took \(elapsed) s")
            #expect(client.isClosedByServer(within: 1))
        }
    }

    @Test func bodyThatKeepsComingIsNotTimedOut() throws {
        try withServer(configure: {
            $0.bodyTimeout = 0.3; $0.minimumBytesPerSecond = 0
        }) { running in
            let client = try RawClient(port: running.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\n")
            for piece in ["ab", "cd", "ef"] {
                Thread.sleep(forTimeInterval: 0.2)
                try client.send(piece)
            }
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "abcdef")
        }
    }

    @Test func tricklingBodyIsCutByTheMinimumRate() throws {
        // Never silent for a whole body timeout, but far slower than the minimum rate.
        try withServer(configure: {
            $0.bodyTimeout = 0.3; $0.minimumBytesPerSecond = 200
        }) { running in
            let client = try RawClient(port: running.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
            let start = Date()
            var sent = 0
            while sent < 40 && Date().timeIntervalSince(start) < 4 {
                guard (try? client.send("x")) != nil else { break }
                sent += 1
                Thread.sleep(forTimeInterval: 0.1)
                if client.isClosedByServer(within: 0.001) { break }
            }
            #expect(Date().timeIntervalSince(start) < 3, "the trickle must be cut well before it ends")
            #expect(sent < 30)
            shutdown(client.fd, Int32(SHUT_RDWR))
            #expect(eventually { running.server.openConnections == 0 })
        }
    }

    @Test func fastBodyIsNotCutByTheMinimumRate() throws {
        try withServer(configure: {
            $0.bodyTimeout = 0.3; $0.minimumBytesPerSecond = 50
        }) { running in
            let client = try RawClient(port: running.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 60\r\n\r\n")
            for _ in 0..<6 {
                try client.send(String(repeating: "y", count: 10))
                Thread.sleep(forTimeInterval: 0.1)
            }
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.body.count == 60)
        }
    }

    @Test func idleKeepAliveConnectionIsClosed() throws {
        try withServer(configure: { $0.idleTimeout = 0.3 }) { running in
            let client = try RawClient(port: running.port)
            try client.send(getRequest("/fast"))
            #expect(try client.readResponse().status == 200)
            var closed = false
            let elapsed = seconds { closed = client.isClosedByServer(within: 2) }
            #expect(closed)
            #expect(elapsed >= 0.25 && elapsed < 2.5, "took \(elapsed) s")
            #expect(eventually { running.server.openConnections == 0 })
        }
    }

    @Test func busyKeepAliveConnectionIsNotClosed() throws {
        try withServer(configure: { $0.idleTimeout = 0.3 }) { running in
            let client = try RawClient(port: running.port)
            for _ in 0..<6 {
                try client.send(getRequest("/fast"))
                #expect(try client.readResponse().status == 200)
                Thread.sleep(forTimeInterval: 0.15)
            }
        }
    }

    @Test func slowHandlerIsNotCutByTheTimeouts() throws {
        try withServer(configure: {
            $0.idleTimeout = 0.2; $0.headerTimeout = 0.2; $0.bodyTimeout = 0.2
        }) { running in
            let response = try TestHTTP.get(running.port, "/slow?ms=600")
            #expect(response.status == 200)
        }
    }

    @Test func clientThatDoesNotReadIsDroppedAfterTheWriteTimeout() throws {
        try withServer(configure: { $0.writeTimeout = 0.6 }) { running in
            let client = try RawClient(port: running.port)
            try client.send(getRequest("/blob?bytes=40000000"))
            Thread.sleep(forTimeInterval: 0.1)
            #expect(running.server.openConnections == 1)
            #expect(eventually(timeout: 3) { running.server.openConnections == 0 })
        }
    }

    @Test func clientThatDoesNotReadIsResetSoTheKernelDropsWhatWasQueued() throws {
        // Found with Benchmarks/slow-clients: after a plain close, the FIN waits behind data the client
        // never reads and the kernel keeps that data; a reset frees it at once and tells the client.
        try withServer(configure: { $0.writeTimeout = 0.5 }) { running in
            let client = try RawClient(port: running.port)
            var small: Int32 = 4096
            setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            try client.send(getRequest("/blob?bytes=40000000"))
            #expect(eventually(timeout: 4) { running.server.openConnections == 0 })
            var timeout = timeval(tv_sec: 3, tv_usec: 0)
            setsockopt(client.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var chunk = [UInt8](repeating: 0, count: 65536)
            var received = 0
            var ending = "timeout"
            while true {
                let n = chunk.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
                if n > 0 { received += n; continue }
                ending = n == 0 ? "end of stream" : errno == ECONNRESET ? "reset" : "error \(errno)"
                break
            }
            #expect(ending == "reset", "after \(received) bytes")
            #expect(received < 40_000_000)
        }
    }

    @Test func idleClientThatLeftItsAnswerUnreadIsReset() throws {
        // The answer fits in the kernel's buffers, so nothing is pending here and the idle timeout
        // ends the connection; the kernel still holds what the client never read.
        try withServer(configure: { $0.idleTimeout = 0.5 }) { running in
            let client = try RawClient(port: running.port)
            var small: Int32 = 4096
            setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            try client.send(getRequest("/blob?bytes=200000"))
            #expect(eventually(timeout: 4) { running.server.openConnections == 0 })
            #expect(Self.drain(client) == "reset")
        }
    }

    @Test func idleClientThatReadEverythingIsClosedNormally() throws {
        try withServer(configure: { $0.idleTimeout = 0.3 }) { running in
            let client = try RawClient(port: running.port)
            try client.send(getRequest("/blob?bytes=200000"))
            #expect(try client.readResponse().body.count == 200_000)
            #expect(eventually(timeout: 4) { running.server.openConnections == 0 })
            #expect(Self.drain(client) == "end of stream")
        }
    }

    /// Reads until the connection ends; tells how it ended.
    static func drain(_ client: RawClient) -> String {
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(client.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { continue }
            return n == 0 ? "end of stream" : errno == ECONNRESET ? "reset" : "error \(errno)"
        }
    }

    @Test func connectionCapAnswers503AndCloses() throws {
        try withServer(configure: { $0.maxConnections = 2 }) { running in
            let first = try RawClient(port: running.port)
            let second = try RawClient(port: running.port)
            for client in [first, second] {
                try client.send(getRequest("/fast"))
                #expect(try client.readResponse().status == 200)
            }
            let third = try RawClient(port: running.port)
            try? third.send(getRequest("/fast"))
            let refused = try third.readResponse()
            #expect(refused.status == 503)
            #expect(refused.headers["Retry-After"] != nil)
            #expect(third.isClosedByServer(within: 2))
            // The two connections that were in keep working; closing one frees a place.
            try first.send(getRequest("/fast"))
            #expect(try first.readResponse().status == 200)
            shutdown(second.fd, Int32(SHUT_RDWR))
            #expect(eventually { running.server.openConnections == 1 })
            let fourth = try RawClient(port: running.port)
            try fourth.send(getRequest("/fast"))
            #expect(try fourth.readResponse().status == 200)
        }
    }

    @Test func manyConnectionsOverTheCapAllGet503() throws {
        try withServer(configure: { $0.maxConnections = 1 }) { running in
            let holder = try RawClient(port: running.port)
            try holder.send(getRequest("/fast"))
            _ = try holder.readResponse()
            for _ in 0..<20 {
                let client = try RawClient(port: running.port)
                try? client.send(getRequest("/fast"))
                #expect(try client.readResponse().status == 503)
            }
            #expect(eventually { running.server.openConnections == 1 })
            #expect(
                eventually { running.logLines.lines.filter { $0.contains("\"status\":503") }.count == 20 },
                "every refused connection is logged")
        }
    }

    @Test func headerLimitsAreConfigurable() throws {
        try withServer(configure: {
            $0.parserLimits.maxHeaderBytes = 512
            $0.parserLimits.maxTargetBytes = 64
        }) { running in
            let long = try TestHTTP.get(running.port, "/" + String(repeating: "b", count: 100))
            #expect(long.status == 414)
            let big = try TestHTTP.get(running.port, "/fast", headers: [("X-Big", String(repeating: "c", count: 600))])
            #expect(big.status == 431)
            let fine = try TestHTTP.get(running.port, "/fast", headers: [("X-Small", String(repeating: "c", count: 300))])
            #expect(fine.status == 200)
        }
    }

    @Test func slowHandlerDoesNotStallOtherConnections() throws {
        try withServer(configure: {
            $0.eventLoops = 1; $0.workerThreads = 2
        }) { running in
            let slow = try RawClient(port: running.port)
            try slow.send(getRequest("/slow?ms=2000"))
            Thread.sleep(forTimeInterval: 0.05)
            var fastTimes: [Double] = []
            for path in ["/fast", "/slow?ms=1", "/fast"] {
                let fast = try RawClient(port: running.port)
                var status = 0
                fastTimes.append(try seconds { status = try fast.request("GET", path).status })
                #expect(status == 200)
            }
            #expect(fastTimes.allSatisfy { $0 < 0.8 }, "fast requests took \(fastTimes)")
            var slowResponse: ClientResponse?
            let rest = try seconds { slowResponse = try slow.readResponse() }
            #expect(slowResponse?.text == "slow")
            #expect(rest > 0.2, "the slow request must still have been sleeping: \(rest)")
        }
    }

    @Test func aFullWorkerQueueAnswers503AtOnceAndServesTheRestLater() throws {
        let gate = DispatchSemaphore(value: 0)
        try withServer(
            configure: {
                $0.eventLoops = 1; $0.workerThreads = 1; $0.maxQueuedRequests = 1
            },
            routes: {
                $0.get("/held") { _ in
                    gate.wait(); return .text("held")
                }
            }
        ) { running in
            let running1 = try RawClient(port: running.port)
            try running1.send(getRequest("/held"))
            Thread.sleep(forTimeInterval: 0.1)  // the only worker is now held
            let waiting = try RawClient(port: running.port)
            try waiting.send(getRequest("/held"))
            Thread.sleep(forTimeInterval: 0.1)  // the one place in the queue is taken
            let refused = try RawClient(port: running.port)
            var busy: ClientResponse?
            let took = try seconds { busy = try refused.request("GET", "/held") }
            #expect(busy?.status == 503)
            #expect(busy?.headers["Retry-After"] == "1")
            #expect(took < 0.5, "refused at once, not queued: \(took) s")
            // Handlers on the event loop never queue.
            #expect(try refused.request("GET", "/fast").status == 200)
            gate.signal(); gate.signal()
            #expect(try running1.readResponse().text == "held")
            #expect(try waiting.readResponse().text == "held")
            // Once the queue drains, the refused client is served on the same connection.
            gate.signal()
            #expect(try refused.request("GET", "/held").status == 200)
        }
    }
}
