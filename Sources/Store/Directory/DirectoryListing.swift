import GRDB

/// Which groups an HSDS list or an export holds.
public struct ListingFilter: Sendable {
    public var organizationId: Int64?
    public var topicSlug: String?
    public var modifiedAfter: String?
    public var text: String?
    public var statuses: [String] = ["active", "paused"]
    public init() {}
}

/// Offset-paged reads of the directory, for the HSDS API (which pages by number) and the exports.
public enum DirectoryListing {
    /// One page of group ids (by id) and how many there are in all.
    public static func groupIds(_ filter: ListingFilter, offset: Int, limit: Int, in db: Database) throws -> (ids: [Int64], total: Int) {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if !filter.statuses.isEmpty {
            conditions.append("g.status IN (\(filter.statuses.map { _ in "?" }.joined(separator: ",")))")
            arguments += filter.statuses
        }
        if let organizationId = filter.organizationId {
            conditions.append("g.organization_id = ?")
            arguments.append(organizationId)
        }
        if let topic = filter.topicSlug {
            conditions.append("g.id IN (SELECT gt.group_id FROM group_topics gt JOIN topics t ON t.id = gt.topic_id WHERE t.slug = ?)")
            arguments.append(topic)
        }
        if let after = filter.modifiedAfter {
            conditions.append("g.updated_at >= ?")
            arguments.append(after)
        }
        if let text = filter.text, !GroupSearch.matchesEverything(text) {
            let match = GroupSearch.matchExpression(text)
            if match.isEmpty { return ([], 0) }
            conditions.append("g.id IN (SELECT rowid FROM group_search WHERE group_search MATCH ?)")
            arguments.append(match)
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM groups g \(whereClause)", arguments: StatementArguments(arguments)) ?? 0
        let ids = try Int64.fetchAll(db, sql: "SELECT g.id FROM groups g \(whereClause) ORDER BY g.id LIMIT ? OFFSET ?",
                                     arguments: StatementArguments(arguments + [limit, offset]))
        return (ids, total)
    }

    /// One page of organizations (by id), optionally those whose name contains `text`.
    public static func organizations(text: String?, offset: Int, limit: Int, in db: Database) throws -> (records: [OrganizationRecord], total: Int) {
        var request = OrganizationRecord.all()
        if let text { request = request.filter(Column("name").like("%\(text)%")) }
        return (try request.order(Column("id")).limit(limit, offset: offset).fetchAll(db), try request.fetchCount(db))
    }

    /// One page of locations (by id), optionally of one organization.
    public static func locations(organizationId: Int64?, offset: Int, limit: Int, in db: Database) throws -> (records: [LocationRecord], total: Int) {
        var request = LocationRecord.all()
        if let organizationId { request = request.filter(Column("organization_id") == organizationId) }
        return (try request.order(Column("id")).limit(limit, offset: offset).fetchAll(db), try request.fetchCount(db))
    }

    /// The places where listed groups meet, as (group, location) pairs: the group's own place and
    /// each schedule's, once each, ordered by group then location.
    public static func groupPlaces(_ filter: ListingFilter, offset: Int, limit: Int, in db: Database) throws -> (pairs: [(group: Int64, location: Int64)], total: Int) {
        var conditions = ["g.status IN (\(filter.statuses.map { _ in "?" }.joined(separator: ",")))"]
        var arguments: [any DatabaseValueConvertible] = filter.statuses
        if let organizationId = filter.organizationId {
            conditions.append("g.organization_id = ?")
            arguments.append(organizationId)
        }
        let pairs = """
            SELECT DISTINCT g.id AS group_id, p.location_id FROM groups g
            JOIN (SELECT id AS group_id, location_id FROM groups WHERE location_id IS NOT NULL
                  UNION SELECT group_id, location_id FROM schedules WHERE location_id IS NOT NULL) p ON p.group_id = g.id
            WHERE \(conditions.joined(separator: " AND "))
            """
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(pairs))", arguments: StatementArguments(arguments)) ?? 0
        let rows = try Row.fetchAll(db, sql: "\(pairs) ORDER BY g.id, p.location_id LIMIT ? OFFSET ?", arguments: StatementArguments(arguments + [limit, offset]))
        return (rows.map { (group: $0["group_id"], location: $0["location_id"]) }, total)
    }

    public static func topics(in db: Database) throws -> [TopicRecord] {
        try TopicRecord.order(Column("id")).fetchAll(db)
    }

    public static func location(id: Int64, in db: Database) throws -> LocationRecord? {
        try LocationRecord.fetchOne(db, key: id)
    }

    public static func organization(id: Int64, in db: Database) throws -> OrganizationRecord? {
        try OrganizationRecord.fetchOne(db, key: id)
    }

    /// Locations by id, for the places a page of groups meets at.
    public static func locations(ids: [Int64], in db: Database) throws -> [Int64: LocationRecord] {
        Dictionary(uniqueKeysWithValues: try LocationRecord.filter(keys: ids).fetchAll(db).map { ($0.id!, $0) })
    }

    /// Organizations by id.
    public static func organizations(ids: [Int64], in db: Database) throws -> [Int64: OrganizationRecord] {
        Dictionary(uniqueKeysWithValues: try OrganizationRecord.filter(keys: ids).fetchAll(db).map { ($0.id!, $0) })
    }
}

extension AppDatabase {
    /// Runs reads of the directory listing in one snapshot.
    public func listing<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }
}
