import Foundation
import Synchronization

/// Limits password guesses without letting anyone lock a person out of their account.
///
/// Guesses are limited per (account, address): 5 at once, then 5 a minute (429). The account as a
/// whole is only slowed: once it has taken more than 10 wrong passwords (refilled at 5 a minute), an
/// address that got one wrong for it within the last minute waits a minute before its next try. An
/// address that has not been guessing is always heard, so the real person, from their own address,
/// signs in with the right password however many others are guessing. (Guessing across accounts
/// from one address is limited apart, by `RateLimits.logins`.)
final class LoginThrottle: Sendable {
    let pairs = RateLimiter(capacity: 5, perMinute: 5)
    /// Wrong passwords per account; empty means the account is being guessed at from many places.
    let accountFailures = RateLimiter(capacity: 10, perMinute: 5)
    /// Seconds an address that guessed wrong waits while its account is slowed.
    static let slowedWait = 60.0
    private let lastFailure = Mutex<[String: Double]>([:])

    private static func pair(_ account: String, _ address: String) -> String { account + "\n" + address }

    /// nil when this attempt may be checked, or the seconds to wait.
    func admit(account: String, address: String, now: Double = Date().timeIntervalSince1970) -> Int? {
        let pair = Self.pair(account, address)
        if accountFailures.isEmpty(account, now: now), let failed = lastFailure.withLock({ $0[pair] }), now - failed < Self.slowedWait {
            return max(1, Int((Self.slowedWait - (now - failed)).rounded(.up)))
        }
        return pairs.take(pair, now: now)
    }

    /// Counts a wrong password for the account, from this address.
    func failed(account: String, address: String, now: Double = Date().timeIntervalSince1970) {
        _ = accountFailures.take(account, now: now)
        lastFailure.withLock { failures in
            if failures.count > 100_000 { failures = failures.filter { now - $0.value < Self.slowedWait } }
            failures[Self.pair(account, address)] = now
        }
    }
}
