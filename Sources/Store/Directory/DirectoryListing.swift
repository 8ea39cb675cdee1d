import Foundation
import GRDB

/// Which groups an HSDS list or an export holds.
public struct ListingFilter: Sendable {
    public var organizationId: Int64?
    public var topicSlug: String?
    public var modifiedAfter: String?
    public var text: String?
    public var statuses: [GroupStatus] = GroupStatus.listed
    /// Places whose ZIP code is this one (group–place pairs only).
    public var postcode: String?
    /// Places within `meters` of this point (group–place pairs only).
    public var near: (latitude: Double, longitude: Double, meters: Double)?
    public init() {}
}

/// Offset-paged reads of the directory, for the HSDS API (which pages by number) and the exports;
/// the `AppDatabase` functions below run them.
enum DirectoryListing {
    /// The conditions on `groups g` that `filter` makes, or nil when its text can match nothing.
    static func conditions(_ filter: ListingFilter) -> (sql: [String], arguments: [any DatabaseValueConvertible])? {
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
            if match.isEmpty { return nil }
            conditions.append("g.id IN (SELECT rowid FROM group_search WHERE group_search MATCH ?)")
            arguments.append(match)
        }
        return (conditions, arguments)
    }

    /// One page of group ids (by id) and how many there are in all.
    static func groupIds(_ filter: ListingFilter, offset: Int, limit: Int, in db: Database) throws -> (ids: [Int64], total: Int) {
        guard let (conditions, arguments) = conditions(filter) else { return ([], 0) }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM groups g \(whereClause)", arguments: StatementArguments(arguments)) ?? 0
        let ids = try Int64.fetchAll(
            db, sql: "SELECT g.id FROM groups g \(whereClause) ORDER BY g.id LIMIT ? OFFSET ?",
            arguments: StatementArguments(arguments + [limit, offset]))
        return (ids, total)
    }

    /// One page of organizations (by id), optionally those whose name contains `text`.
    static func organizations(text: String?, offset: Int, limit: Int, in db: Database) throws -> (records: [OrganizationRecord], total: Int) {
        var request = OrganizationRecord.all()
        if let text { request = request.filter(Column("name").like("%\(text)%")) }
        return (try request.order(Column("id")).limit(limit, offset: offset).fetchAll(db), try request.fetchCount(db))
    }

    /// One page of locations (by id), optionally of one organization.
    static func locations(organizationId: Int64?, offset: Int, limit: Int, in db: Database) throws -> (records: [LocationRecord], total: Int) {
        var request = LocationRecord.all()
        if let organizationId { request = request.filter(Column("organization_id") == organizationId) }
        return (try request.order(Column("id")).limit(limit, offset: offset).fetchAll(db), try request.fetchCount(db))
    }

    /// The places where listed groups meet, as (group, location) pairs: the group's own place and
    /// each schedule's, once each, ordered by group then location; `postcode` and `near` choose places.
    static func groupPlaces(_ filter: ListingFilter, offset: Int, limit: Int, in db: Database) throws -> (pairs: [(group: Int64, location: Int64)], total: Int)
    {
        guard var (conditions, arguments) = conditions(filter) else { return ([], 0) }
        if let postcode = filter.postcode {
            conditions.append("substr(l.zip, 1, 5) = ?")
            arguments.append(postcode)
        }
        if let (lat, lng, meters) = filter.near {
            let km = meters / 1000, kmPerLat = 111.32, kmPerLng = 111.32 * max(0.01, cos(lat * .pi / 180))
            conditions.append("l.latitude BETWEEN ? AND ? AND l.longitude BETWEEN ? AND ?")
            arguments += [lat - km / kmPerLat, lat + km / kmPerLat, lng - km / kmPerLng, lng + km / kmPerLng]
            conditions.append("sqrt(((l.latitude - ?) * ?) * ((l.latitude - ?) * ?) + ((l.longitude - ?) * ?) * ((l.longitude - ?) * ?)) <= ?")
            arguments += [lat, kmPerLat, lat, kmPerLat, lng, kmPerLng, lng, kmPerLng, km]
        }
        let pairs = """
            SELECT DISTINCT g.id AS group_id, p.location_id FROM groups g
            JOIN (SELECT id AS group_id, location_id FROM groups WHERE location_id IS NOT NULL
                  UNION SELECT group_id, location_id FROM schedules WHERE location_id IS NOT NULL) p ON p.group_id = g.id
            JOIN locations l ON l.id = p.location_id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            """
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(pairs))", arguments: StatementArguments(arguments)) ?? 0
        let rows = try Row.fetchAll(
            db, sql: "\(pairs) ORDER BY g.id, p.location_id LIMIT ? OFFSET ?", arguments: StatementArguments(arguments + [limit, offset]))
        return (rows.map { (group: $0["group_id"], location: $0["location_id"]) }, total)
    }

    static func topics(in db: Database) throws -> [TopicRecord] {
        try TopicRecord.order(Column("id")).fetchAll(db)
    }

    /// Locations by id, for the places a page of groups meets at.
    static func locations(ids: [Int64], in db: Database) throws -> [Int64: LocationRecord] {
        Dictionary(uniqueKeysWithValues: try LocationRecord.filter(keys: ids).fetchAll(db).map { ($0.id!, $0) })
    }
}

extension AppDatabase {
    /// One page of the ids of the groups `filter` selects (by id), and how many there are in all.
    public func listedGroupIds(_ filter: ListingFilter, offset: Int = 0, limit: Int = .max) throws -> (ids: [Int64], total: Int) {
        try pool.read { db in try DirectoryListing.groupIds(filter, offset: offset, limit: limit, in: db) }
    }

    /// One page of organizations (by id), optionally those whose name contains `text`, and how many there are.
    public func organizationsPage(text: String? = nil, offset: Int = 0, limit: Int = .max) throws -> (records: [OrganizationRecord], total: Int) {
        try pool.read { db in try DirectoryListing.organizations(text: text, offset: offset, limit: limit, in: db) }
    }

    /// One page of locations (by id), optionally of one organization, and how many there are.
    public func locationsPage(organizationId: Int64? = nil, offset: Int = 0, limit: Int = .max) throws -> (records: [LocationRecord], total: Int) {
        try pool.read { db in try DirectoryListing.locations(organizationId: organizationId, offset: offset, limit: limit, in: db) }
    }

    /// One page of the (group, location) pairs where the groups `filter` selects meet, and how many there are.
    public func groupPlaces(_ filter: ListingFilter, offset: Int, limit: Int) throws -> (pairs: [(group: Int64, location: Int64)], total: Int) {
        try pool.read { db in try DirectoryListing.groupPlaces(filter, offset: offset, limit: limit, in: db) }
    }

    /// Every topic as stored (by id), without counts.
    public func topicRecords() throws -> [TopicRecord] {
        try pool.read { db in try DirectoryListing.topics(in: db) }
    }

    /// Locations by id.
    public func locations(ids: [Int64]) throws -> [Int64: LocationRecord] {
        try pool.read { db in try DirectoryListing.locations(ids: ids, in: db) }
    }

    /// What a whole export lists, read in one snapshot: every organization and location, and the
    /// ids of the groups `groups` selects.
    public func exportListing(groups filter: ListingFilter) throws -> (organizations: [OrganizationRecord], locations: [LocationRecord], groupIds: [Int64]) {
        try pool.read { db in
            (
                try DirectoryListing.organizations(text: nil, offset: 0, limit: Int.max, in: db).records,
                try DirectoryListing.locations(organizationId: nil, offset: 0, limit: Int.max, in: db).records,
                try DirectoryListing.groupIds(filter, offset: 0, limit: Int.max, in: db).ids
            )
        }
    }

    /// What an import checks its rows against, read in one snapshot: the topic slugs and the
    /// organization slugs.
    public func importVocabulary() throws -> (topics: Set<String>, organizations: Set<String>) {
        try pool.read { db in
            (
                Set(try DirectoryListing.topics(in: db).map(\.slug)),
                Set(try DirectoryListing.organizations(text: nil, offset: 0, limit: Int.max, in: db).records.map(\.slug))
            )
        }
    }
}
