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
