import Foundation

/// What became of one message handed to the relay.
public enum SMTPOutcome: Sendable, Equatable {
    /// The relay took responsibility for it (`250` after the data).
    case sent
    /// Try again later: a `4xx` answer, or no answer at all (refused, timed out, cut off).
    case transient(String)
    /// Never try again: a `5xx` answer, or a message this relay cannot take.
    case permanent(String)
}

/// An SMTP client of our own on POSIX sockets (RFC 5321), one message per connection (or several,
/// through `SMTPSession`):
/// `EHLO` (falling back to `HELO`), `AUTH PLAIN` when credentials are given (only to a relay on
/// this machine: there is no TLS here), `MAIL FROM` with `SIZE`, `BODY=8BITMIME` and `SMTPUTF8`
/// when the relay offers them and the message needs them, `RCPT TO`, `DATA` with dot-stuffing, `QUIT`.
/// Each step has the deadline RFC 5321 §4.5.3.2 suggests, shortened by `Timeouts` when wanted.
public struct SMTPClient: Sendable {
    /// Seconds allowed per step.
    public struct Timeouts: Sendable {
        public var connect: Double = 30
        /// The greeting, and each command's reply (RFC 5321: 5 minutes).
        public var command: Double = 300
        /// The reply after the data's final dot (RFC 5321: 10 minutes).
        public var dataTermination: Double = 600

        public init(connect: Double = 30, command: Double = 300, dataTermination: Double = 600) {
            self.connect = connect
            self.command = command
            self.dataTermination = dataTermination
        }
    }

    public var relay: SMTPRelay
    public var timeouts: Timeouts
    /// The name given in `EHLO` (this machine's).
    public var heloName: String

    public init(relay: SMTPRelay, timeouts: Timeouts = Timeouts(), heloName: String? = nil) {
        self.relay = relay
        self.timeouts = timeouts
        self.heloName = heloName ?? Self.hostName()
    }

    /// Sends `message` (a whole RFC 5322 message, lines ending in CRLF) from `sender` to `recipient`,
    /// on a connection of its own (`SMTPSession` keeps one for several).
    public func send(from sender: String, to recipient: String, message: [UInt8]) -> SMTPOutcome {
        if let unfit = Self.unfitAddress(sender, recipient) { return unfit }
        var connection: SMTPConnection
        var extensions: [String: String]
        switch open() {
        case .success(let opened): (connection, extensions) = opened
        case .failure(let refused): return refused.outcome
        }
        defer { connection.close() }
        do {
            let outcome = try transaction(&connection, extensions: extensions, sender: sender, recipient: recipient, message: message)
            if outcome == .sent { _ = try? command(&connection, "QUIT") }
            return outcome
        } catch let failure as SMTPConnection.Failure {
            return .transient(failure.message)
        } catch {
            return .transient("the relay's answer was not understood")
        }
    }

    /// Why an address cannot be sent to at all, or nil.
    static func unfitAddress(_ sender: String, _ recipient: String) -> SMTPOutcome? {
        for address in [sender, recipient] where !Self.isPlainAddress(address) {
            return .permanent("the address \(address.isEmpty ? "(empty)" : "given") cannot be used in SMTP")
        }
        return nil
    }

    /// An outcome carried as an error, for `Result`.
    struct Refusal: Error {
        var outcome: SMTPOutcome
    }

    /// A connection greeted and introduced (`EHLO`, else `HELO`; `AUTH` when credentials are given),
    /// with the extensions the relay offers; the relay's refusal otherwise (the connection closed).
    func open() -> Result<(SMTPConnection, [String: String]), Refusal> {
        var connection: SMTPConnection
        do {
            connection = try SMTPConnection.open(host: relay.host, port: relay.port, timeout: timeouts.connect)
        } catch {
            return .failure(Refusal(outcome: .transient((error as? SMTPConnection.Failure)?.message ?? "the relay cannot be reached")))
        }
        do {
            let greeted = try greet(&connection)
            if case .failure = greeted { connection.close() }
            return greeted.map { (connection, $0) }
        } catch {
            connection.close()
            return .failure(Refusal(outcome: .transient((error as? SMTPConnection.Failure)?.message ?? "the relay's answer was not understood")))
        }
    }

    private func greet(_ connection: inout SMTPConnection) throws -> Result<[String: String], Refusal> {
        var reply = try connection.readReply(deadline: SMTPConnection.deadline(timeouts.command))
        guard reply.code == 220 else { return .failure(Refusal(outcome: refused("greeting", reply))) }
        reply = try command(&connection, "EHLO \(heloName)")
        var extensions: [String: String] = [:]
        if reply.code == 250 {
            for line in reply.lines.dropFirst() {
                let parts = line.split(separator: " ", maxSplits: 1)
                guard let keyword = parts.first else { continue }
                extensions[keyword.uppercased()] = parts.count > 1 ? String(parts[1]) : ""
            }
        } else {
            reply = try command(&connection, "HELO \(heloName)")
            guard reply.code == 250 else { return .failure(Refusal(outcome: refused("HELO", reply))) }
        }
        if let user = relay.user {
            guard connection.peerIsLocal else {
                return .failure(Refusal(outcome: .permanent("a password is sent only to a relay on this machine (no TLS here); see OPERATIONS.md")))
            }
            let mechanisms = (extensions["AUTH"] ?? "").uppercased().split(separator: " ")
            guard mechanisms.contains("PLAIN") else { return .failure(Refusal(outcome: .permanent("the relay does not offer AUTH PLAIN"))) }
            let token = Data(([0] + Array(user.utf8) + [0] + Array((relay.password ?? "").utf8))).base64EncodedString()
            reply = try command(&connection, "AUTH PLAIN \(token)")
            guard reply.code == 235 else { return .failure(Refusal(outcome: refused("AUTH", reply))) }
        }
        return .success(extensions)
    }

    /// One message on a greeted connection: `MAIL FROM`, `RCPT TO`, `DATA`.
    func transaction(
        _ connection: inout SMTPConnection, extensions: [String: String], sender: String, recipient: String, message: [UInt8]
    ) throws -> SMTPOutcome {
        var parameters = ""
        if let size = extensions["SIZE"] {
            if let limit = Int(size), limit > 0, message.count > limit {
                return .permanent("the message (\(message.count) bytes) is larger than the relay takes (\(limit))")
            }
            parameters += " SIZE=\(message.count)"
        }
        if message.contains(where: { $0 >= 0x80 }) {
            guard extensions["8BITMIME"] != nil else { return .permanent("the message has 8-bit text and the relay does not offer 8BITMIME") }
            parameters += " BODY=8BITMIME"
        }
        if !(sender + recipient).allSatisfy(\.isASCII) {
            guard extensions["SMTPUTF8"] != nil else { return .permanent("the address is not ASCII and the relay does not offer SMTPUTF8") }
            parameters += " SMTPUTF8"
        }
        var reply = try command(&connection, "MAIL FROM:<\(sender)>\(parameters)")
        guard reply.code == 250 else { return refused("MAIL FROM", reply) }
        reply = try command(&connection, "RCPT TO:<\(recipient)>")
        guard reply.code == 250 || reply.code == 251 else { return refused("RCPT TO", reply) }
        reply = try command(&connection, "DATA")
        guard reply.code == 354 else { return refused("DATA", reply) }
        try connection.write(Self.dotStuffed(message), deadline: SMTPConnection.deadline(timeouts.dataTermination))
        reply = try connection.readReply(deadline: SMTPConnection.deadline(timeouts.dataTermination))
        guard reply.code == 250 else { return refused("the message", reply) }
        return .sent
    }

    func command(_ connection: inout SMTPConnection, _ line: String) throws -> SMTPConnection.Reply {
        let deadline = SMTPConnection.deadline(timeouts.command)
        try connection.write(Array((line + "\r\n").utf8), deadline: deadline)
        return try connection.readReply(deadline: deadline)
    }

    /// A `4xx` may pass; anything else will not. The words name the step and quote the relay.
    private func refused(_ step: String, _ reply: SMTPConnection.Reply) -> SMTPOutcome {
        let text = "the relay answered \(step) with \(String(reply.text.prefix(200)))"
        return (400...499).contains(reply.code) ? .transient(text) : .permanent(text)
    }

    /// The message as DATA sends it: bare LFs made CRLF, a dot doubled at the start of a line,
    /// and the closing `CRLF . CRLF` (RFC 5321 §4.5.2).
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + 64)
        var lineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") { out.append(UInt8(ascii: "\r")) }
            if lineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            out.append(byte)
            lineStart = byte == UInt8(ascii: "\n")
            previous = byte
        }
        if !lineStart { out += Array("\r\n".utf8) }
        out += Array(".\r\n".utf8)
        return out
    }

    /// An address fit for `MAIL FROM:<…>` and `RCPT TO:<…>`: one `@`, no spaces, brackets or controls.
    static func isPlainAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, address.utf8.count <= 254 else { return false }
        return address.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && !"<>()[],;:\\\"".unicodeScalars.contains($0) }
    }

    static func hostName() -> String {
        var bytes = [CChar](repeating: 0, count: 256)
        guard gethostname(&bytes, bytes.count - 1) == 0 else { return "localhost" }
        let name = bytes.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let valid = !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-") }
        return valid ? name : "localhost"
    }
}
