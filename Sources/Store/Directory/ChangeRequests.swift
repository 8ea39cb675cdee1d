import Foundation
import GRDB

/// A correction to a listing suggested by anyone. The optional reply address is sealed by the caller
/// (`replyEmail` is an opaque blob here) and erased some time after the request is decided.
public struct ChangeRequestRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "change_requests"
    public var id: Int64?
    public var groupId: Int64
    public var kind: ChangeRequestKind
    public var proposedValue: String
    public var details: String
    public var replyEmail: Data?
    public var status = ChangeRequestStatus.open
    public var createdAt: Timestamp
    public var decidedAt: Timestamp?
    public var decidedBy: String?
    public var decisionNote = ""

    public init(groupId: Int64, kind: ChangeRequestKind, proposedValue: String, details: String) {
        self.groupId = groupId
        self.kind = kind
        self.proposedValue = proposedValue
        self.details = details
        self.createdAt = FeedbackRecord.today()
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A change request with the group it is about, for the queue.
public struct ChangeRequestEntry: Sendable, Equatable {
    public var request: ChangeRequestRecord
    public var groupName: String
    public var groupSlug: String
    public var organizationId: Int64
}

public enum ChangeRequestStore {
    /// Stores a new open request; `seal` turns the new row's id into the sealed reply address (or nil).
    public static func insert(_ record: ChangeRequestRecord, in db: Database, seal: (Int64) throws -> Data?) throws -> ChangeRequestRecord {
        var record = record
        try record.insert(db)
        if let sealed = try seal(record.id!) {
            record.replyEmail = sealed
            try record.update(db)
        }
        return record
    }

    /// Requests about groups of one organization (or all, for nil), newest first, before `beforeId`;
    /// `limit + 1` rows at most so the caller knows whether there is another page.
    public static func list(
        organizationId: Int64?, status: ChangeRequestStatus?, groupId: Int64?, beforeId: Int64?, limit: Int, in db: Database
    ) throws -> [ChangeRequestEntry] {
        var conditions = ["c.id < ?"]
        var arguments: StatementArguments = [beforeId ?? Int64.max]
        if let organizationId { conditions.append("g.organization_id = ?"); arguments += [organizationId] }
        if let status { conditions.append("c.status = ?"); arguments += [status] }
        if let groupId { conditions.append("c.group_id = ?"); arguments += [groupId] }
        arguments += [limit + 1]
        return try Row.fetchAll(
            db,
            sql: """
                SELECT c.*, g.name AS group_name, g.slug AS group_slug, g.organization_id AS group_organization_id
                FROM change_requests c JOIN groups g ON g.id = c.group_id
                WHERE \(conditions.joined(separator: " AND ")) ORDER BY c.id DESC LIMIT ?
                """, arguments: arguments
        ).map(entry)
    }

    /// One request with its group, whoever may see it (the caller checks access).
    public static func entry(id: Int64, in db: Database) throws -> ChangeRequestEntry? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT c.*, g.name AS group_name, g.slug AS group_slug, g.organization_id AS group_organization_id
                FROM change_requests c JOIN groups g ON g.id = c.group_id WHERE c.id = ?
                """, arguments: [id]
        ).map(entry)
    }

    /// Records the decision on an open request.
    public static func decide(
        _ record: ChangeRequestRecord, status: ChangeRequestStatus, by actor: String, note: String, in db: Database
    ) throws -> ChangeRequestRecord {
        var updated = record
        updated.status = status
        updated.decidedAt = Timestamp.now()
        updated.decidedBy = actor
        updated.decisionNote = note
        try updated.update(db)
        return updated
    }

    /// Erases reply addresses of requests decided more than `days` ago; returns how many.
    public static func purgeReplyAddresses(olderThanDays days: Int, now: Date = Date(), in db: Database) throws -> Int {
        let cutoff = Timestamp(now).adding(-Double(days) * 86_400)
        try db.execute(sql: "UPDATE change_requests SET reply_email = NULL WHERE reply_email IS NOT NULL AND decided_at < ?", arguments: [cutoff])
        return db.changesCount
    }

    private static func entry(_ row: Row) throws -> ChangeRequestEntry {
        ChangeRequestEntry(
            request: try ChangeRequestRecord(row: row), groupName: row["group_name"],
            groupSlug: row["group_slug"], organizationId: row["group_organization_id"])
    }
}
