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

extension AppDatabase {
    /// The coordinators' digests due at `now`, in one transaction: for each enabled coordinator who
    /// chose `hourly` or `daily` and whose last digest is that old, the ordinary (not urgent: those
    /// were told at once) referrals of their organization since then; `compose` writes the message
    /// for a coordinator, their organization's name and the count (nothing when it is zero), and the
    /// digest time moves on. Returns how many messages were queued.
    @discardableResult
    public func queueReferralDigests(now: Date, compose: (UserRecord, String, Int) throws -> OutgoingMail?) throws -> Int {
        try pool.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT u.id, u.referral_notices, u.notices_digested_at, o.name AS organization_name FROM users u
                    JOIN organizations o ON o.id = u.organization_id
                    WHERE u.role = 'coordinator' AND u.disabled_at IS NULL AND u.referral_notices IN ('hourly', 'daily')
                    """)
            var queued = 0
            let until = Timestamp(now)
            for row in rows {
                let notices: ReferralNotices = row["referral_notices"]
                // A little short of the period, so that an hourly job never skips a turn.
                let period: Double = notices == .daily ? 86_400 : 3_600
                let last: Timestamp? = row["notices_digested_at"]
                if let last, last > until.adding(-(period - 300)) { continue }
                let since = last ?? until.adding(-period)
                guard let user = try UserRecord.fetchOne(db, id: row["id"] as Int64), let organizationId = user.organizationId else { continue }
                let count =
                    try Int.fetchOne(
                        db,
                        sql: "SELECT count(*) FROM referrals WHERE organization_id = ? AND urgent = 0 AND created_at > ? AND created_at <= ?",
                        arguments: [organizationId, since, until]) ?? 0
                if count > 0, let mail = try compose(user, row["organization_name"], count) {
                    try MailOutbox.enqueue([mail], in: db)
                    queued += 1
                }
                try db.execute(sql: "UPDATE users SET notices_digested_at = ? WHERE id = ?", arguments: [until, user.id])
            }
            return queued
        }
    }
}
