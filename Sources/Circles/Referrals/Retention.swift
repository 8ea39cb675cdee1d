import Foundation
import Store

/// Erases the personal data of referrals that ended long ago, keeping their status history.
public enum Retention {
    /// Runs the purge once; returns how many referrals were erased.
    @discardableResult
    public static func purge(_ database: AppDatabase, days: Int, now: Date = Date()) throws -> Int {
        try database.pool.write { db in
            let count = try ReferralWrites.purge(olderThanDays: days, now: now, in: db)
            if count > 0 {
                try AuditWrites.record(AuditEntry(actor: "system", action: "referral.purge", targetType: "referral", detail: "\(count) erased after \(days) days"), in: db)
            }
            // Reply addresses of decided change requests follow the same rule.
            let replies = try ChangeRequestStore.purgeReplyAddresses(olderThanDays: days, now: now, in: db)
            if replies > 0 {
                try AuditWrites.record(AuditEntry(actor: "system", action: "change_request.purge", targetType: "change_request", detail: "\(replies) reply addresses erased after \(days) days"), in: db)
            }
            return count
        }
    }
}

/// A background thread that wakes every `interval` seconds to run periodic work until stopped.
final class PeriodicJob: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    init(name: String, interval: TimeInterval, _ work: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            while true {
                condition.lock()
                if !stopped { _ = condition.wait(until: Date().addingTimeInterval(interval)) }
                let done = stopped
                condition.unlock()
                if done { break }
                work()
            }
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        finished.wait()
    }
}
