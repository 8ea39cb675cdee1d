import Foundation
import GRDB

/// One line of the audit log: who did what to which record, when, from where. Never personal data.
public struct AuditEntry: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "audit_log"
    public var id: Int64?
    public var at: Timestamp
    public var actor: String
    public var action: String
    public var targetType: String
    public var targetId: String
    public var organizationId: Int64?
    public var address: String
    public var detail: String

    public init(
        actor: String, action: String, targetType: String = "", targetId: String = "", organizationId: Int64? = nil, address: String = "", detail: String = ""
    ) {
        self.at = Timestamp.now()
        self.actor = actor
        self.action = action
        self.targetType = targetType
        self.targetId = targetId
        self.organizationId = organizationId
        self.address = address
        self.detail = detail
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

public enum AuditWrites {
    /// Appends an entry inside the caller's transaction, so the record of an action commits with it.
    public static func record(_ entry: AuditEntry, in db: Database) throws {
        var entry = entry
        try entry.insert(db)
    }
}

extension AppDatabase {
    public func audit(_ entry: AuditEntry) {
        _ = try? pool.write { try AuditWrites.record(entry, in: $0) }
    }

    /// Appends an entry that must be written before the action it records is answered: unlike
    /// `audit(_:)`, a failure is thrown.
    public func recordAudit(_ entry: AuditEntry) throws {
        try pool.write { try AuditWrites.record(entry, in: $0) }
    }

    /// Entries newest first, before `beforeId`, optionally filtered.
    public func auditEntries(beforeId: Int64?, limit: Int, action: String?, targetType: String?, targetId: String?) throws -> [AuditEntry] {
        try pool.read { db in
            var request = AuditEntry.order(Column("id").desc).limit(limit)
            if let beforeId { request = request.filter(Column("id") < beforeId) }
            if let action { request = request.filter(Column("action") == action) }
            if let targetType { request = request.filter(Column("target_type") == targetType) }
            if let targetId { request = request.filter(Column("target_id") == targetId) }
            return try request.fetchAll(db)
        }
    }
}
