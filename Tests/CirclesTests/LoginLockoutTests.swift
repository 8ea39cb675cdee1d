import Foundation
import HTTPServer
import TestSupport
import Testing

@testable import Circles

/// Nobody can lock a coordinator out: guesses are limited per (account, address), the account as a
/// whole is only slowed, and the right password from an address that has not been guessing works.
/// The server trusts 127.0.0.1 as its proxy, so each request says its source in `X-Forwarded-For`.
/// One test at a time, each waiting long for an answer: every guess runs scrypt, which a busy machine
/// makes slow, and other suites sign in too.
@Suite(.serialized) struct LoginLockoutTests {
    let app: TestApp
    static let email = "casey@alpha.example.org"
    static let password = "correct horse battery"

    init() throws {
        app = try TestApp { $0.server.trustedProxies = [IPNetwork("127.0.0.1")!] }
        let admin = try app.key()
        _ = try app.makeOrganization("alpha", key: admin)
        _ = try Accounts.add(in: app.database, email: Self.email, name: "Casey", role: "coordinator", organizationSlug: "alpha", password: Self.password)
    }

    func login(_ password: String, from address: String) throws -> Int {
        let body = [UInt8](try JSONSerialization.data(withJSONObject: ["email": Self.email, "password": password]))
        let headers = [("X-Forwarded-For", address), ("Content-Type", "application/json")]
        return try RawClient(port: app.port, timeout: 60).request("POST", "/api/v1/auth/login", headers: headers, body: body).status
    }

    @Test func guessesAreLimitedPerAccountAndAddress() throws {
        // 5 at once, then 5 a minute: a slow machine may let one more through while scrypt runs.
        var statuses: [Int] = []
        while statuses.count < 10, statuses.last != 429 { statuses.append(try login("wrong guess", from: "203.0.113.1")) }
        #expect(statuses.last == 429, "guesses from one address: \(statuses)")
        #expect(statuses.count <= 8, "\(statuses)")
        #expect(try login(Self.password, from: "203.0.113.1") == 429, "that address waits, even with the right password")
        #expect(try login(Self.password, from: "198.51.100.20") == 200, "the person, from their own address")
    }

    @Test func guessesFromManyAddressesDoNotLockTheAccountOut() throws {
        // Twelve wrong passwords from three addresses: more than the account takes before it is slowed.
        for attacker in ["203.0.113.1", "203.0.113.2", "203.0.113.3"] {
            // Once the account is slowed, an address that has been guessing waits (429).
            for _ in 1...4 { #expect([401, 429].contains(try login("wrong guess", from: attacker))) }
        }
        #expect(try login("wrong guess", from: "203.0.113.4") == 401, "a new address is heard")
        #expect(try login(Self.password, from: "198.51.100.20") == 200, "the right password from an address that has not been guessing")
    }

    /// The account as a whole, on a clock of the test's own: slowed for addresses that guessed, open to others.
    @Test func theThrottleSlowsGuessingAddressesForAMinuteOnly() {
        let throttle = LoginThrottle()
        for n in 0..<9 { throttle.failed(account: "a", address: "x\(n % 3)", now: 1000) }
        #expect(throttle.admit(account: "a", address: "x0", now: 1001) == nil, "not yet slowed: 9 wrong passwords")
        for n in 0..<3 { throttle.failed(account: "a", address: "x\(n % 3)", now: 1001) }
        #expect(throttle.admit(account: "a", address: "x0", now: 1002) == 59, "slowed: an address that guessed waits")
        #expect(throttle.admit(account: "a", address: "fresh", now: 1002) == nil, "an address that has not guessed is heard")
        throttle.failed(account: "a", address: "fresh", now: 1002)
        #expect(throttle.admit(account: "a", address: "fresh", now: 1003) != nil, "then waits too")
        #expect(throttle.admit(account: "b", address: "x0", now: 1003) == nil, "other accounts are not slowed")
        #expect(throttle.admit(account: "a", address: "x0", now: 1001 + LoginThrottle.slowedWait + 1) == nil, "for a minute only")
    }
}
