import Foundation
import GRDB

/// A new group with what links to it, as `BulkDirectoryWriter` inserts it.
public struct BulkGroup: Sendable {
    /// Its timestamps are the writer's, its version 1; the columns after `lastConfirmedAt` take
    /// their defaults.
    public var record: GroupRecord
    public var topicIds: [Int64] = []
    public var tagIds: [Int64] = []
    public var audiences: [Audience] = []
    public var languages: [String] = []
    /// Their `groupId` becomes the new group's; their timestamps are the writer's, their version 1.
    public var schedules: [ScheduleRecord] = []

    public init(_ record: GroupRecord) { self.record = record }
}

/// Writes a large generated directory (scale tests) inside one write transaction per batch.
///
/// Organizations, places and tags go through the usual write functions. Groups take a fast path:
/// cached prepared statements, and the same rows `GroupWrites.save` and `ScheduleWrites.insert` would
/// leave behind (group, topics, tags, audiences, languages, schedules, `group_slots`, and the
/// `group_search` rows built by the same SQL as `DirectoryIndexes`), without their per-row lookups.
/// The search rows of a batch are written by one statement at its end: with one FTS5 insert per
/// group, which makes FTS5 flush its pending terms at every statement, a whole run took about twice
/// the CPU time (measured). One difference: new groups keep version 1, where adding schedules one by
/// one bumps it.
public final class BulkDirectoryWriter {
    /// The time every row of the batch is created at.
    public let now: Timestamp
    private let db: Database
    private let group: Statement
    private let topic: Statement
    private let tag: Statement
    private let audience: Statement
    private let language: Statement
    private let schedule: Statement
    private let slot: Statement
    private let search: Statement
    private static let parts = ["morning", "afternoon", "evening"]
    /// The ids of the batch's groups, which are consecutive.
    private var groupIds: ClosedRange<Int64>?

    init(_ db: Database) throws {
        self.db = db
        now = Timestamp.now()
        group = try db.cachedStatement(
            sql: """
                INSERT INTO groups (organization_id, location_id, slug, name, summary, description, format, is_free, cost,
                    join_mode, registration_url, online_url, dial_in, online_details_private, contact_email, contact_phone,
                    status, time_zone, created_at, updated_at, last_confirmed_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                """)
        topic = try db.cachedStatement(sql: "INSERT INTO group_topics (group_id, topic_id) VALUES (?, ?)")
        tag = try db.cachedStatement(sql: "INSERT INTO group_tags (group_id, tag_id) VALUES (?, ?)")
        audience = try db.cachedStatement(sql: "INSERT INTO group_audiences (group_id, audience) VALUES (?, ?)")
        language = try db.cachedStatement(sql: "INSERT INTO group_languages (group_id, language) VALUES (?, ?)")
        schedule = try db.cachedStatement(
            sql: """
                INSERT INTO schedules (group_id, frequency, weekdays, week_of_month, start_time, duration_minutes, time_zone,
                    starts_on, ends_on, location_id, notes, created_at, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                """)
        slot = try db.cachedStatement(sql: "INSERT INTO group_slots (weekday, part_of_day, group_id) VALUES (?, ?, ?)")
        // The same rows DirectoryIndexes.refreshSearch writes, for a range of new groups.
        search = try db.cachedStatement(sql: DirectoryIndexes.searchRows(where: "g.id BETWEEN ? AND ?"))
    }

    public func insert(_ organization: OrganizationRecord) throws -> Int64 {
        try VersionedWrites.insert(organization, in: db).id!
    }

    public func insert(_ location: LocationRecord) throws -> Int64 {
        try VersionedWrites.insert(location, in: db).id!
    }

    public func insert(_ tag: TagRecord) throws -> Int64 {
        var tag = tag
        try tag.insert(db)
        return tag.id!
    }

    /// Writes one group with its links, schedules and slots; its search row waits for the batch's end.
    public func insert(_ new: BulkGroup) throws -> Int64 {
        let g = new.record
        try group.execute(arguments: [
            g.organizationId, g.locationId, g.slug, g.name, g.summary, g.description, g.format, g.isFree, g.cost,
            g.joinMode, g.registrationUrl, g.onlineUrl, g.dialIn, g.onlineDetailsPrivate, g.contactEmail, g.contactPhone,
            g.status, g.timeZone, now, now, g.lastConfirmedAt,
        ])
        let groupId = db.lastInsertedRowID
        groupIds = (groupIds?.lowerBound ?? groupId)...groupId
        for id in new.topicIds { try topic.execute(arguments: [groupId, id]) }
        for value in new.audiences { try audience.execute(arguments: [groupId, value]) }
        for value in new.languages { try language.execute(arguments: [groupId, value]) }
        for id in new.tagIds { try tag.execute(arguments: [groupId, id]) }
        // The slots DirectoryIndexes.refreshSlots would write, each once: weekday × 3 + part of the day.
        var slots = Set<Int>()
        for s in new.schedules {
            try schedule.execute(arguments: [
                groupId, s.frequency, s.weekdays, s.weekOfMonth, s.startTime, s.durationMinutes, s.timeZone,
                s.startsOn, s.endsOn, s.locationId, s.notes, now, now,
            ])
            let part = Self.parts.firstIndex(of: DirectoryIndexes.partOfDay(s.startTime))!
            for weekday in DirectoryIndexes.weekdays(of: s) { slots.insert(weekday * 3 + part) }
        }
        for s in slots { try slot.execute(arguments: [s / 3, Self.parts[s % 3], groupId]) }
        return groupId
    }

    /// Writes the search rows of the batch's groups, in one statement.
    func finish() throws {
        if let groupIds { try search.execute(arguments: [groupIds.lowerBound, groupIds.upperBound]) }
    }
}

extension AppDatabase {
    /// Runs `body` with a bulk writer in one write transaction, and writes the search rows of the
    /// groups it added before committing.
    public func bulkWrite(_ body: (BulkDirectoryWriter) throws -> Void) throws {
        try pool.write { db in
            let writer = try BulkDirectoryWriter(db)
            try body(writer)
            try writer.finish()
        }
    }

    /// Runs `body` with a large page cache on the writer connection while indexes grow (the usual
    /// size is restored afterwards).
    public func withLargeWriteCache<T>(_ body: () throws -> T) throws -> T {
        let previous = try pool.write { db in
            let size = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = -262144")
            return size
        }
        defer { _ = try? pool.write { db in try db.execute(sql: "PRAGMA cache_size = \(previous)") } }
        return try body()
    }

    /// Merges the search index into one segment (FTS5 `optimize`), as after a bulk load: FTS5 adds a
    /// segment for each transaction and merges only some (16 segments after 100,000 generated groups),
    /// and a text search reads every one (`q=grief` on 100,000 groups: 0.77–0.83 → 0.68–0.71 ms of
    /// CPU). It rewrites the whole index in one transaction (1.2 s for 100,000 groups).
    public func mergeSearchIndex() throws {
        try pool.write { try $0.execute(sql: "INSERT INTO group_search (group_search) VALUES ('optimize')") }
    }

    /// The segments of the search index (`group_search_idx` lists each segment's pages).
    public func searchIndexSegments() throws -> Int {
        try pool.read { try Int.fetchOne($0, sql: "SELECT count(DISTINCT segid) FROM group_search_idx") ?? 0 }
    }

    /// Whether any organization's slug starts with `prefix`.
    public func hasOrganization(slugPrefix prefix: String) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM organizations WHERE substr(slug, 1, ?) = ?", arguments: [prefix.unicodeScalars.count, prefix]) == true
        }
    }
}
