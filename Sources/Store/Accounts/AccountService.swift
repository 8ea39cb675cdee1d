import Foundation
import GRDB

/// Console accounts as their managers and owners change them, each in one transaction with its
/// audit entry (and its e-mail, written to the outbox in the same transaction): invitations,
/// role changes, disabling, removal, password links. Disabling an account or changing its password
/// ends every session it has.
extension AppDatabase {
    /// The accounts of one organization (nil: every account), by e-mail address.
    public func accounts(organizationId: Int64?) throws -> [UserRecord] {
        try pool.read { db in
            var request = UserRecord.order(sql: "email COLLATE NOCASE")
            if let organizationId { request = request.filter(Column("organization_id") == organizationId) }
            return try request.fetchAll(db)
        }
    }

    /// Creates an invited account (no password yet: it cannot sign in) and its invitation link, and
    /// queues the invitation `compose` writes for it. `StoreFailure.conflict(field: "email")` when the
    /// address has an account already.
    public func inviteAccount(
        _ user: UserRecord, tokenHash: String, compose: (UserRecord) throws -> OutgoingMail?, audit: (UserRecord) -> AuditEntry
    ) throws -> UserRecord {
        try pool.write { db in
            var user = user
            user.passwordHash = ""
            do { try user.insert(db) } catch {
                throw StoreFailure.translate(error, uniqueFields: ["users.email": "email"], referenceField: "organization_id")
            }
            try Self.insertLink(tokenHash, userId: user.id!, purpose: .invitation, in: db)
            if let mail = try compose(user) { try MailOutbox.enqueue([mail], in: db) }
            try AuditWrites.record(audit(user), in: db)
            return user
        }
    }

    /// Changes an account's role and whether it is disabled, when `mayManage` says the caller manages
    /// it as it is (`StoreFailure.notFound` otherwise). Disabling ends its sessions; enabling again
    /// lets it sign in with the password it had.
    public func changeAccount(
        id: Int64, role: Role?, disabled: Bool?, mayManage: (UserRecord) -> Bool, audit: (UserRecord) -> AuditEntry
    ) throws -> UserRecord {
        try pool.write { db in
            guard var user = try UserRecord.fetchOne(db, id: id), mayManage(user) else { throw StoreFailure.notFound }
            if let role { user.role = role }
            if let disabled {
                if disabled && user.disabledAt == nil { user.disabledAt = Timestamp.now() }
                if !disabled { user.disabledAt = nil }
            }
            try user.update(db)
            if user.disabledAt != nil { try Self.endSessions(userId: id, in: db) }
            try AuditWrites.record(audit(user), in: db)
            return user
        }
    }

    /// Removes an account the caller manages (`StoreFailure.notFound` otherwise): its sessions and
    /// links go with it; the audit log keeps what it did.
    public func removeAccount(id: Int64, mayManage: (UserRecord) -> Bool, audit: (UserRecord) -> AuditEntry) throws {
        try pool.write { db in
            guard let user = try UserRecord.fetchOne(db, id: id), mayManage(user) else { throw StoreFailure.notFound }
            try AuditWrites.record(audit(user), in: db)
            _ = try user.delete(db)
        }
    }

    /// "Forgot password": for an enabled account with that address, a reset link and the message
    /// `compose` writes for it, with `audit`. Nothing for an unknown or disabled address; the caller
    /// answers the same either way. Returns whether a link was made (for tests and logs only).
    @discardableResult
    public func queuePasswordReset(
        email: String, tokenHash: String, compose: (UserRecord) throws -> OutgoingMail?, audit: (UserRecord) -> AuditEntry
    ) throws -> Bool {
        try pool.write { db in
            guard let user = try UserRecord.filter(sql: "email = ? COLLATE NOCASE", arguments: [email]).fetchOne(db), user.disabledAt == nil,
                let mail = try compose(user)
            else { return false }
            try Self.insertLink(tokenHash, userId: user.id!, purpose: .passwordReset, in: db)
            try MailOutbox.enqueue([mail], in: db)
            try AuditWrites.record(audit(user), in: db)
            return true
        }
    }

    /// The account a link opens and what it is for, while the link is unused and unexpired and the
    /// account enabled; nil otherwise.
    public func accountLink(tokenHash: String) throws -> (user: UserRecord, purpose: AccountTokenPurpose)? {
        try pool.read { try Self.openLink(tokenHash, in: $0) }
    }

    /// Sets the password of the account a usable link opens (`StoreFailure.notFound` when the link
    /// is unknown, used, expired, or its account disabled): the link and every other open link of
    /// the account are used up, and all its sessions end.
    public func setPassword(
        tokenHash: String, passwordHash: (UserRecord) throws -> String, audit: (UserRecord, AccountTokenPurpose) -> AuditEntry
    )
        throws -> UserRecord
    {
        try pool.write { db in
            guard let (user, purpose) = try Self.openLink(tokenHash, in: db) else { throw StoreFailure.notFound }
            try Self.changePassword(of: user, to: try passwordHash(user), in: db)
            try AuditWrites.record(audit(user, purpose), in: db)
            return user
        }
    }

    /// The account's owner changes the password: every session ends (the caller starts a new one)
    /// and open links are used up.
    public func changePassword(userId: Int64, passwordHash: String, audit: AuditEntry) throws {
        try pool.write { db in
            guard let user = try UserRecord.fetchOne(db, id: userId) else { throw StoreFailure.notFound }
            try Self.changePassword(of: user, to: passwordHash, in: db)
            try AuditWrites.record(audit, in: db)
        }
    }

    private static func changePassword(of user: UserRecord, to hash: String, in db: Database) throws {
        let now = Timestamp.now()
        try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [hash, user.id])
        try db.execute(sql: "UPDATE account_tokens SET used_at = ? WHERE user_id = ? AND used_at IS NULL", arguments: [now, user.id])
        try endSessions(userId: user.id!, in: db)
    }

    private static func insertLink(_ tokenHash: String, userId: Int64, purpose: AccountTokenPurpose, in db: Database) throws {
        let now = Timestamp.now()
        try db.execute(
            sql: "INSERT INTO account_tokens (id, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [tokenHash, userId, purpose, now, now.adding(purpose.lifetime)])
        // Links nobody can use any more are of no use to keep.
        try db.execute(sql: "DELETE FROM account_tokens WHERE expires_at < ?", arguments: [now.adding(-86_400)])
    }

    private static func openLink(_ tokenHash: String, in db: Database) throws -> (user: UserRecord, purpose: AccountTokenPurpose)? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT user_id, purpose FROM account_tokens WHERE id = ? AND used_at IS NULL AND expires_at > ?",
                arguments: [tokenHash, Timestamp.now()]),
            let user = try UserRecord.fetchOne(db, id: row["user_id"] as Int64), user.disabledAt == nil
        else { return nil }
        return (user, row["purpose"])
    }

    private static func endSessions(userId: Int64, in db: Database) throws {
        try db.execute(sql: "DELETE FROM sessions WHERE user_id = ?", arguments: [userId])
    }
}
