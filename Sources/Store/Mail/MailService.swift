import Foundation
import GRDB

/// The mail outbox as the sender and the console use it: each function one transaction.
extension AppDatabase {
    /// Claims the message due first (hidden until `leaseUntil`), or tells when the next one is due.
    public func claimMail(now: String, leaseUntil: String) throws -> (job: MailJob?, nextDue: String?) {
        try pool.write { db in
            if let job = try MailOutbox.claimNext(now: now, leaseUntil: leaseUntil, in: db) { return (job, nil) }
            return (nil, try MailOutbox.nextDue(in: db))
        }
    }

    /// Frees the messages a sender of an earlier process held when it died: they are due now. Only
    /// the one sender of the one server of a database calls this, when it starts.
    @discardableResult
    public func releaseMailClaims(now: String) throws -> Int {
        try pool.write { try MailOutbox.releaseClaims(now: now, in: $0) }
    }

    /// Records an attempt's outcome, with `audit` (the opening of the sealed address to send it) in
    /// the same transaction.
    public func recordMailAttempt(id: Int64, at: String, outcome: MailAttemptOutcome, audit: AuditEntry?) throws {
        try pool.write { db in
            try MailOutbox.record(id: id, at: at, outcome: outcome, in: db)
            if let audit { try AuditWrites.record(audit, in: db) }
        }
    }

    /// Counts of the outbox and its latest failures (at most `failures`).
    public func mailSummary(failures: Int = 20) throws -> MailSummary {
        try pool.read { try MailOutbox.summary(failures: failures, in: $0) }
    }

    /// The person behind a referral asked for no more mail: recorded, pending messages about it
    /// given up, `audit` written, in one transaction. False when there is no such referral.
    public func unsubscribeReferral(id: Int64, audit: AuditEntry) throws -> Bool {
        try pool.write { db in
            guard try ReferralRecord.exists(db, key: id) else { return false }
            let now = Timestamp.now()
            try db.execute(
                sql: "UPDATE referrals SET mail_unsubscribed_at = coalesce(mail_unsubscribed_at, ?) WHERE id = ?", arguments: [now, id])
            try MailOutbox.cancel(targetType: "referral", targetId: String(id), at: WebhookTime.format(Date()), in: db)
            try AuditWrites.record(audit, in: db)
            return true
        }
    }

    /// Whether the person behind a referral has unsubscribed.
    public func referralUnsubscribed(id: Int64) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT mail_unsubscribed_at IS NOT NULL FROM referrals WHERE id = ?", arguments: [id]) ?? false
        }
    }

    /// A user's choice of referral notices.
    public func referralNotices(userId: Int64) throws -> ReferralNotices {
        try pool.read { db in
            try ReferralNotices.fetchOne(db, sql: "SELECT referral_notices FROM users WHERE id = ?", arguments: [userId]) ?? .off
        }
    }

    /// Sets a user's choice of referral notices, with `audit`.
    public func setReferralNotices(userId: Int64, _ notices: ReferralNotices, audit: AuditEntry) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE users SET referral_notices = ? WHERE id = ?", arguments: [notices, userId])
            guard db.changesCount > 0 else { throw StoreFailure.notFound }
            try AuditWrites.record(audit, in: db)
        }
    }
}
