import Foundation
import Synchronization

/// A token bucket per client address: `capacity` requests at once, refilled at `perSecond`.
/// Answers 429 with `Retry-After` when a bucket is empty.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    let capacity: Double
    let perSecond: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    init(capacity: Double, perMinute: Double) {
        self.capacity = capacity
        self.perSecond = perMinute / 60
    }

    /// The tokens `client` has now.
    func peek(_ client: String, now: Double) -> Double {
        buckets.withLock { buckets in
            guard let bucket = buckets[client] else { return capacity }
            return min(capacity, bucket.tokens + (now - bucket.updated) * perSecond)
        }
    }

    /// Takes a token for `client`; returns nil when allowed, or the seconds to wait.
    func take(_ client: String, now: Double = Date().timeIntervalSince1970) -> Int? {
        buckets.withLock { buckets in
            if buckets.count > 100_000 { buckets = buckets.filter { now - $0.value.updated < 3600 } }
            var bucket = buckets[client] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * perSecond)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                buckets[client] = bucket
                return nil
            }
            buckets[client] = bucket
            return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
        }
    }
}

extension RateLimiter {
    /// Gives back a token `take` gave `client`, for a request that was refused and so used up nothing.
    func giveBack(_ client: String, now: Double = Date().timeIntervalSince1970) {
        buckets.withLock { buckets in
            guard var bucket = buckets[client] else { return }
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * perSecond + 1)
            bucket.updated = now
            buckets[client] = bucket
        }
    }

    /// Whether `client`'s bucket holds less than one token now (without taking one).
    func isEmpty(_ client: String, now: Double = Date().timeIntervalSince1970) -> Bool {
        peek(client, now: now) < 1
    }
}

/// The limits of the abuse-prone routes.
struct RateLimits: Sendable {
    /// Anonymous referrals recorded, per address: a post refused for its fields gives its token back
    /// (`ReferralRoutes.limitingAnonymous`), so nobody is locked out by their own mistakes.
    var referrals = RateLimiter(capacity: 5, perMinute: 5)
    /// Every anonymous referral post, refused or not, per address: one every 2 seconds goes on for ever.
    var referralAttempts = RateLimiter(capacity: 30, perMinute: 30)
    /// Feedback and suggested corrections recorded, per address; refused posts give their token back,
    /// and count only against the looser `…Attempts` (`API.limitingRefusals`).
    var feedback = RateLimiter(capacity: 5, perMinute: 5)
    var feedbackAttempts = RateLimiter(capacity: 30, perMinute: 30)
    /// Per address, whatever the account: spraying guesses across accounts.
    var logins = RateLimiter(capacity: 10, perMinute: 5)
    /// Per (account, address), and the account as a whole slowed, never blocked.
    var loginGuesses = LoginThrottle()
    var corrections = RateLimiter(capacity: 5, perMinute: 5)
    var correctionAttempts = RateLimiter(capacity: 30, perMinute: 30)
    /// The person's own steps from a status link: withdraw, "I went", "not for me".
    var statusSteps = RateLimiter(capacity: 5, perMinute: 5)
    /// "E-mail me the link", per referral: one message in 10 minutes, three in 24 hours, whoever asks.
    var statusLinkMails = MessageQuota(spacing: 600, perWindow: 3, window: 86_400)
    /// "Forgot password", per address asking.
    var passwordResets = RateLimiter(capacity: 5, perMinute: 2)
    /// "Forgot password", per account asked about: three links, then one every 20 minutes, whoever asks.
    var resetsPerAccount = RateLimiter(capacity: 3, perMinute: 0.05)
}
