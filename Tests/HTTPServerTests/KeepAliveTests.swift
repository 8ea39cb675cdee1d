import Foundation
import HTTPServer
import Testing
import TestSupport

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
            let batch = getRequest("/slow?ms=300")
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
