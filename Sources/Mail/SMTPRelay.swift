import Foundation

/// Where mail goes: `smtp://[user:password@]host[:port]` (port 25 when omitted). The user and
/// password are percent-decoded; they are sent (AUTH PLAIN) only to a relay on this machine,
/// since this client speaks no TLS.
public struct SMTPRelay: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String?
    public var password: String?

    public init(host: String, port: Int = 25, user: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
    }

    /// Reads an `smtp://` URL; the error says what is wrong with it.
    public static func parse(_ text: String) -> Result<SMTPRelay, SMTPRelayError> {
        guard text.lowercased().hasPrefix("smtp://") else { return .failure(.init("must start with smtp://")) }
        var rest = Substring(text.dropFirst("smtp://".count))
        if rest.hasSuffix("/") { rest.removeLast() }
        guard !rest.contains("/"), !rest.contains("?"), !rest.contains("#") else { return .failure(.init("must have no path or query")) }
        var relay = SMTPRelay(host: "")
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let user = parts[0].removingPercentEncoding, let password = parts[1].removingPercentEncoding,
                !user.isEmpty
            else { return .failure(.init("must give credentials as user:password@")) }
            relay.user = user
            relay.password = password
        }
        var hostPart = rest
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return .failure(.init("has an unclosed [")) }
            relay.host = String(rest[rest.index(after: rest.startIndex)..<close])
            hostPart = rest[rest.index(after: close)...]
            guard hostPart.isEmpty || hostPart.hasPrefix(":") else { return .failure(.init("has text after the address")) }
            hostPart = hostPart.isEmpty ? "" : hostPart
            if let port = hostPart.dropFirst().nilIfEmpty {
                guard let number = Int(port), (1...65535).contains(number) else { return .failure(.init("has a port that is not 1 to 65535")) }
                relay.port = number
            }
        } else {
            let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return .failure(.init("has more than one port")) }
            relay.host = String(parts[0])
            if parts.count == 2 {
                guard let number = Int(parts[1]), (1...65535).contains(number) else { return .failure(.init("has a port that is not 1 to 65535")) }
                relay.port = number
            }
        }
        let allowed = relay.host.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".-:".unicodeScalars.contains($0)) }
        guard !relay.host.isEmpty, allowed else { return .failure(.init("must name a host")) }
        return .success(relay)
    }

    /// Whether `host` names this machine (`localhost`, 127.0.0.0/8 or `::1`): only there may a password go unencrypted.
    public var isLocal: Bool { Self.isLoopback(host) }

    static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased()
        if name == "localhost" || name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { Int($0).map { (0...255).contains($0) } ?? false }
    }
}

/// Why an `smtp://` URL cannot be used.
public struct SMTPRelayError: Error, Equatable, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
}

extension Substring {
    fileprivate var nilIfEmpty: Substring? { isEmpty ? nil : self }
}
