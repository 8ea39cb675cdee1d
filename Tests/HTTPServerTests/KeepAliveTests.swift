import Foundation
import HTTPServer
import TestSupport
import Testing

@Suite struct KeepAliveTests {
    @Test func servesSeveralRequestsOnOneConnection() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            for i in 0..<5 {
                try client.send(getRequest(i % 2 == 0 ? "/fast" : "/slow?ms=1"))
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == (i % 2 == 0 ? "fast" : "slow"))
                #expect(response.headers["Connection"] == nil)
                #expect(response.headers["Date"] != nil)
            }
            let echo = try client.request("POST", "/echo", body: Array("abc".utf8))
            #expect(echo.text == "abc")
        }
    }

    @Test func http10WithoutKeepAliveCloses() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.send("GET /fast HTTP/1.0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.headers["Connection"] == "close")
            #expect(client.isClosedByServer(within: 2))
        }
    }

    @Test func http10WithKeepAliveStaysOpenAndEchoesIt() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            for _ in 0..<3 {
                try client.send("GET /fast HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.headers["Connection"]?.lowercased() == "keep-alive")
            }
            try client.send("GET /slow?ms=1 HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
            #expect(try client.readResponse().headers["Connection"]?.lowercased() == "keep-alive")
            #expect(!client.isClosedByServer(within: 0.3))
        }
    }

    @Test func connectionCloseCloses() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.send(getRequest("/fast", headers: ["Connection: close"]))
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.headers["Connection"] == "close")
            #expect(client.isClosedByServer(within: 2))
        }
    }

    @Test func connectionCloseAmongOtherTokens() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.send(getRequest("/slow?ms=1", headers: ["Connection: TE, Close"]))
            #expect(try client.readResponse().headers["Connection"] == "close")
            #expect(client.isClosedByServer(within: 2))
        }
    }

    @Test func requestsAfterConnectionCloseAreIgnored() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.send(getRequest("/fast", headers: ["Connection: close"]) + getRequest("/"))
            let first = try client.readResponse()
            #expect(first.text == "fast")
            let rest = client.readRaw(within: 2)
            #expect(rest.isEmpty, "nothing may follow the response that closes: \(String(decoding: rest, as: UTF8.self))")
        }
    }

    @Test func pipelinedResponsesComeInRequestOrder() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            let batch =
                getRequest("/slow?ms=300")
                + getRequest("/fast")
                + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /echo-loop HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                + getRequest("/slow?ms=1")
                + "HEAD /fast HTTP/1.1\r\nHost: x\r\n\r\n"
                + getRequest("/")
            try client.send(batch)
            var texts: [String] = []
            for i in 0..<7 {
                let response = try client.readResponse(forHead: i == 5)
                #expect(response.status == 200)
                texts.append(response.text)
            }
            #expect(texts == ["slow", "fast", "hello", "abc", "slow", "", "root"])
            #expect(client.bufferedByteCount == 0)
        }
    }

    @Test func manyPipelinedRequestsAllGetAnswers() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            let count = 2000
            let batch = String(repeating: getRequest("/big?bytes=2000"), count: count)
            // Send from another thread: the server stops reading while the client does not read.
            let sender = Thread { try? client.send(batch) }
            sender.start()
            var total = 0
            for _ in 0..<count {
                let response = try client.readResponse()
                #expect(response.status == 200)
                total += response.body.count
            }
            #expect(total >= count * 1900)
        }
    }

    @Test func largeResponseToASlowReaderArrivesWhole() throws {
        // Larger than what the kernel buffers hold: the server writes it in many partial writes,
        // waiting for the socket between them; every byte must arrive, in order, then the next answer.
        try withServer { running in
            let client = try RawClient(port: running.port)
            let size = 12 << 20
            try client.send(getRequest("/pattern?bytes=\(size)") + getRequest("/fast"))
            var chunk = [UInt8](repeating: 0, count: 65536)
            var received = [UInt8]()
            received.reserveCapacity(size + 1024)
            var pauses = 0
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let n = chunk.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
                if n <= 0 { break }
                received.append(contentsOf: chunk[0..<n])
                if received.count > size + 200, received.suffix(4) == [102, 97, 115, 116] { break }  // "fast"
                if received.count / (1 << 20) > pauses {
                    pauses += 1
                    Thread.sleep(forTimeInterval: 0.02)
                }
            }
            guard let headEnd = received.firstRange(of: Array("\r\n\r\n".utf8)) else {
                Issue.record("no response head in \(received.count) bytes")
                return
            }
            let head = String(decoding: received[..<headEnd.lowerBound], as: UTF8.self)
            #expect(head.hasPrefix("HTTP/1.1 200"))
            #expect(head.contains("Content-Length: \(size)"))
            let body = received[headEnd.upperBound...]
            #expect(body.count > size, "received \(body.count) of \(size) bytes")
            let intact = body.count >= size && sameBytes(body.prefix(size), patternBytes(size))
            #expect(intact, "the body differs from what was sent")
            let rest = String(decoding: body.dropFirst(size), as: UTF8.self)
            #expect(rest.hasPrefix("HTTP/1.1 200 OK") && rest.hasSuffix("fast"), "the pipelined answer follows the large one")
        }
    }

    @Test func halfClosedClientStillGetsItsAnswer() throws {
        try withServer { running in
            for target in ["/fast", "/slow?ms=50"] {
                let client = try RawClient(port: running.port)
                try client.send(getRequest(target))
                client.shutdownWrite()
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(client.isClosedByServer(within: 2), "\(target): a half-closed connection must be closed after the answer")
            }
            let client = try RawClient(port: running.port)
            try client.send(getRequest("/fast") + getRequest("/slow?ms=20") + getRequest("/"))
            client.shutdownWrite()
            #expect(try client.readResponse().text == "fast")
            #expect(try client.readResponse().text == "slow")
            #expect(try client.readResponse().text == "root")
            #expect(client.isClosedByServer(within: 2))
        }
    }

    @Test func halfClosedAfterTheAnswerIsClosedPromptly() throws {
        try withServer(configure: { $0.idleTimeout = 10 }) { running in
            let client = try RawClient(port: running.port)
            try client.send(getRequest("/fast"))
            _ = try client.readResponse()
            client.shutdownWrite()
            #expect(client.isClosedByServer(within: 1))
            #expect(eventually { running.server.openConnections == 0 })
        }
    }
}
