/// Who the client is when a trusted reverse proxy forwards its requests.
///
/// From a peer in `trustedProxies` only, the client is the right-most address of `X-Forwarded-For`
/// (or, when the request has none, of `Forwarded`'s `for=`) that is not itself a trusted proxy: each
/// proxy appends the address it saw, so everything left of the last untrusted hop may be invented by
/// the client. From any other peer the headers are ignored. An entry that is not a numeric address
/// (`unknown`, an obfuscated name) ends the walk at the hop that wrote it.
public struct ForwardedClient: Sendable {
    public let trustedProxies: [IPNetwork]

    public init(trustedProxies: [IPNetwork]) {
        self.trustedProxies = trustedProxies
    }

    public func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }

    /// The client's address for a request that came from `peer`.
    public func address(peer: String, headers: HTTPHeaders) -> String {
        guard !trustedProxies.isEmpty, let peerAddress = IPAddress(peer), isTrusted(peerAddress) else { return peer }
        let hops: [Substring]
        let forwardedFor = headers.values("X-Forwarded-For")
        if !forwardedFor.isEmpty {
            hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingSpaces() }
        } else {
            hops = headers.values("Forwarded").flatMap { Self.forwardedFor($0) }
        }
        var client = peerAddress
        for hop in hops.reversed() {
            guard let address = Self.address(hop) else { break }
            client = address
            if !isTrusted(address) { break }
        }
        return client.description
    }

    /// An entry's address without brackets or port: `192.0.2.1:8080`, `[2001:db8::1]:443`, `2001:db8::1`.
    static func address(_ hop: Substring) -> IPAddress? {
        if let address = IPAddress(hop) { return address }
        if hop.hasPrefix("["), let close = hop.firstIndex(of: "]") {
            return IPAddress(hop[hop.index(after: hop.startIndex)..<close])
        }
        if let colon = hop.firstIndex(of: ":"), hop[hop.index(after: colon)...].allSatisfy(\.isNumber) {
            return IPAddress(hop[..<colon]).flatMap { $0.isIPv4 ? $0 : nil }
        }
        return nil
    }

    /// The `for=` values of a `Forwarded` field (RFC 7239), in order, quotes removed.
    static func forwardedFor(_ field: String) -> [Substring] {
        var values: [Substring] = []
        for element in splitOutsideQuotes(Substring(field), on: ",") {
            var value: Substring = "unknown"
            for pair in splitOutsideQuotes(element, on: ";") {
                let trimmedPair = pair.trimmingSpaces()
                guard let equals = trimmedPair.firstIndex(of: "="), trimmedPair[..<equals].lowercased() == "for" else { continue }
                value = trimmedPair[trimmedPair.index(after: equals)...]
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            }
            values.append(value)
        }
        return values
    }

    private static func splitOutsideQuotes(_ text: Substring, on separator: Character) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var quoted = false
        for index in text.indices {
            if text[index] == "\"" { quoted.toggle() }
            if text[index] == separator && !quoted {
                parts.append(text[start..<index])
                start = text.index(after: index)
            }
        }
        parts.append(text[start...])
        return parts
    }
}
