import Foundation
import GRDB

/// One anonymous rating of a group, with an optional comment that is shown only once approved.
/// It holds no address, account or exact time: `createdAt` is the day it arrived (midnight UTC),
/// so that no one can match it to a meeting's end or a line of the access log.
public struct FeedbackRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "feedback"
    public var id: Int64?
    public var groupId: Int64
    public var rating: Int
    public var comment: String
    public var status = FeedbackStatus.pending
    public var createdAt: Timestamp
    public var reviewedBy: String?
    public var reviewedAt: Timestamp?

    public init(groupId: Int64, rating: Int, comment: String, createdAt: Timestamp = FeedbackRecord.today()) {
        self.groupId = groupId
        self.rating = rating
        self.comment = comment
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Today at midnight UTC.
    public static func today(_ now: Date = Date()) -> Timestamp {
        Timestamp(now).startOfDay
    }
}

/// The ratings that count for a group in public: approved ones only (a rating waits for review like a
/// comment, so a burst of unreviewed ratings cannot move a group's average).
public struct RatingSummary: Sendable, Equatable {
    public var count: Int
    /// nil when there are no ratings.
    public var average: Double?
    /// How many ratings of each value, 1 through 5 (every key present).
    public var histogram: [Int: Int]

    public init(count: Int = 0, average: Double? = nil, histogram: [Int: Int] = [1: 0, 2: 0, 3: 0, 4: 0, 5: 0]) {
        self.count = count
        self.average = average
        self.histogram = histogram
    }
}

/// A feedback row for moderators, with the group it is about.
public struct FeedbackEntry: Sendable, Equatable {
    public var feedback: FeedbackRecord
    public var groupName: String
    public var organizationId: Int64
}

/// The feedback figures of one group on an organization's dashboard.
public struct GroupFeedbackStatistics: Sendable, Equatable {
    public var groupId: Int64
    public var name: String
    public var ratingCount: Int
    public var averageRating: Double?
    public var pendingFeedback: Int
}

/// Which feedback a moderator may list.
public enum FeedbackScope: Sendable {
    case all
    case organization(Int64)
}

public enum FeedbackStore {
    /// Stores new feedback as pending.
    public static func insert(groupId: Int64, rating: Int, comment: String, in db: Database) throws -> FeedbackRecord {
        var record = FeedbackRecord(groupId: groupId, rating: rating, comment: comment)
        try record.insert(db)
        return record
    }

    /// Count, average and histogram of the ratings that count for a group.
    public static func ratings(groupId: Int64, in db: Database) throws -> RatingSummary {
        var summary = RatingSummary()
        var total = 0
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT rating, count(*) AS n FROM feedback WHERE group_id = ? AND status = 'approved' GROUP BY rating
                """, arguments: [groupId])
        {
            let rating: Int = row["rating"], n: Int = row["n"]
            summary.histogram[rating] = n
            summary.count += n
            total += rating * n
        }
        if summary.count > 0 { summary.average = Double(total) / Double(summary.count) }
        return summary
    }

    /// Approved feedback with a comment, newest first, after the feedback `beforeId` (exclusive); `limit + 1` rows
    /// at most, so the caller knows whether there is another page.
    public static func approvedComments(groupId: Int64, beforeId: Int64?, limit: Int, in db: Database) throws -> [FeedbackRecord] {
        try FeedbackRecord.fetchAll(
            db,
            sql: """
                SELECT * FROM feedback WHERE group_id = ? AND status = 'approved' AND comment <> '' AND id < ?
                ORDER BY id DESC LIMIT ?
                """, arguments: [groupId, beforeId ?? Int64.max, limit + 1])
    }

    /// Feedback visible in `scope`, newest first, before `beforeId`; `limit + 1` rows at most.
    public static func list(
        scope: FeedbackScope, status: FeedbackStatus?, groupId: Int64?, beforeId: Int64?, limit: Int, in db: Database
    ) throws -> [FeedbackEntry] {
        var conditions = ["f.id < ?"]
        var arguments: StatementArguments = [beforeId ?? Int64.max]
        if case .organization(let id) = scope { conditions.append("g.organization_id = ?"); arguments += [id] }
        if let status { conditions.append("f.status = ?"); arguments += [status] }
        if let groupId { conditions.append("f.group_id = ?"); arguments += [groupId] }
        arguments += [limit + 1]
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT f.*, g.name AS group_name, g.organization_id AS group_organization_id
                FROM feedback f JOIN groups g ON g.id = f.group_id
                WHERE \(conditions.joined(separator: " AND ")) ORDER BY f.id DESC LIMIT ?
                """, arguments: arguments)
        return try rows.map { FeedbackEntry(feedback: try FeedbackRecord(row: $0), groupName: $0["group_name"], organizationId: $0["group_organization_id"]) }
    }

    /// One feedback with its group, whoever may see it (the caller checks access).
    public static func entry(id: Int64, in db: Database) throws -> FeedbackEntry? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT f.*, g.name AS group_name, g.organization_id AS group_organization_id
                    FROM feedback f JOIN groups g ON g.id = f.group_id WHERE f.id = ?
                    """, arguments: [id])
        else { return nil }
        return FeedbackEntry(feedback: try FeedbackRecord(row: row), groupName: row["group_name"], organizationId: row["group_organization_id"])
    }

    /// Sets the moderation outcome. Returns the record and whether it changed: deciding what is already
    /// decided changes nothing and keeps the first reviewer.
    public static func review(_ record: FeedbackRecord, status: FeedbackStatus, reviewer: String, in db: Database) throws -> (FeedbackRecord, changed: Bool) {
        guard record.status != status else { return (record, false) }
        var updated = record
        updated.status = status
        updated.reviewedBy = reviewer
        updated.reviewedAt = Timestamp.now()
        try updated.update(db)
        return (updated, true)
    }

    /// Ratings and the moderation queue of every group of an organization, by name.
    public static func statistics(organizationId: Int64, in db: Database) throws -> [GroupFeedbackStatistics] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT g.id, g.name,
                       count(f.id) FILTER (WHERE f.status IN ('pending', 'approved')) AS rating_count,
                       avg(f.rating) FILTER (WHERE f.status IN ('pending', 'approved')) AS average_rating,
                       count(f.id) FILTER (WHERE f.status = 'pending') AS pending_feedback
                FROM groups g LEFT JOIN feedback f ON f.group_id = g.id
                WHERE g.organization_id = ?
                GROUP BY g.id ORDER BY g.name COLLATE NOCASE, g.id
                """, arguments: [organizationId]
        ).map {
            GroupFeedbackStatistics(
                groupId: $0["id"], name: $0["name"], ratingCount: $0["rating_count"],
                averageRating: $0["average_rating"], pendingFeedback: $0["pending_feedback"])
        }
    }
}
