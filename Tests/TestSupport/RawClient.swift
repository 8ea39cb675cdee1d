import Foundation
import HTTPServer

/// A response as a test client read it off the socket.
public struct ClientResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body decoded as JSON.
    public func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
    }

    public var jsonObject: [String: Any] { ((try? json()) as? [String: Any]) ?? [:] }
}

/// A blocking TCP client that speaks raw bytes, so tests can send anything, malformed or not.
public final class RawClient: @unchecked Sendable {
    public let fd: Int32
    private var buffer: [UInt8] = []

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `timeout` bounds each read: generous, since a test machine shared with builds can take seconds to answer.
    public init(port: Int, host: String = "127.0.0.1", timeout: Double = 30) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect to \(port): \(String(cString: strerror(errno)))")
        }
        var yes: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        setTimeout(timeout)
    }

    private var released = false

    deinit { if !released { close(fd) } }

    /// Closes with a TCP reset instead of a FIN, as a client that crashes does. The client is unusable after.
    public func resetConnection() {
        guard !released else { return }
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close(fd)
        released = true
    }

    public func setTimeout(_ seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { throw Failure(description: "send failed: \(String(cString: strerror(errno)))") }
            offset += n
        }
    }

    /// Half-closes the sending side, as `nc -q` does.
    public func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads more bytes; returns false on end of stream or timeout.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 {
            buffer.append(contentsOf: chunk[0..<n])
            return true
        }
        return false
    }

    /// Reads one response. `forHead` skips the body (a response to HEAD has none).
    public func readResponse(forHead: Bool = false) throws -> ClientResponse {
        while true {
            if let end = findHeadEnd() {
                let headText = String(decoding: buffer[0..<end], as: UTF8.self)
                var lines = headText.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst()
                let parts = statusLine.split(separator: " ", maxSplits: 2)
                guard parts.count >= 2, let status = Int(parts[1]) else { throw Failure(description: "bad status line: \(statusLine)") }
                var headers = HTTPHeaders()
                for line in lines where !line.isEmpty {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers.add(String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
                }
                let bodyStart = end + 4
                if status < 200 {
                    buffer.removeSubrange(0..<bodyStart)
                    return ClientResponse(status: status, headers: headers, body: [])
                }
                let length = forHead || status == 204 || status == 304 ? 0 : Int(headers["Content-Length"] ?? "") ?? -1
                if length >= 0 {
                    while buffer.count < bodyStart + length {
                        guard fill() else { throw Failure(description: "connection ended inside a body") }
                    }
                    let body = Array(buffer[bodyStart..<(bodyStart + length)])
                    buffer.removeSubrange(0..<(bodyStart + length))
                    return ClientResponse(status: status, headers: headers, body: body)
                }
                // No length: the body runs to the end of the connection.
                while fill() {}
                let body = Array(buffer[bodyStart...])
                buffer.removeAll()
                return ClientResponse(status: status, headers: headers, body: body)
            }
            guard fill() else { throw Failure(description: "no complete response (got \(buffer.count) bytes)") }
        }
    }

    /// Whether the server closed the connection within the timeout (reads and discards anything left).
    public func isClosedByServer(within seconds: Double = 2) -> Bool {
        setTimeout(seconds)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
        }
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }

    /// Bytes read but not yet consumed by `readResponse`.
    public var bufferedByteCount: Int { buffer.count }

    /// Everything that arrives within `seconds` (or until the server closes), including bytes
    /// already buffered; for checks of the exact bytes on the wire.
    public func readRaw(within seconds: Double) -> [UInt8] {
        setTimeout(seconds)
        while fill() {}
        let bytes = buffer
        buffer.removeAll()
        return bytes
    }

    /// Sends the bytes one write per piece, pausing between pieces, to exercise incremental parsing.
    public func sendInPieces(_ bytes: [UInt8], pieceSize: Int, pause: Double = 0.001) throws {
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + pieceSize)
            try send(Array(bytes[offset..<end]))
            offset = end
            if pause > 0 && offset < bytes.count { Thread.sleep(forTimeInterval: pause) }
        }
    }

    /// Sends one request and reads its response.
    public func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> ClientResponse {
        // `Host: localhost` unless the caller names the host.
        let host = headers.contains { $0.0.lowercased() == "host" } ? "" : "Host: localhost\r\n"
        var text = "\(method) \(target) HTTP/1.1\r\n" + host
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) { text += "Content-Length: \(body.count)\r\n" }
        text += "\r\n"
        try send(Array(text.utf8) + body)
        return try readResponse(forHead: method == "HEAD")
    }
}
