import Foundation
import Store

/// Erases the personal data of referrals that ended long ago, keeping their status history.
public enum Retention {
    /// Runs the purge once; returns how many referrals were erased.
    @discardableResult
    public static func purge(_ database: AppDatabase, days: Int, now: Date = Date()) throws -> Int {
        // Reply addresses of decided change requests follow the same rule.
        try database.purgePersonalData(olderThanDays: days, now: now)
    }
}
