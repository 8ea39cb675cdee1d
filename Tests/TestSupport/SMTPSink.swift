import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A small SMTP server on a free loopback port for the tests: it speaks enough of RFC 5321 for a
/// client (EHLO with the extensions given, AUTH PLAIN, MAIL, RCPT, DATA with dot-unstuffing, RSET,
/// QUIT) and keeps every message it accepts. `answer` decides what each command gets, so that a
/// test can defer (4xx) or refuse (5xx) at any step, or `down` refuse connections altogether.
public final class SMTPSink: @unchecked Sendable {
    /// One accepted message.
    public struct Message: Sendable {
        public var mailFrom: String
        /// `MAIL FROM`'s parameters (`SIZE=…`, `BODY=8BITMIME`).
        public var parameters: String
        public var recipients: [String]
        /// The data as received, dot-unstuffed, CRLF line ends.
        public var data: [UInt8]
        /// The decoded AUTH PLAIN credentials, when the client sent them.
        public var auth: String?
        public var text: String { String(decoding: data, as: UTF8.self) }
    }

    public private(set) var port = 0
    private let lock = NSCondition()
    private var received: [Message] = []
    private var commands: [String] = []
    private var listener: Int32 = -1
    private var stopped = false
    /// EHLO's extension lines.
    public let extensions: [String]
    private var answers: [String: String] = [:]

    public init(extensions: [String] = ["SIZE 1048576", "8BITMIME", "SMTPUTF8", "AUTH PLAIN"]) throws {
        self.extensions = extensions
        try listen()
    }

    deinit { stop() }

    /// Makes every later `verb` ("MAIL", "RCPT", "DATA", "END" for the data's final dot) get `reply` (nil: the usual answer).
    public func answer(_ verb: String, with reply: String?) {
        lock.lock()
        answers[verb] = reply
        lock.unlock()
    }

    /// The messages accepted so far.
    public var messages: [Message] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    /// Every command line received so far (AUTH's argument hidden), for tests of the dialogue.
    public var commandLog: [String] {
        lock.lock()
        defer { lock.unlock() }
        return commands
    }

    /// Waits until at least `count` messages arrived (or `seconds` passed), and returns them all.
    public func waitForMessages(_ count: Int, seconds: Double = 20) -> [Message] {
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock()
        defer { lock.unlock() }
        while received.count < count && lock.wait(until: deadline) {}
        return received
    }

    /// Waits until `condition` holds for the command log (or `seconds` passed).
    public func waitForCommands(seconds: Double = 20, until condition: ([String]) -> Bool) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock()
        defer { lock.unlock() }
        while !condition(commands) && lock.wait(until: deadline) {}
        return commands
    }

    /// Stops accepting. The accepting thread closes the listening socket itself, once `accept`
    /// returns: closing it here could let a new socket of another test take its number while that
    /// thread still accepts on it.
    public func stop() {
        lock.lock()
        let fd = listener
        stopped = true
        listener = -1
        lock.unlock()
        if fd >= 0 { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func listen() throws {
        let (fd, port) = try LoopbackSocket.bind(listening: 16)
        self.port = port
        listener = fd
        let thread = Thread { [self] in acceptLoop(fd) }
        thread.start()
    }

    private func acceptLoop(_ fd: Int32) {
        while true {
            let client = accept(fd, nil, nil)
            lock.lock()
            let done = stopped
            lock.unlock()
            if done {
                if client >= 0 { close(client) }
                close(fd)
                return
            }
            if client < 0 { continue }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer: [UInt8] = []
        func readLine() -> String? {
            while true {
                if let end = buffer.firstIndex(of: 10) {
                    var line = Array(buffer[..<end])
                    buffer.removeFirst(end + 1)
                    if line.last == 13 { line.removeLast() }
                    return String(decoding: line, as: UTF8.self)
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = recv(fd, &chunk, chunk.count, 0)
                if count <= 0 { return nil }
                buffer += chunk[0..<count]
            }
        }
        func write(_ text: String) {
            let bytes = Array((text + "\r\n").utf8)
            _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        func custom(_ verb: String) -> String? {
            lock.lock()
            defer { lock.unlock() }
            return answers[verb]
        }
        if let refusal = custom("CONNECT") {
            write(refusal)
            return
        }
        write("220 sink.test ESMTP ready")
        var current = Message(mailFrom: "", parameters: "", recipients: [], data: [], auth: nil)
        var auth: String?
        while let line = readLine() {
            let verb = String(line.prefix { $0 != " " && $0 != ":" }).uppercased()
            lock.lock()
            commands.append(verb == "AUTH" ? "AUTH PLAIN …" : line)
            lock.broadcast()
            lock.unlock()
            if let reply = custom(verb) {
                write(reply)
                continue
            }
            switch verb {
            case "EHLO":
                let lines = ["sink.test greets you"] + extensions
                // One write: a second would wait for the client's delayed ACK (Nagle), 40 ms a message.
                write(lines.enumerated().map { "250" + ($0.offset == lines.count - 1 ? " " : "-") + $0.element }.joined(separator: "\r\n"))
            case "HELO": write("250 sink.test")
            case "AUTH":
                let token = line.split(separator: " ").last.map(String.init) ?? ""
                let decoded = Data(base64Encoded: token).map { String(decoding: $0, as: UTF8.self) } ?? ""
                auth = decoded.split(separator: "\0", omittingEmptySubsequences: false).map(String.init).joined(separator: ":").trimmingCharacters(
                    in: CharacterSet(charactersIn: ":"))
                write("235 2.7.0 accepted")
            case "MAIL":
                let rest = line.dropFirst("MAIL FROM:".count)
                let close = rest.firstIndex(of: ">") ?? rest.endIndex
                current = Message(
                    mailFrom: String(rest[..<close]).trimmingCharacters(in: CharacterSet(charactersIn: "<")),
                    parameters: String(rest[close...].dropFirst()).trimmingCharacters(in: .whitespaces), recipients: [], data: [], auth: auth)
                write("250 2.1.0 ok")
            case "RCPT":
                let address = line.dropFirst("RCPT TO:".count).trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
                current.recipients.append(address)
                write("250 2.1.5 ok")
            case "DATA":
                write("354 end with <CRLF>.<CRLF>")
                var data: [UInt8] = []
                while let dataLine = readLine() {
                    if dataLine == "." { break }
                    let unstuffed = dataLine.hasPrefix(".") ? String(dataLine.dropFirst()) : dataLine
                    data += Array((unstuffed + "\r\n").utf8)
                }
                if let reply = custom("END") {
                    write(reply)
                    continue
                }
                current.data = data
                lock.lock()
                received.append(current)
                lock.broadcast()
                lock.unlock()
                write("250 2.0.0 queued")
            case "RSET": write("250 ok")
            case "NOOP": write("250 ok")
            case "QUIT":
                write("221 bye")
                return
            default: write("502 5.5.2 not implemented")
            }
        }
    }
}
