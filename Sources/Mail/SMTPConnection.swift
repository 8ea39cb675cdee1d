import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One TCP connection to a relay, blocking, every step with a deadline: connect, write a command,
/// read a reply (RFC 5321 §4.2: `250-…` lines until `250 …`).
struct SMTPConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []
    /// The peer is on this machine (loopback), so a password may be sent without TLS.
    let peerIsLocal: Bool

    struct Failure: Error { var message: String }

    /// A reply: its three-digit code and its text lines.
    struct Reply {
        var code: Int
        var lines: [String]
        var text: String { "\(code) " + lines.joined(separator: " / ") }
    }

    /// Longest reply line accepted (RFC 5321 §4.5.3.1.5 says 512 octets; relays write longer ones).
    static let maxLine = 4096

    static func open(host: String, port: Int, timeout: Double) throws -> SMTPConnection {
        let deadline = Self.deadline(timeout)
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw Failure(message: "the relay's name \(host) does not resolve")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address of the relay answered"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let fd = socket(address.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            if fd < 0 { continue }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            if connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) != 0 && errno != EINPROGRESS {
                lastError = "the relay refused the connection (errno \(errno))"
                Glibc.close(fd)
                continue
            }
            guard Self.wait(fd, Int32(POLLOUT), deadline: deadline) else {
                lastError = "connecting to the relay timed out"
                Glibc.close(fd)
                continue
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 {
                lastError = "the relay refused the connection (errno \(error))"
                Glibc.close(fd)
                continue
            }
            return SMTPConnection(fd: fd, peerIsLocal: Self.isLoopback(address.pointee))
        }
        throw Failure(message: lastError)
    }

    private init(fd: Int32, peerIsLocal: Bool) {
        self.fd = fd
        self.peerIsLocal = peerIsLocal
    }

    func close() { _ = Glibc.close(fd) }

    static func deadline(_ seconds: Double) -> UInt64 {
        DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1_000_000_000)
    }

    /// Writes all of `bytes` before `deadline`.
    func write(_ bytes: [UInt8], deadline: UInt64) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent > 0 {
                offset += sent
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                guard Self.wait(fd, Int32(POLLOUT), deadline: deadline) else { throw Failure(message: "the relay stopped reading (timeout)") }
            } else {
                throw Failure(message: "the connection to the relay broke while sending")
            }
        }
    }

    /// Reads one whole reply before `deadline`.
    mutating func readReply(deadline: UInt64) throws -> Reply {
        var lines: [String] = []
        while true {
            let line = try readLine(deadline: deadline)
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)), (200...599).contains(code) else {
                throw Failure(message: "the relay's reply is not SMTP")
            }
            lines.append(String(decoding: bytes.dropFirst(4), as: UTF8.self))
            if bytes.count == 3 || bytes[3] == UInt8(ascii: " ") { return Reply(code: code, lines: lines) }
            guard bytes[3] == UInt8(ascii: "-") else { throw Failure(message: "the relay's reply is not SMTP") }
        }
    }

    private mutating func readLine(deadline: UInt64) throws -> String {
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<end])
                buffer.removeFirst(end + 1)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count < Self.maxLine else { throw Failure(message: "the relay's reply line is too long") }
            guard Self.wait(fd, Int32(POLLIN), deadline: deadline) else { throw Failure(message: "the relay did not answer in time") }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer += chunk[0..<count]
            } else if count == 0 {
                throw Failure(message: "the relay closed the connection")
            } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
                throw Failure(message: "the connection to the relay broke")
            }
        }
    }

    private static func wait(_ fd: Int32, _ events: Int32, deadline: UInt64) -> Bool {
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { return false }
            var entry = pollfd(fd: fd, events: Int16(events), revents: 0)
            let result = poll(&entry, 1, Int32(min(UInt64(Int32.max), (deadline - now) / 1_000_000 + 1)))
            if result > 0 { return true }
            if result < 0 && errno != EINTR { return false }
        }
    }

    private static func isLoopback(_ address: addrinfo) -> Bool {
        guard let pointer = address.ai_addr else { return false }
        switch Int32(address.ai_family) {
        case AF_INET:
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt32(bigEndian: $0.pointee.sin_addr.s_addr) >> 24 == 127 }
        case AF_INET6:
            return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { socket in
                withUnsafeBytes(of: socket.pointee.sin6_addr) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
            }
        default:
            return false
        }
    }
}
