import Foundation
import HTTPServer

/// Which addresses a webhook may reach: public ones only.
///
/// A coordinator chooses the address and reads the delivery log, so a webhook pointed inside (the
/// server itself, the private network, a cloud's metadata service) would let them probe what only
/// the server can reach. Loopback, private (RFC 1918, unique-local, shared 100.64/10), link-local,
/// unspecified, multicast, documentation, benchmarking and reserved blocks are refused: at
/// registration for what the address itself says (an IP in any spelling `inet_aton` reads, such as
/// `127.1`, or a `localhost` name), and at every connection for each address the name resolves to,
/// since a name can point somewhere else later.
struct WebhookTargets: Sendable {
    /// Lets deliveries reach loopback (only loopback), for the test suite's receivers on 127.0.0.1.
    /// Never an operator's option: nothing outside the tests sets it.
    var allowsLoopbackForTestsOnly = false

    static let refusedIPv4: [IPNetwork] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4",
        "240.0.0.0/4",
    ].map { IPNetwork($0)! }

    static let refusedIPv6: [IPNetwork] = [
        "::/128", "::1/128", "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "2002::/16",
        "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    ].map { IPNetwork($0)! }

    static let loopback: [IPNetwork] = ["127.0.0.0/8", "::1/128"].map { IPNetwork($0)! }

    /// The words the delivery log and the 422 use: they say what kind of address, never which.
    static let refusal = "must be a public address (not loopback, private, link-local, multicast or reserved)"

    /// Whether a connection to `address` is allowed.
    func allows(_ address: IPAddress) -> Bool {
        if allowsLoopbackForTestsOnly && Self.loopback.contains(where: { $0.contains(address) }) { return true }
        let refused = address.isIPv4 ? Self.refusedIPv4 : Self.refusedIPv6
        return !refused.contains { $0.contains(address) }
    }

    /// Why a registered host is refused without resolving it (an address literal or a local name), or nil.
    func refusal(host: String) -> String? {
        let name = host.lowercased().hasSuffix(".") ? String(host.lowercased().dropLast()) : host.lowercased()
        if let address = Self.literal(name) {
            return allows(address) ? nil : Self.refusal
        }
        if name == "localhost" || name.hasSuffix(".localhost") {
            return allowsLoopbackForTestsOnly ? nil : Self.refusal
        }
        return nil
    }

    /// An IP address however it is written: strict IPv6, and every IPv4 spelling the C library's
    /// resolver accepts (`127.1`, `2130706433`, `0x7f.0.0.1`, `0177.0.0.1`), since it would connect there.
    static func literal(_ host: String) -> IPAddress? {
        if let address = IPAddress(host) { return address }
        var v4 = in_addr()
        guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == "x" || $0 == "X" }), inet_aton(host, &v4) != 0 else { return nil }
        return IPAddress(bytes: withUnsafeBytes(of: &v4) { Array($0) })
    }

    /// The address of a resolved socket address.
    static func address(of socketAddress: UnsafePointer<sockaddr>) -> IPAddress? {
        switch Int32(socketAddress.pointee.sa_family) {
        case AF_INET:
            return socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                var addr = sin.pointee.sin_addr
                return IPAddress(bytes: withUnsafeBytes(of: &addr) { Array($0) })
            }
        case AF_INET6:
            return socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin in
                var addr = sin.pointee.sin6_addr
                return IPAddress(bytes: withUnsafeBytes(of: &addr) { Array($0) })
            }
        default:
            return nil
        }
    }
}
