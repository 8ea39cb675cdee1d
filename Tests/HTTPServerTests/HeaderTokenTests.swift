import Testing

@testable import HTTPServer

/// `hasToken` reads comma-separated fields (`Connection`, `Vary`) in place, item by item.
@Suite struct HeaderTokenTests {
    @Test(arguments: [
        ("close", "close", true), ("Close", "close", true), ("keep-alive, close", "close", true), (" close ", "close", true),
        ("a,,close", "close", true), ("Upgrade,\tclose\t", "close", true), ("closed", "close", false), ("clos", "close", false),
        ("", "close", false), (",", "close", false), ("keep-alive", "close", false), ("x-close", "close", false),
        ("Accept-Encoding, Origin", "origin", true), ("Accept-Encoding,Origin", "Accept-Encoding", true),
    ])
    func aListHoldsAToken(_ list: String, _ token: String, _ holds: Bool) {
        #expect(HTTPHeaders.list(list, contains: token) == holds)
        #expect(HTTPHeaders([("Connection", list)]).hasToken(token, in: "connection") == holds)
    }

    @Test func everyFieldOfTheNameIsRead() {
        let headers = HTTPHeaders([("Vary", "Accept-Encoding"), ("Other", "Origin"), ("vary", "Cookie, Origin")])
        #expect(headers.hasToken("origin", in: "Vary"))
        #expect(!headers.hasToken("Authorization", in: "Vary"))
    }
}
