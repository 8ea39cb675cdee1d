import Foundation
import HTTPServer
import TestSupport
import Testing

/// One raw request and exactly what the server must do with it.
struct WireCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var status: Int
    /// Whether the server must close the connection after answering.
    var closes: Bool
    /// The body the answer must carry, when it matters.
    var body: String?
    /// Send the request in pieces of this size (to exercise incremental parsing).
    var pieceSize: Int?

    init(_ name: String, _ text: String, _ status: Int, closes: Bool, body: String? = nil, pieceSize: Int? = nil) {
        self.init(name, Array(text.utf8), status, closes: closes, body: body, pieceSize: pieceSize)
    }

    init(_ name: String, _ bytes: [UInt8], _ status: Int, closes: Bool, body: String? = nil, pieceSize: Int? = nil) {
        self.name = name
        self.bytes = bytes
        self.status = status
        self.closes = closes
        self.body = body
        self.pieceSize = pieceSize
    }

    var testDescription: String { name }
}

private let h = "Host: localhost\r\n"
private let longValue = String(repeating: "v", count: 1000)
/// 17 header lines of ~1 KB: a header block over 16 KiB.
private let oversizedHeaders = (0..<17).map { "X-Filler-\($0): \(longValue)\r\n" }.joined()
/// 9 header lines of ~1 KB: large, but within the 16 KiB limit.
private let largeHeaders = (0..<9).map { "X-Filler-\($0): \(longValue)\r\n" }.joined()
private let longTarget = "/" + String(repeating: "a", count: 8 * 1024 + 10)
/// A head whose last byte is a CR at the last offset the 16 KiB limit (plus its final CRLF CRLF) lets the parser read.
private let headEndingInCR: String = {
    let start = "GET / HTTP/1.1\r\n\(h)X-Filler: "
    return start + String(repeating: "f", count: 16 * 1024 + 3 - start.utf8.count) + "\r"
}()

let wireCases: [WireCase] = [
    // Requests that must be accepted.
    WireCase("simple GET", "GET / HTTP/1.1\r\n\(h)\r\n", 200, closes: false, body: "root"),
    WireCase("leading empty line", "\r\nGET / HTTP/1.1\r\n\(h)\r\n", 200, closes: false),
    WireCase("tab in a header value", "GET / HTTP/1.1\r\n\(h)X-A: a\tb\r\n\r\n", 200, closes: false),
    WireCase(
        "identical duplicate Content-Length headers",
        "POST /echo HTTP/1.1\r\n\(h)Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 200, closes: false, body: "hello"),
    WireCase("identical Content-Length list", "POST /echo HTTP/1.1\r\n\(h)Content-Length: 5, 5\r\n\r\nhello", 400, closes: true),
    WireCase("Content-Length list 1000,1000", "POST /echo HTTP/1.1\r\n\(h)Content-Length: 1000,1000\r\n\r\nhello", 400, closes: true),
    WireCase("Content-Length zero", "POST /echo HTTP/1.1\r\n\(h)Content-Length: 0\r\n\r\n", 200, closes: false, body: ""),
    WireCase("absolute-form target", "GET http://localhost/fast?x=1 HTTP/1.1\r\n\(h)\r\n", 200, closes: false, body: "fast"),
    WireCase("OPTIONS *", "OPTIONS * HTTP/1.1\r\n\(h)\r\n", 204, closes: false),
    WireCase("HTTP/1.0 without Host", "GET /fast HTTP/1.0\r\n\r\n", 200, closes: true, body: "fast"),
    WireCase("HTTP/1.2 is handled as HTTP/1.1", "GET /fast HTTP/1.2\r\n\(h)\r\n", 200, closes: false, body: "fast"),
    WireCase(
        "chunked with extensions and trailers",
        "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n4;a=b\r\nWiki\r\n5 ; c\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n",
        200, closes: false, body: "Wikipedia"),
    WireCase(
        "Transfer-Encoding is case-insensitive", "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
        200, closes: false, body: "ok"),
    WireCase("large head in pieces", "GET /fast HTTP/1.1\r\n\(h)\(largeHeaders)\r\n", 200, closes: false, body: "fast", pieceSize: 700),
    WireCase("request line in pieces", "GET /fast HTTP/1.1\r\n\(h)\r\n", 200, closes: false, body: "fast", pieceSize: 1),
    WireCase("unknown method on a known path", "BREW /item HTTP/1.1\r\n\(h)\r\n", 405, closes: false),
    WireCase("unknown path", "GET /nowhere HTTP/1.1\r\n\(h)\r\n", 404, closes: false),
    WireCase("POST with a body to an unknown path", "POST /nowhere HTTP/1.1\r\n\(h)Content-Length: 5\r\n\r\nhello", 404, closes: true),
    WireCase("DELETE with a body where only GET is routed", "DELETE /fast HTTP/1.1\r\n\(h)Content-Length: 3\r\n\r\nabc", 405, closes: true),

    // Framing that two parsers could read differently.
    WireCase(
        "Content-Length and Transfer-Encoding",
        "POST /echo HTTP/1.1\r\n\(h)Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, closes: true),
    WireCase(
        "Transfer-Encoding and Content-Length",
        "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", 400, closes: true),
    WireCase("Content-Length +5", "POST /echo HTTP/1.1\r\n\(h)Content-Length: +5\r\n\r\nhello", 400, closes: true),
    WireCase("Content-Length -1", "POST /echo HTTP/1.1\r\n\(h)Content-Length: -1\r\n\r\nhello", 400, closes: true),
    WireCase("Content-Length 1e3", "POST /echo HTTP/1.1\r\n\(h)Content-Length: 1e3\r\n\r\nhello", 400, closes: true),
    WireCase("Content-Length 0x5", "POST /echo HTTP/1.1\r\n\(h)Content-Length: 0x5\r\n\r\nhello", 400, closes: true),
    WireCase("Content-Length empty", "POST /echo HTTP/1.1\r\n\(h)Content-Length: \r\n\r\nhello", 400, closes: true),
    WireCase("Content-Length list 5, 6", "POST /echo HTTP/1.1\r\n\(h)Content-Length: 5, 6\r\n\r\nhello", 400, closes: true),
    WireCase("Content-Length list with an empty member", "POST /echo HTTP/1.1\r\n\(h)Content-Length: 5,\r\n\r\nhello", 400, closes: true),
    WireCase(
        "two Content-Length headers 5 and 6",
        "POST /echo HTTP/1.1\r\n\(h)Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400, closes: true),
    WireCase("Content-Length with 20 digits", "POST /echo HTTP/1.1\r\n\(h)Content-Length: 00000000000000000005\r\n\r\nhello", 400, closes: true),
    WireCase(
        "Transfer-Encoding gzip, chunked",
        "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501, closes: true),
    WireCase(
        "an unknown transfer coding before chunked",
        "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: x-custom, chunked\r\n\r\n0\r\n\r\n", 501, closes: true),
    WireCase(
        "Transfer-Encoding chunked listed twice",
        "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400, closes: true),
    WireCase(
        "Transfer-Encoding chunked, gzip",
        "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", 400, closes: true),
    WireCase("Transfer-Encoding identity", "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: identity\r\n\r\n", 400, closes: true),
    WireCase(
        "Transfer-Encoding chunked twice",
        "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, closes: true),
    WireCase(
        "Transfer-Encoding with a parameter",
        "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked;q=1\r\n\r\n0\r\n\r\n", 400, closes: true),
    WireCase(
        "Transfer-Encoding in HTTP/1.0",
        "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, closes: true),

    // Malformed heads.
    WireCase("obsolete line folding", "GET / HTTP/1.1\r\n\(h)X-A: a\r\n b\r\n\r\n", 400, closes: true),
    WireCase("folding right after the request line", "GET / HTTP/1.1\r\n \(h)\r\n", 400, closes: true),
    WireCase("space before a header colon", "GET / HTTP/1.1\r\nHost : localhost\r\n\r\n", 400, closes: true),
    WireCase("tab before a header colon", "GET / HTTP/1.1\r\n\(h)X-A\t: b\r\n\r\n", 400, closes: true),
    WireCase("header line without colon", "GET / HTTP/1.1\r\n\(h)X-A\r\n\r\n", 400, closes: true),
    WireCase("empty header name", "GET / HTTP/1.1\r\n\(h): b\r\n\r\n", 400, closes: true),
    WireCase("control character in a header value", "GET / HTTP/1.1\r\n\(h)X-A: a\u{01}b\r\n\r\n", 400, closes: true),
    WireCase("NUL in a header value", "GET / HTTP/1.1\r\n\(h)X-A: a\u{00}b\r\n\r\n", 400, closes: true),
    WireCase("DEL in a header value", "GET / HTTP/1.1\r\n\(h)X-A: a\u{7F}b\r\n\r\n", 400, closes: true),
    WireCase("NUL in the target", "GET /a\u{00}b HTTP/1.1\r\n\(h)\r\n", 400, closes: true),
    WireCase("control character in the target", "GET /a\u{01}b HTTP/1.1\r\n\(h)\r\n", 400, closes: true),
    WireCase("DEL in the target", "GET /a\u{7F}b HTTP/1.1\r\n\(h)\r\n", 400, closes: true),
    WireCase("non-ASCII byte in the target", [UInt8]("GET /a".utf8) + [0xC3, 0xA9] + [UInt8](" HTTP/1.1\r\n\(h)\r\n".utf8), 400, closes: true),
    WireCase("bare LF ending the request line", "GET / HTTP/1.1\n\(h)\r\n", 400, closes: true),
    WireCase("bare LF ending a header", "GET / HTTP/1.1\r\nHost: localhost\n\r\n", 400, closes: true),
    WireCase("bare LF ending the head", "GET / HTTP/1.1\r\n\(h)\n", 400, closes: true),
    WireCase("bare CR in a header value", "GET / HTTP/1.1\r\n\(h)X-A: a\rb\r\n\r\n", 400, closes: true),
    WireCase("bare CR ending the request line", "GET / HTTP/1.1\r\(h)\r\n", 400, closes: true),
    WireCase("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", 400, closes: true),
    WireCase("two Host headers", "GET / HTTP/1.1\r\n\(h)\(h)\r\n", 400, closes: true),
    WireCase("Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400, closes: true),
    WireCase("HTTP/2.0", "GET / HTTP/2.0\r\n\(h)\r\n", 505, closes: true),
    WireCase("HTTP/3.0", "GET / HTTP/3.0\r\n\(h)\r\n", 505, closes: true),
    WireCase("HTTP/0.9", "GET / HTTP/0.9\r\n\(h)\r\n", 505, closes: true),
    WireCase("lower-case version", "GET / http/1.1\r\n\(h)\r\n", 400, closes: true),
    WireCase("version with a suffix", "GET / HTTP/1.1x\r\n\(h)\r\n", 400, closes: true),
    WireCase("request line without version", "GET /\r\n\(h)\r\n", 400, closes: true),
    WireCase("single word request line", "HELLO\r\n\r\n", 400, closes: true),
    WireCase("two spaces in the request line", "GET  / HTTP/1.1\r\n\(h)\r\n", 400, closes: true),
    WireCase("space inside the target", "GET /a b HTTP/1.1\r\n\(h)\r\n", 400, closes: true),
    WireCase("trailing space after the version", "GET / HTTP/1.1 \r\n\(h)\r\n", 400, closes: true),
    WireCase("invalid character in the method", "G@T / HTTP/1.1\r\n\(h)\r\n", 400, closes: true),
    WireCase("target not starting with a slash", "GET fast HTTP/1.1\r\n\(h)\r\n", 400, closes: true),
    WireCase("asterisk target for GET", "GET * HTTP/1.1\r\n\(h)\r\n", 400, closes: true),
    WireCase(
        "TLS handshake bytes", [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03] + [UInt8](repeating: 0x41, count: 40),
        400, closes: true),
    WireCase("unsupported Expect", "POST /echo HTTP/1.1\r\n\(h)Expect: something\r\nContent-Length: 2\r\n\r\nhi", 417, closes: true),
    WireCase("Expect is ignored in HTTP/1.0", "POST /echo HTTP/1.0\r\nExpect: something\r\nContent-Length: 2\r\n\r\nhi", 200, closes: true, body: "hi"),
    WireCase("handler status outside 200...599", "GET /weird HTTP/1.1\r\n\(h)\r\n", 500, closes: false),

    // Limits.
    WireCase("header block over 16 KiB", "GET / HTTP/1.1\r\n\(h)\(oversizedHeaders)\r\n", 431, closes: true),
    WireCase("header block over 16 KiB in pieces", "GET / HTTP/1.1\r\n\(h)\(oversizedHeaders)\r\n", 431, closes: true, pieceSize: 1500),
    WireCase(
        "more than 100 header fields",
        "GET / HTTP/1.1\r\n\(h)" + (0..<101).map { "X-\($0): 1\r\n" }.joined() + "\r\n", 431, closes: true),
    WireCase("target over 8 KiB", "GET \(longTarget) HTTP/1.1\r\n\(h)\r\n", 414, closes: true),
    WireCase("target over 8 KiB in pieces", "GET \(longTarget) HTTP/1.1\r\n\(h)\r\n", 414, closes: true, pieceSize: 1000),
    WireCase("target over 8 KiB with a head over 16 KiB", "GET \(longTarget) HTTP/1.1\r\n\(h)\(largeHeaders)\r\n", 414, closes: true),
    WireCase(
        "body over the route limit", "POST /echo HTTP/1.1\r\n\(h)Content-Length: 101\r\n\r\n" + String(repeating: "x", count: 101),
        413, closes: true),

    // Chunked bodies.
    WireCase("chunk size xyz", "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\nxyz\r\nabc\r\n0\r\n\r\n", 400, closes: true),
    WireCase("chunk size -1", "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n-1\r\nabc\r\n0\r\n\r\n", 400, closes: true),
    WireCase(
        "chunk size with 18 hex digits",
        "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n", 400, closes: true),
    WireCase("chunk size 0x5", "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n0x5\r\nabcde\r\n0\r\n\r\n", 400, closes: true),
    WireCase("empty chunk size", "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n\r\nabc\r\n0\r\n\r\n", 400, closes: true),
    WireCase("chunk size followed by garbage", "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n0\r\n\r\n", 400, closes: true),
    WireCase("chunk data without CRLF", "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n", 400, closes: true),
    WireCase("chunk size line with a bare LF", "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n", 400, closes: true),
    WireCase("malformed trailer", "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nbad trailer\r\n\r\n", 400, closes: true),
    WireCase(
        "chunked body over the limit",
        "POST /echo HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\n\r\n40\r\n\(String(repeating: "x", count: 64))\r\n40\r\n\(String(repeating: "y", count: 64))\r\n0\r\n\r\n",
        413, closes: true),

    // Found by the request-parser fuzz target (Fuzz/): the answer must not depend on how the bytes were split into reads.
    WireCase("junk after a short target on a long line", "GET /x \(String(repeating: "y", count: 9000)) HTTP/1.1\r\n\(h)\r\n", 400, closes: true),
    WireCase(
        "junk after a short target on a long line, in pieces", "GET /x \(String(repeating: "y", count: 9000)) HTTP/1.1\r\n\(h)\r\n",
        400, closes: true, pieceSize: 1000),
    WireCase("target over 8 KiB followed by a NUL", "GET \(longTarget)\u{00} HTTP/1.1\r\n\(h)\r\n", 414, closes: true),
    WireCase("target over 8 KiB followed by a NUL, in pieces", "GET \(longTarget)\u{00} HTTP/1.1\r\n\(h)\r\n", 414, closes: true, pieceSize: 1000),
    WireCase("bare CR as the last byte the head limit allows", headEndingInCR + "x", 431, closes: true),
    WireCase("bare CR as the last byte the head limit allows, in pieces", headEndingInCR + "x", 431, closes: true, pieceSize: 1024),
]

@Suite struct ParserTests {
    @Test(arguments: wireCases)
    func answersExactly(_ wire: WireCase) throws {
        try withServer(routes: { router in
            router.get("/weird", options: RouteOptions(execution: .eventLoop)) { _ in Response(status: 99) }
        }) { running in
            let client = try RawClient(port: running.port)
            if let size = wire.pieceSize {
                try client.sendInPieces(wire.bytes, pieceSize: size)
            } else {
                try client.send(wire.bytes)
            }
            let response = try client.readResponse()
            #expect(response.status == wire.status, "\(wire.name): \(response.text)")
            if let body = wire.body { #expect(response.text == body, "\(wire.name)") }
            if wire.closes {
                #expect(client.isClosedByServer(within: 2), "\(wire.name): the connection stays open")
            } else {
                #expect(response.headers["Connection"] == nil, "\(wire.name)")
                try client.send(getRequest("/fast"))
                let next = try client.readResponse()
                #expect(next.status == 200 && next.text == "fast", "\(wire.name): the connection is not usable after")
            }
            if wire.status >= 400 {
                #expect(response.headers["Content-Type"] == "application/problem+json", "\(wire.name)")
                #expect(response.jsonObject["status"] as? Int == wire.status, "\(wire.name)")
            }
        }
    }

    @Test func methodNotAllowedListsTheAllowedMethods() throws {
        try withServer { running in
            let response = try TestHTTP.send(running.port, "DELETE", "/item")
            #expect(response.status == 405)
            let allow = Set((response.headers["Allow"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(allow == ["GET", "HEAD", "PUT", "OPTIONS"])
            #expect(response.headers["Content-Type"] == "application/problem+json")
        }
    }

    @Test func optionsListsTheAllowedMethods() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.send("OPTIONS /item HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 204)
            #expect(response.headers["Allow"]?.contains("PUT") == true)
            try client.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
            let star = try client.readResponse()
            #expect(star.status == 204)
            #expect(star.headers["Allow"]?.contains("GET") == true)
        }
    }

    @Test func headAnswersTheLengthWithoutABody() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.send("HEAD /big?bytes=5000 HTTP/1.1\r\nHost: x\r\n\r\n")
            let raw = client.readRaw(within: 0.5)
            let text = String(decoding: raw, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(text.hasSuffix("\r\n\r\n"), "a HEAD response must end with its head: \(text.suffix(40))")
            let length = text.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            #expect(length != nil)
            let value = Int(length?.split(separator: ":")[1].trimmingCharacters(in: .whitespaces) ?? "") ?? 0
            #expect(value >= 4900)
            // The connection still works, and a GET gets the same length.
            try client.send(getRequest("/big?bytes=5000"))
            let get = try client.readResponse()
            #expect(get.body.count == value)
        }
    }

    @Test func expectContinueSendsContinueBeforeTheBody() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            try client.send("hello")
            let final = try client.readResponse()
            #expect(final.status == 200)
            #expect(final.text == "hello")
            // Still keep-alive.
            try client.send(getRequest("/fast"))
            #expect(try client.readResponse().text == "fast")
        }
    }

    @Test func expectContinueIsIgnoredInHTTP10() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.send("POST /echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            #expect(client.readRaw(within: 0.3).isEmpty, "no 100 Continue for an HTTP/1.0 client")
            try client.send("hello")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "hello")
        }
    }

    @Test func expectContinueIsCaseInsensitiveAndSkippedWhenTheBodyIsAlreadyThere() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 5\r\n\r\nhello")
            let response = try client.readResponse()
            // The body came with the head: a 100 would be noise, the final answer comes straight away.
            #expect(response.status == 200)
            #expect(response.text == "hello")
        }
    }

    @Test func expectContinueOverTheLimitGets413WithoutContinue() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(client.isClosedByServer(within: 2))
        }
    }

    @Test func expectContinueOnAnUnknownPathGetsTheFinalStatus() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            try client.send("POST /nowhere HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 404)
        }
    }

    @Test func bodyOverTheLimitIsRefusedBeforeItIsSent() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            var response: ClientResponse?
            let elapsed = try seconds {
                try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")
                response = try client.readResponse()
            }
            #expect(response?.status == 413)
            #expect(elapsed < 3, "the answer must not wait for the body (\(elapsed) s)")
            #expect(response?.headers["Connection"] == "close")
            #expect(client.isClosedByServer(within: 2))
        }
    }

    @Test func fuzzedHeadsNeverCrashTheServer() throws {
        // A deterministic mutation of valid requests: every answer must be a well-formed response
        // or a close, and the server must keep answering afterwards.
        try withServer { running in
            var generator = SplitMix(seed: 42)
            let seeds = [
                "GET /fast?x=1 HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n",
                "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc",
            ]
            let alphabet: [UInt8] = Array("\r\n :;,\t\0\u{7F}/%?#0aF-".utf8) + [0xFF]
            for round in 0..<150 {
                var bytes = Array(seeds[round % seeds.count].utf8)
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    let position = Int(generator.next() % UInt64(bytes.count))
                    switch generator.next() % 3 {
                    case 0: bytes[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                    case 1: bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
                    default: bytes.remove(at: position)
                    }
                }
                let client = try RawClient(port: running.port, timeout: 2)
                try? client.send(bytes)
                client.shutdownWrite()
                let raw = client.readRaw(within: 2)
                if !raw.isEmpty {
                    let text = String(decoding: raw.prefix(12), as: UTF8.self)
                    #expect(text.hasPrefix("HTTP/1.1 "), "round \(round): \(text)")
                }
            }
            #expect(try TestHTTP.get(running.port, "/fast").text == "fast")
        }
    }
}

/// A small deterministic random number generator for repeatable fuzzing.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
