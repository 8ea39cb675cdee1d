import Foundation
import Synchronization

/// How many messages one thing may cause (the status link mailed again, per referral): at most
/// `perWindow` within any `window` seconds, each at least `spacing` after the one before. Unlike a
/// `RateLimiter` it refuses nothing visibly: the caller asks whether to send, and answers the same
/// either way, so the answer tells nobody whether a message was written.
final class MessageQuota: Sendable {
    let spacing: Double
    let perWindow: Int
    let window: Double
    /// When each key's messages within the window were allowed, oldest first.
    private let allowed = Mutex<[String: [Double]]>([:])

    init(spacing: Double, perWindow: Int, window: Double) {
        self.spacing = spacing
        self.perWindow = perWindow
        self.window = window
    }

    /// Whether a message for `key` may be sent now; when it may, it is counted.
    func admit(_ key: String, now: Double = Date().timeIntervalSince1970) -> Bool {
        allowed.withLock { allowed in
            if allowed.count > 100_000 { allowed = allowed.filter { now - ($0.value.last ?? 0) < window } }
            let recent = (allowed[key] ?? []).filter { now - $0 < window }
            guard recent.count < perWindow, recent.last.map({ now - $0 >= spacing }) ?? true else {
                allowed[key] = recent
                return false
            }
            allowed[key] = recent + [now]
            return true
        }
    }
}
