import Foundation
import GRDB

/// A message ready for the outbox: sealed by the caller (its recipient included), bound to its
/// Message-ID, and what it is about.
public struct OutgoingMail: Sendable {
    public var messageId: String
    public var kind: MailKind
    public var targetType: String
    public var targetId: String
    public var organizationId: Int64?
    public var sealedMessage: Data
    /// The audit entry of reading the recipient's address from its sealed column to write this
    /// message (nil when the address came with the request, or is a member of staff's).
    public var addressRead: AuditEntry?
    /// Not to be sent before this instant (a check-in after a first meeting); nil: at once.
    public var notBefore: Date?

    public init(
        messageId: String, kind: MailKind, targetType: String, targetId: String, organizationId: Int64?, sealedMessage: Data,
        addressRead: AuditEntry? = nil, notBefore: Date? = nil
    ) {
        self.messageId = messageId
        self.kind = kind
        self.targetType = targetType
        self.targetId = targetId
        self.organizationId = organizationId
        self.sealedMessage = sealedMessage
        self.addressRead = addressRead
        self.notBefore = notBefore
    }
}

/// A message the sender has claimed: everything it needs to open, send and account for it.
public struct MailJob: Sendable, Equatable {
    public var id: Int64
    public var messageId: String
    public var kind: MailKind
    public var targetType: String
    public var targetId: String
    public var organizationId: Int64?
    public var sealedMessage: Data
    /// Attempts before this one.
    public var attempts: Int
}

/// How an attempt ended, and what comes next.
public enum MailAttemptOutcome: Sendable, Equatable {
    case sent
    case retry(at: String, error: String)
    case failed(error: String)
    /// Not due yet after all (a check-in whose first meeting moved later): waits until then, no attempt counted.
    case postponed(until: String)
    /// No longer wanted (a check-in about a referral that ended): dropped and erased, not a failure.
    case notNeeded
}

/// A message given up, as the console lists it (never its content or recipient).
public struct MailFailure: Sendable, Equatable {
    public var messageId: String
    public var kind: MailKind
    public var attempts: Int
    public var failedAt: String
    public var error: String
}

/// The outbox in numbers, for the console and `/metrics`.
public struct MailSummary: Sendable, Equatable {
    public var pending: Int
    public var sent: Int
    public var failed: Int
    public var recentFailures: [MailFailure]
}

/// Writes messages to the outbox, in the transaction of the event they tell of: a message exists
/// exactly when its event committed, and the request never waits for the relay.
public enum MailOutbox {
    /// `last_error` of messages given up on purpose rather than failed: the console does not count them.
    static let unsubscribed = "unsubscribed"
    static let notNeeded = "no longer needed"

    public static func enqueue(_ mails: [OutgoingMail], in db: Database) throws {
        let now = Date()
        for mail in mails {
            let due = max(now, mail.notBefore ?? now)
            try db.execute(
                sql: """
                    INSERT INTO mail_outbox (message_id, kind, target_type, target_id, organization_id, sealed_message, created_at, next_attempt_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    mail.messageId, mail.kind, mail.targetType, mail.targetId, mail.organizationId, mail.sealedMessage,
                    Timestamp.format(now), WebhookTime.format(due),
                ])
            if let read = mail.addressRead { try AuditWrites.record(read, in: db) }
        }
    }

    /// Claims the message due first, hiding it until `leaseUntil` (if this process dies, it comes back then).
    static func claimNext(now: String, leaseUntil: String, in db: Database) throws -> MailJob? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT id, message_id, kind, target_type, target_id, organization_id, sealed_message, attempts FROM mail_outbox
                    WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1
                    """, arguments: [now])
        else { return nil }
        let id: Int64 = row["id"]
        try db.execute(sql: "UPDATE mail_outbox SET next_attempt_at = ?, claimed_at = ? WHERE id = ?", arguments: [leaseUntil, now, id])
        guard let sealed: Data = row["sealed_message"] else {
            try db.execute(sql: "UPDATE mail_outbox SET failed_at = ?, last_error = 'the message was erased' WHERE id = ?", arguments: [now, id])
            return nil
        }
        return MailJob(
            id: id, messageId: row["message_id"], kind: row["kind"], targetType: row["target_type"], targetId: row["target_id"],
            organizationId: row["organization_id"], sealedMessage: sealed, attempts: row["attempts"])
    }

    /// Makes the messages a dead sender held due now (its process crashed mid-attempt); returns how many.
    static func releaseClaims(now: String, in db: Database) throws -> Int {
        try db.execute(
            sql: "UPDATE mail_outbox SET next_attempt_at = ?, claimed_at = NULL WHERE claimed_at IS NOT NULL AND sent_at IS NULL AND failed_at IS NULL",
            arguments: [now])
        return db.changesCount
    }

    /// When the next pending message is due, if there is one.
    static func nextDue(in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT min(next_attempt_at) FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL")
    }

    /// Moves a message on after an attempt. A sent or given-up message loses its sealed content.
    static func record(id: Int64, at: String, outcome: MailAttemptOutcome, in db: Database) throws {
        switch outcome {
        case .sent:
            try db.execute(
                sql: "UPDATE mail_outbox SET attempts = attempts + 1, sent_at = ?, claimed_at = NULL, sealed_message = NULL, last_error = '' WHERE id = ?",
                arguments: [at, id])
        case .retry(let next, let error):
            try db.execute(
                sql: "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ?, claimed_at = NULL, last_error = ? WHERE id = ?",
                arguments: [next, error, id])
        case .failed(let error):
            try db.execute(
                sql: "UPDATE mail_outbox SET attempts = attempts + 1, failed_at = ?, claimed_at = NULL, sealed_message = NULL, last_error = ? WHERE id = ?",
                arguments: [at, error, id])
        case .postponed(let until):
            try db.execute(sql: "UPDATE mail_outbox SET next_attempt_at = ?, claimed_at = NULL WHERE id = ?", arguments: [until, id])
        case .notNeeded:
            try db.execute(
                sql: "UPDATE mail_outbox SET failed_at = ?, claimed_at = NULL, sealed_message = NULL, last_error = ? WHERE id = ?",
                arguments: [at, Self.notNeeded, id])
        }
    }

    /// Gives up every pending message about one thing (the person unsubscribed), erasing their content.
    static func cancel(targetType: String, targetId: String, at: String, in db: Database) throws {
        try db.execute(
            sql: """
                UPDATE mail_outbox SET failed_at = ?, sealed_message = NULL, last_error = ?
                WHERE target_type = ? AND target_id = ? AND sent_at IS NULL AND failed_at IS NULL
                """, arguments: [at, unsubscribed, targetType, targetId])
    }

    /// Drops the pending messages of one kind about one thing (a referral's check-in once it is no
    /// longer wanted), erasing their content; returns how many.
    @discardableResult
    static func drop(kind: MailKind, targetType: String, targetId: String, at: String, in db: Database) throws -> Int {
        try db.execute(
            sql: """
                UPDATE mail_outbox SET failed_at = ?, sealed_message = NULL, last_error = ?
                WHERE kind = ? AND target_type = ? AND target_id = ? AND sent_at IS NULL AND failed_at IS NULL
                """, arguments: [at, notNeeded, kind, targetType, targetId])
        return db.changesCount
    }

    static func summary(failures limit: Int, in db: Database) throws -> MailSummary {
        let counts = try Row.fetchOne(
            db,
            sql: """
                SELECT count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL) AS pending,
                       count(*) FILTER (WHERE sent_at IS NOT NULL) AS sent,
                       count(*) FILTER (WHERE failed_at IS NOT NULL AND last_error NOT IN (?, ?)) AS failed
                FROM mail_outbox
                """, arguments: [unsubscribed, notNeeded])!
        let failures = try Row.fetchAll(
            db,
            sql: """
                SELECT message_id, kind, attempts, failed_at, last_error FROM mail_outbox
                WHERE failed_at IS NOT NULL AND last_error NOT IN (?, ?) ORDER BY failed_at DESC, id DESC LIMIT ?
                """, arguments: [unsubscribed, notNeeded, limit]
        ).map { row in
            MailFailure(messageId: row["message_id"], kind: row["kind"], attempts: row["attempts"], failedAt: row["failed_at"], error: row["last_error"])
        }
        return MailSummary(pending: counts["pending"], sent: counts["sent"], failed: counts["failed"], recentFailures: failures)
    }

    /// The coordinators of an organization who chose to hear of new referrals (any choice but `off`
    /// for an urgent one, `immediate` otherwise), enabled accounts only.
    public static func referralNoticeRecipients(organizationId: Int64, urgent: Bool, in db: Database) throws -> [UserRecord] {
        let choices: [ReferralNotices] = urgent ? [.immediate, .hourly, .daily] : [.immediate]
        return try UserRecord.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT * FROM users WHERE organization_id = ? AND role = 'coordinator' AND disabled_at IS NULL
                    AND referral_notices IN (\(choices.map { _ in "?" }.joined(separator: ","))) ORDER BY id
                    """), arguments: StatementArguments([organizationId] + choices.map(\.rawValue)))
    }
}
