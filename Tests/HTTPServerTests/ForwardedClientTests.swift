import HTTPServer
import Testing

/// Who the client is behind a trusted proxy: a table of peers and headers and the address that results.
@Suite struct ForwardedClientTests {
    static let resolver = ForwardedClient(trustedProxies: ["127.0.0.1", "10.0.0.0/8", "::1"].compactMap { IPNetwork($0) })

    static func client(peer: String, _ fields: [(String, String)]) -> String {
        var headers = HTTPHeaders()
        for (name, value) in fields { headers.add(name, value) }
        return resolver.address(peer: peer, headers: headers)
    }

    @Test(arguments: [
        // From an untrusted peer the headers are ignored: a client cannot choose its address.
        ("203.0.113.9", [("X-Forwarded-For", "198.51.100.1")], "203.0.113.9"),
        ("203.0.113.9", [("Forwarded", "for=198.51.100.1")], "203.0.113.9"),
        // From a trusted proxy: the right-most untrusted address.
        ("127.0.0.1", [("X-Forwarded-For", "198.51.100.1")], "198.51.100.1"),
        ("127.0.0.1", [("X-Forwarded-For", "6.6.6.6, 198.51.100.1")], "198.51.100.1"),
        ("127.0.0.1", [("X-Forwarded-For", "6.6.6.6, 198.51.100.1, 10.1.2.3")], "198.51.100.1"),
        ("127.0.0.1", [("X-Forwarded-For", "6.6.6.6"), ("X-Forwarded-For", "198.51.100.1")], "198.51.100.1"),
        ("::1", [("X-Forwarded-For", "2001:db8::7")], "2001:db8::7"),
        ("::ffff:127.0.0.1", [("X-Forwarded-For", "198.51.100.1:4711")], "198.51.100.1"),
        ("127.0.0.1", [("X-Forwarded-For", "[2001:db8::7]:443")], "2001:db8::7"),
        // All hops trusted: the left-most of them.
        ("127.0.0.1", [("X-Forwarded-For", "10.9.9.9, 10.1.1.1")], "10.9.9.9"),
        // No header, or garbage written by the last proxy: the proxy itself.
        ("127.0.0.1", [], "127.0.0.1"),
        ("127.0.0.1", [("X-Forwarded-For", "198.51.100.1, unknown")], "127.0.0.1"),
        ("127.0.0.1", [("X-Forwarded-For", "not-an-address, 198.51.100.1")], "198.51.100.1"),
        // RFC 7239 Forwarded, when there is no X-Forwarded-For.
        ("127.0.0.1", [("Forwarded", "for=6.6.6.6, for=198.51.100.1;proto=https")], "198.51.100.1"),
        ("127.0.0.1", [("Forwarded", #"for="[2001:db8:cafe::17]:4711";proto=https"#)], "2001:db8:cafe::17"),
        ("127.0.0.1", [("Forwarded", "for=_hidden")], "127.0.0.1"),
        ("127.0.0.1", [("X-Forwarded-For", "198.51.100.1"), ("Forwarded", "for=6.6.6.6")], "198.51.100.1"),
    ])
    func theClientIsTheRightMostUntrustedHop(peer: String, fields: [(String, String)], expected: String) {
        #expect(Self.client(peer: peer, fields) == expected)
    }

    @Test func withoutTrustedProxiesThePeerIsTheClient() {
        var headers = HTTPHeaders()
        headers.add("X-Forwarded-For", "198.51.100.1")
        #expect(ForwardedClient(trustedProxies: []).address(peer: "127.0.0.1", headers: headers) == "127.0.0.1")
    }

    @Test func networksParseStrictlyAndMatchByPrefix() throws {
        let block = try #require(IPNetwork("192.168.1.77/24"))
        #expect(block.description == "192.168.1.0/24")
        #expect(block.contains(try #require(IPAddress("192.168.1.200"))))
        #expect(!block.contains(try #require(IPAddress("192.168.2.1"))))
        #expect(try #require(IPNetwork("fd00::/8")).contains(try #require(IPAddress("fd12::1"))))
        #expect(try #require(IPNetwork("0.0.0.0/0")).contains(try #require(IPAddress("8.8.8.8"))))
        for bad in ["", "127.1", "10.0.0.0/33", "::1/129", "10.0.0.0/", "host.example", "10.0.0.0/-1", "1.2.3.4/ 8"] {
            #expect(IPNetwork(bad) == nil, "\(bad)")
        }
    }
}
