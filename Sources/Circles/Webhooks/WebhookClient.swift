import Foundation
import HTTPServer

#if canImport(Glibc)
import Glibc
#endif

/// A small blocking HTTP/1.1 client for webhook deliveries, on POSIX sockets: one POST per
/// connection (`Connection: close`), a single deadline covering connect, send and the response head.
///
/// It reads only the status line and headers of the answer (the body is never needed and never
/// stored), follows no redirects, and connects only to the resolved addresses `targets` allows
/// (public ones), each checked just before it is used. Name resolution uses `getaddrinfo`, which has
/// no deadline of its own: it runs on a dispatcher thread, never on a request thread. `https` goes
/// through `TLSWebhookClient`. Failures are told in words that name no address, port or system error.
struct WebhookClient: Sendable {
    /// Seconds for the whole exchange, from connecting to the end of the response head.
    var timeout: Double = 5
    /// A response head larger than this is refused.
    var maxHeadBytes = 16 * 1024
    /// The addresses deliveries may reach.
    var targets = WebhookTargets()

    static let notPublic = "the receiver's address is not public, so nothing was sent"

    /// The status code when a response arrived, otherwise why not (words for the delivery log).
    struct Outcome: Sendable, Equatable {
        var statusCode: Int?
        var error: String

        static func failure(_ error: String) -> Outcome { Outcome(statusCode: nil, error: error) }
    }

    /// POSTs `body` to `url` with `headers` (Host, Content-Length and Connection are added here).
    func post(_ url: WebhookURL, headers: [(String, String)], body: [UInt8]) -> Outcome {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1_000_000_000)
        var head = "POST \(url.target) HTTP/1.1\r\nHost: \(url.hostHeader)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"

        let fd: Int32
        switch connect(url, deadline: deadline) {
        case .success(let socket): fd = socket
        case .failure(let failure): return .failure(failure.message)
        }
        defer { close(fd) }
        if let problem = send(fd, Array(head.utf8) + body, deadline: deadline) { return .failure(problem) }
        return readStatus(fd, deadline: deadline)
    }

    private struct Failure: Error { var message: String }

    /// Milliseconds left before the deadline (0 when it has passed).
    private func remaining(_ deadline: UInt64) -> Int32 {
        let now = DispatchTime.now().uptimeNanoseconds
        return now >= deadline ? 0 : Int32(min(UInt64(Int32.max), (deadline - now) / 1_000_000 + 1))
    }

    /// Waits until `fd` is ready for `events`; false on timeout.
    private func wait(_ fd: Int32, _ events: Int32, deadline: UInt64) -> Bool {
        while true {
            let left = remaining(deadline)
            if left == 0 { return false }
            var entry = pollfd(fd: fd, events: Int16(events), revents: 0)
            let n = poll(&entry, 1, left)
            if n > 0 { return true }
            if n == 0 { return false }
            if errno != EINTR { return true }  // let the next call report the error
        }
    }

    private var seconds: String {
        timeout == timeout.rounded() ? String(Int(timeout)) : String(timeout)
    }

    /// A non-blocking connected socket to the first reachable allowed address of the host.
    private func connect(_ url: WebhookURL, deadline: UInt64) -> Result<Int32, Failure> {
        let resolved: Resolved
        switch Resolved.lookup(url) {
        case .success(let addresses): resolved = addresses
        case .failure(let failure): return .failure(failure)
        }
        var problem = "the receiver's name has no address"
        for ai in resolved.addresses {
            guard let address = WebhookTargets.address(of: ai.pointee.ai_addr), targets.allows(address) else {
                problem = Self.notPublic
                continue
            }
            let fd = socket(ai.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            if fd < 0 { problem = "the server could not open a connection"; continue }
            var result = Glibc.connect(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen)
            if result != 0 && errno == EINPROGRESS {
                guard wait(fd, Int32(POLLOUT), deadline: deadline) else {
                    close(fd)
                    return .failure(Failure(message: "timed out connecting to the receiver after \(seconds) s"))
                }
                var code: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
                result = code == 0 ? 0 : -1
            }
            if result == 0 {
                var yes: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
                return .success(fd)
            }
            problem = "could not connect to the receiver"
            close(fd)
        }
        return .failure(Failure(message: problem))
    }

    /// The addresses `url`'s host resolves to when every one may be reached, otherwise why not (words
    /// for the delivery log); for clients that connect by themselves (`TLSWebhookClient`), which must
    /// then connect only to these.
    func reachableAddresses(_ url: WebhookURL) -> Result<[IPAddress], Refusal> {
        switch Resolved.lookup(url) {
        case .failure(let failure): return .failure(Refusal(message: failure.message))
        case .success(let resolved):
            var addresses: [IPAddress] = []
            for ai in resolved.addresses {
                if let address = WebhookTargets.address(of: ai.pointee.ai_addr), !addresses.contains(address) { addresses.append(address) }
            }
            return !addresses.isEmpty && addresses.allSatisfy(targets.allows) ? .success(addresses) : .failure(Refusal(message: Self.notPublic))
        }
    }

    /// Why a receiver is not reached, in the delivery log's words.
    struct Refusal: Error, Equatable { var message: String }

    /// The addresses a name resolves to, freed with it.
    private final class Resolved {
        let list: UnsafeMutablePointer<addrinfo>
        init(_ list: UnsafeMutablePointer<addrinfo>) { self.list = list }
        deinit { freeaddrinfo(list) }

        var addresses: [UnsafeMutablePointer<addrinfo>] {
            var all: [UnsafeMutablePointer<addrinfo>] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = list
            while let ai = cursor {
                if ai.pointee.ai_addr != nil { all.append(ai) }
                cursor = ai.pointee.ai_next
            }
            return all
        }

        static func lookup(_ url: WebhookURL) -> Result<Resolved, Failure> {
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_flags = AI_NUMERICSERV
            var info: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(url.host, String(url.port), &hints, &info) == 0, let first = info else {
                return .failure(Failure(message: "the receiver's name could not be resolved"))
            }
            return .success(Resolved(first))
        }
    }

    /// Writes all of `bytes`; the problem in words, or nil.
    private func send(_ fd: Int32, _ bytes: [UInt8], deadline: UInt64) -> String? {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n > 0 { offset += n; continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                if errno != EINTR && !wait(fd, Int32(POLLOUT), deadline: deadline) { return "timed out sending the request after \(seconds) s" }
                continue
            }
            return "the connection failed while sending"
        }
        return nil
    }

    /// Reads response heads until a final (non-1xx) one and returns its status code.
    private func readStatus(_ fd: Int32, deadline: UInt64) -> Outcome {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = Self.headEnd(buffer) {
                let statusLine = String(decoding: buffer[..<(buffer.firstIndex(of: 13) ?? end)], as: UTF8.self)
                let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
                guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let status = Int(parts[1]), (100...599).contains(status) else {
                    return .failure("the answer was not an HTTP/1.x response")
                }
                if status >= 200 { return Outcome(statusCode: status, error: "") }
                buffer.removeSubrange(0..<(end + 4))
                continue
            }
            if buffer.count > maxHeadBytes { return .failure("the response head was larger than \(maxHeadBytes) bytes") }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { buffer.append(contentsOf: chunk[0..<n]); continue }
            if n == 0 { return .failure(buffer.isEmpty ? "the connection closed without a response" : "the connection closed inside the response head") }
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                if errno != EINTR && !wait(fd, Int32(POLLIN), deadline: deadline) { return .failure("no response within \(seconds) s") }
                continue
            }
            return .failure("the connection failed while reading")
        }
    }

    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }
}
