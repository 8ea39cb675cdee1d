import Foundation
import GRDB

public struct UserRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "users"
    public var id: Int64?
    public var email: String
    public var displayName: String
    public var role: Role
    public var organizationId: Int64?
    public var passwordHash: String
    public var createdAt: Timestamp
    public var disabledAt: Timestamp?

    public init(email: String, displayName: String, role: Role, organizationId: Int64?, passwordHash: String) {
        self.email = email
        self.displayName = displayName
        self.role = role
        self.organizationId = organizationId
        self.passwordHash = passwordHash
        self.createdAt = Timestamp.now()
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

public struct SessionRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "sessions"
    public var id: String
    public var userId: Int64
    public var csrfToken: String
    public var createdAt: Timestamp
    public var expiresAt: Timestamp

    public init(id: String, userId: Int64, csrfToken: String, expiresAt: Timestamp) {
        self.id = id
        self.userId = userId
        self.csrfToken = csrfToken
        self.createdAt = Timestamp.now()
        self.expiresAt = expiresAt
    }
}

extension AppDatabase {
    public func insertUser(_ user: UserRecord) throws -> UserRecord {
        try pool.write { db in
            var user = user
            do { try user.insert(db) } catch { throw StoreFailure.translate(error, uniqueFields: ["users.email": "email"]) }
            return user
        }
    }

    public func user(id: Int64) throws -> UserRecord? {
        try pool.read { try UserRecord.fetchOne($0, key: id) }
    }

    public func user(email: String) throws -> UserRecord? {
        try pool.read { try UserRecord.filter(sql: "email = ? COLLATE NOCASE", arguments: [email]).fetchOne($0) }
    }

    public func insertSession(_ session: SessionRecord) throws {
        try pool.write { db in
            var session = session
            try session.insert(db)
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at < ?", arguments: [Timestamp.now()])
        }
    }

    /// The live session with that id and its user (nil when expired, missing, or the user is disabled).
    public func session(id: String) throws -> (SessionRecord, UserRecord)? {
        try pool.read { db in
            guard let session = try SessionRecord.fetchOne(db, id: id), session.expiresAt > Timestamp.now(),
                let user = try UserRecord.fetchOne(db, id: session.userId), user.disabledAt == nil
            else { return nil }
            return (session, user)
        }
    }

    public func deleteSession(id: String) throws {
        try pool.write { try $0.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [id]) }
    }
}
