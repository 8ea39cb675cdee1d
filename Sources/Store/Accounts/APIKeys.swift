import Foundation
import GRDB

public struct APIKeyRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "api_keys"
    public var id: Int64?
    public var organizationId: Int64?
    public var role: Role
    public var name: String
    public var prefix: String
    public var hash: String
    public var createdAt: Timestamp
    public var lastUsedAt: Timestamp?
    public var revokedAt: Timestamp?

    public init(organizationId: Int64?, role: Role, name: String, prefix: String, hash: String) {
        self.organizationId = organizationId
        self.role = role
        self.name = name
        self.prefix = prefix
        self.hash = hash
        self.createdAt = Timestamp.now()
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Column by column: every API request reads its key, and Codable's snake_case decoding cost
    /// more than the query (see `RecordRows`). A column added to `api_keys` must be added here too.
    public init(row: Row) throws {
        self.init(
            organizationId: try row.decode(forColumn: "organization_id"), role: try row.decode(forColumn: "role"),
            name: try row.decode(forColumn: "name"), prefix: try row.decode(forColumn: "prefix"), hash: try row.decode(forColumn: "hash"))
        id = try row.decode(forColumn: "id")
        createdAt = try row.decode(forColumn: "created_at")
        lastUsedAt = try row.decode(forColumn: "last_used_at")
        revokedAt = try row.decode(forColumn: "revoked_at")
    }
}

extension AppDatabase {
    /// Stores a new key; `audit`, when given, is written in the same transaction, naming the new key as its target.
    public func insertAPIKey(_ key: APIKeyRecord, audit: AuditEntry? = nil) throws -> APIKeyRecord {
        try pool.write { db in
            var key = key
            do { try key.insert(db) } catch { throw StoreFailure.translate(error, uniqueFields: ["api_keys.prefix": "prefix"]) }
            if var audit {
                audit.targetId = String(key.id!)
                try AuditWrites.record(audit, in: db)
            }
            return key
        }
    }

    /// The key with that id, revoked or not.
    public func apiKey(id: Int64) throws -> APIKeyRecord? {
        try pool.read { try APIKeyRecord.fetchOne($0, key: id) }
    }

    /// The unrevoked key with that prefix.
    public func activeAPIKey(prefix: String) throws -> APIKeyRecord? {
        try pool.read { db in
            try APIKeyRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM api_keys WHERE prefix = ? AND revoked_at IS NULL"), arguments: [prefix])
        }
    }

    /// Records use, at most once a minute per key, so that reads do not turn into writes.
    public func touchAPIKey(_ key: APIKeyRecord) {
        let now = Date()
        if let last = key.lastUsedAt, now.timeIntervalSince(last.date) < 60 { return }
        _ = try? pool.write { db in
            try db.execute(sql: "UPDATE api_keys SET last_used_at = ? WHERE id = ?", arguments: [Timestamp(now), key.id])
        }
    }

    public func apiKeys(organizationId: Int64?) throws -> [APIKeyRecord] {
        try pool.read { db in
            var request = APIKeyRecord.order(Column("id"))
            if let organizationId { request = request.filter(Column("organization_id") == organizationId) }
            return try request.fetchAll(db)
        }
    }

    /// Revokes a live key (of `organizationId` when given: `.notFound` for another's, or one already revoked),
    /// writing `audit` in the same transaction.
    public func revokeAPIKey(id: Int64, organizationId: Int64?, audit: AuditEntry) throws {
        try pool.write { db in
            var sql = "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"
            var arguments: StatementArguments = [Timestamp.now(), id]
            if let organizationId {
                sql += " AND organization_id = ?"
                arguments += [organizationId]
            }
            try db.execute(sql: sql, arguments: arguments)
            if db.changesCount == 0 { throw StoreFailure.notFound }
            try AuditWrites.record(audit, in: db)
        }
    }
}
