import Foundation
import HTTPServer
import TestSupport
import Testing

@Suite struct ChunkedTests {
    private static let chunkedRequest =
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "4;name=value\r\nWiki\r\n"
        + "5\r\npedia\r\n"
        + "E; quoted=\"a;b\"\r\n in\r\n\r\nchunks.\r\n"
        + "0\r\nExpires: never\r\nX-Checksum: abc\r\n\r\n"

    @Test func echoesSeveralChunksWithExtensionsAndTrailers() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.send(Self.chunkedRequest)
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "Wikipedia in\r\n\r\nchunks.")
            // The connection continues after the trailers.
            try client.send(getRequest("/fast"))
            #expect(try client.readResponse().text == "fast")
        }
    }

    @Test func decodesAChunkedBodySentByteByByte() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.sendInPieces(Array(Self.chunkedRequest.utf8), pieceSize: 1, pause: 0.0005)
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "Wikipedia in\r\n\r\nchunks.")
        }
    }

    @Test func echoesABodyUpToTheLimitExactly() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            let data = String(repeating: "z", count: 100)
            try client.send(
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n32\r\n\(data.prefix(50))\r\n32\r\n\(data.prefix(50))\r\n0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.body.count == 100)
        }
    }

    @Test func chunkedBodyOverTheLimitGets413BeforeTheData() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n" + String(repeating: "a", count: 80) + "\r\n")
            // 80 bytes fit; the next chunk announces 80 more and is refused without being read.
            try client.send("50\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(client.isClosedByServer(within: 2))
        }
    }

    @Test func chunkedRequestOnAWorkerRouteAndOnTheLoopAgree() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            for path in ["/echo", "/echo-loop"] {
                try client.send("POST \(path) HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n2\r\nbc\r\n0\r\n\r\n")
                #expect(try client.readResponse().text == "abc")
            }
        }
    }
}
