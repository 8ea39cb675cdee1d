import Foundation
import GRDB

/// The filters of a group search; every field is optional and they combine with AND.
public struct GroupQuery: Sendable, Equatable {
    public var text: String?
    public var topics: [String] = []
    public var format: String?
    public var audience: String?
    public var language: String?
    public var free: Bool?
    public var city: String?
    public var state: String?
    public var zip: String?
    public var near: (latitude: Double, longitude: Double)?
    public var radiusKm: Double = 25
    public var weekday: Int?
    public var partOfDay: String?
    public var wheelchairAccessible = false
    public var organizationId: Int64?
    public var statuses: [String] = ["active"]
    public var limit = 20
    /// What to expect: `drop_in` or `registration`; `anyone` or `lived_experience`; the facts a group offers.
    public var joinMode: String?
    public var openTo: String?
    public var cameraOptional = false
    public var childcare = false
    public var asl = false
    /// Only groups that are not full (no cap, or open seats left).
    public var hasOpenSeats = false
    /// Listings confirmed before this instant (RFC 3339), or never, come after all others.
    public var staleBefore: String?

    public init() {}

    public static func == (a: GroupQuery, b: GroupQuery) -> Bool {
        a.text == b.text && a.topics == b.topics && a.format == b.format && a.audience == b.audience
            && a.language == b.language && a.free == b.free && a.city == b.city && a.state == b.state && a.zip == b.zip
            && a.near?.latitude == b.near?.latitude && a.near?.longitude == b.near?.longitude && a.radiusKm == b.radiusKm
            && a.weekday == b.weekday && a.partOfDay == b.partOfDay && a.wheelchairAccessible == b.wheelchairAccessible
            && a.organizationId == b.organizationId && a.statuses == b.statuses && a.limit == b.limit
            && a.joinMode == b.joinMode && a.openTo == b.openTo && a.cameraOptional == b.cameraOptional && a.childcare == b.childcare
            && a.asl == b.asl && a.hasOpenSeats == b.hasOpenSeats && a.staleBefore == b.staleBefore
    }

    /// How results are ordered: by relevance for text, by distance near a point, by name otherwise.
    public var ordering: SearchOrdering {
        if near != nil { return .distance }
        if let text, !GroupSearch.matchExpression(text).isEmpty { return .relevance }
        return .name
    }
}

public enum SearchOrdering: String, Sendable {
    case name, relevance, distance
}

/// Where the previous page ended: the sort value and id of its last row.
public struct SearchPosition: Sendable, Equatable, Codable {
    public var ordering: String
    public var text: String?
    public var number: Double?
    public var id: Int64
    /// With `GroupQuery.staleBefore`: whether the last row was stale (1) or not (0), and the cut-off the
    /// first page used, so that a listing going stale between pages is neither skipped nor repeated.
    public var stale: Int?
    public var staleBefore: String?
    public init(ordering: String, text: String? = nil, number: Double? = nil, id: Int64, stale: Int? = nil, staleBefore: String? = nil) {
        self.ordering = ordering
        self.text = text
        self.number = number
        self.id = id
        self.stale = stale
        self.staleBefore = staleBefore
    }
}

/// One page of results.
public struct GroupSearchPage: Sendable {
    public var ids: [Int64]
    /// Kilometres from the `near` point, by group id.
    public var distances: [Int64: Double]
    /// Where the next page starts, or nil when this is the last page.
    public var next: SearchPosition?
}

/// Runs group searches with keyset pagination: a page starts strictly after the last row of the previous
/// one in a total order (sort value, id), so rows inserted meanwhile never cause a skip or a repeat.
public enum GroupSearch {
    public static func run(_ query: GroupQuery, after position: SearchPosition?, in db: Database) throws -> GroupSearchPage {
        var query = query
        if query.staleBefore != nil, let cutoff = position?.staleBefore { query.staleBefore = cutoff }
        let (sql, arguments) = try build(query, after: position)
        // A search's SQL depends only on which filters it has, so each connection prepares each form once;
        // a distance search writes its point into the SQL and is prepared every time instead.
        let statement = query.ordering == .distance ? try db.makeStatement(sql: sql) : try db.cachedStatement(sql: sql)
        let rows = try Row.fetchAll(statement, arguments: arguments)
        var ids: [Int64] = []
        var distances: [Int64: Double] = [:]
        var last: SearchPosition?
        for row in rows.prefix(query.limit) {
            let id: Int64 = row["id"]
            ids.append(id)
            switch query.ordering {
            case .name: last = SearchPosition(ordering: "name", text: row["sort_key"], id: id)
            case .relevance: last = SearchPosition(ordering: "relevance", number: row["sort_key"], id: id)
            case .distance:
                let d: Double = row["sort_key"]
                distances[id] = d
                last = SearchPosition(ordering: "distance", number: d, id: id)
            }
            if query.staleBefore != nil {
                last?.stale = row["stale"]
                last?.staleBefore = query.staleBefore
            }
        }
        return GroupSearchPage(ids: ids, distances: distances, next: rows.count > query.limit ? last : nil)
    }

    public static func explain(_ query: GroupQuery, in db: Database) throws -> [String] {
        let (sql, arguments) = try build(query, after: nil)
        return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] }
    }

    static func build(_ query: GroupQuery, after position: SearchPosition?) throws -> (String, StatementArguments) {
        var joins: [String] = []
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        let ordering = query.ordering
        var sortKey: String
        switch ordering {
        case .name:
            sortKey = "g.name COLLATE NOCASE"
        case .relevance:
            joins.append("JOIN group_search s ON s.rowid = g.id")
            conditions.append("group_search MATCH ?")
            arguments.append(matchExpression(query.text ?? ""))
            // The column weights are set once in the table's `rank` configuration (see the migration),
            // which lets FTS5 rank inside the virtual table instead of in a temporary sort.
            sortKey = "s.rank"
        case .distance:
            let (lat, lng) = query.near!
            let kmPerLat = 111.32
            let kmPerLng = 111.32 * max(0.01, cos(lat * .pi / 180))
            sortKey = "sqrt(((l.latitude - \(lat)) * \(kmPerLat)) * ((l.latitude - \(lat)) * \(kmPerLat)) + ((l.longitude - \(lng)) * \(kmPerLng)) * ((l.longitude - \(lng)) * \(kmPerLng)))"
            conditions.append("l.latitude BETWEEN ? AND ? AND l.longitude BETWEEN ? AND ?")
            let dLat = query.radiusKm / kmPerLat, dLng = query.radiusKm / kmPerLng
            arguments += [lat - dLat, lat + dLat, lng - dLng, lng + dLng]
            conditions.append("\(sortKey) <= ?")
            arguments.append(query.radiusKm)
        }
        if ordering == .relevance, let text = query.text, !text.isEmpty {
            // Also allowed: a plain filter by the same text when ordering by distance.
        } else if let text = query.text, !matchExpression(text).isEmpty {
            conditions.append("g.id IN (SELECT rowid FROM group_search WHERE group_search MATCH ?)")
            arguments.append(matchExpression(text))
        }
        let needsLocation = ordering == .distance || query.city != nil || query.state != nil || query.zip != nil || query.wheelchairAccessible
        joins.append((needsLocation ? "JOIN" : "LEFT JOIN") + " locations l ON l.id = g.location_id")

        // With a selective filter, keep the planner off the status index (nearly every group is active):
        // the unary + makes it drive the search from the filter's own index instead.
        let selective = !query.topics.isEmpty || query.city != nil || query.state != nil || query.zip != nil || query.near != nil
            || query.text != nil || query.language != nil || query.audience != nil || query.weekday != nil || query.partOfDay != nil
            || query.organizationId != nil || query.wheelchairAccessible
        conditions.append("\(selective ? "+" : "")g.status IN (\(query.statuses.map { _ in "?" }.joined(separator: ",")))")
        arguments += query.statuses.map { $0 }
        // One filter drives the search from its index; the others are checked per candidate row.
        // Location, text and organization filters drive by themselves; otherwise the first link filter does.
        var driverTaken = query.text != nil || query.near != nil || query.city != nil || query.zip != nil
            || query.state != nil || query.organizationId != nil
        func linkFilter(_ table: String, _ condition: String, _ values: [any DatabaseValueConvertible]) {
            if driverTaken {
                conditions.append("EXISTS (SELECT 1 FROM \(table) x WHERE x.group_id = g.id AND \(condition))")
            } else {
                conditions.append("g.id IN (SELECT x.group_id FROM \(table) x WHERE \(condition))")
                driverTaken = true
            }
            arguments += values.map { $0 }
        }
        if !query.topics.isEmpty {
            linkFilter("group_topics", "x.topic_id IN (SELECT id FROM topics WHERE slug IN (\(query.topics.map { _ in "?" }.joined(separator: ","))))", query.topics)
        }
        if query.weekday != nil || query.partOfDay != nil {
            var slot: [String] = []
            var values: [any DatabaseValueConvertible] = []
            if let weekday = query.weekday { slot.append("x.weekday = ?"); values.append(weekday) }
            if let part = query.partOfDay { slot.append("x.part_of_day = ?"); values.append(part) }
            linkFilter("group_slots", slot.joined(separator: " AND "), values)
        }
        if let language = query.language {
            linkFilter("group_languages", "x.language = ?", [language])
        }
        if let audience = query.audience {
            linkFilter("group_audiences", "x.audience = ?", [audience])
        }
        if let format = query.format {
            switch format {
            case "in_person", "online": conditions.append("g.format IN (?, 'hybrid')")
            default: conditions.append("g.format = ?")
            }
            arguments.append(format)
        }
        if let free = query.free {
            conditions.append("g.is_free = ?")
            arguments.append(free)
        }
        if let city = query.city {
            conditions.append("l.city = ? COLLATE NOCASE")
            arguments.append(city)
        }
        if let state = query.state {
            conditions.append("l.state = ? COLLATE NOCASE")
            arguments.append(state)
        }
        if let zip = query.zip {
            conditions.append("l.zip = ?")
            arguments.append(zip)
        }
        if query.wheelchairAccessible {
            conditions.append("l.wheelchair_accessible = 1")
        }
        if let organizationId = query.organizationId {
            conditions.append("g.organization_id = ?")
            arguments.append(organizationId)
        }
        if let joinMode = query.joinMode {
            conditions.append("g.join_mode = ?")
            arguments.append(joinMode)
        }
        if let openTo = query.openTo {
            conditions.append("g.open_to = ?")
            arguments.append(openTo)
        }
        if query.cameraOptional { conditions.append("g.camera_optional = 1 AND g.format IN ('online', 'hybrid')") }
        if query.childcare { conditions.append("g.childcare = 1") }
        if query.asl { conditions.append("(g.asl_interpretation = 1 OR l.asl_available = 1)") }
        if query.hasOpenSeats { conditions.append("(g.capacity IS NULL OR g.open_seats IS NULL OR g.open_seats > 0)") }
        var keyset: (condition: String, arguments: [(any DatabaseValueConvertible)?])?
        if let position {
            guard position.ordering == ordering.rawValue else { throw StoreFailure.invalidReference(field: "cursor") }
            switch ordering {
            case .name:
                keyset = ("(\(sortKey) > ? OR (\(sortKey) = ? AND g.id > ?))", [position.text ?? "", position.text ?? "", position.id])
            case .relevance, .distance:
                keyset = ("(\(sortKey) > ? OR (\(sortKey) = ? AND g.id > ?))", [position.number ?? 0, position.number ?? 0, position.id])
            }
        }
        let from = "FROM groups g \(joins.joined(separator: " "))"
        guard let staleBefore = query.staleBefore else {
            if let keyset { conditions.append(keyset.condition); arguments += keyset.arguments }
            let sql = """
                SELECT g.id AS id, \(sortKey) AS sort_key
                \(from)
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY sort_key, g.id
                LIMIT \(query.limit + 1)
                """
            return (sql, StatementArguments(arguments)!)
        }
        // Freshness leads the order: listings confirmed since the cut-off first, then the others. Each tier
        // is its own query in the index's order, joined by UNION ALL and cut by the outer LIMIT, so a page
        // never sorts every match (one ORDER BY stale, sort_key sorted all 100,000 groups: 1 ms → 0.5 s).
        // The unary + keeps the planner from driving the search by confirmation date. The cut-off is a
        // bound argument, so the statement stays one cached form whatever the time.
        let tiers = ["+g.last_confirmed_at >= ?", "(+g.last_confirmed_at IS NULL OR +g.last_confirmed_at < ?)"]
        let startTier = position?.stale ?? 0
        var members: [String] = []
        var memberArguments: [(any DatabaseValueConvertible)?] = []
        for (tier, condition) in tiers.enumerated() where tier >= startTier {
            var own = conditions + [condition]
            var ownArguments = arguments + [staleBefore]
            // The cursor's position applies in its own tier; a later tier starts from its beginning.
            if tier == startTier, let keyset { own.append(keyset.condition); ownArguments += keyset.arguments }
            members.append("""
                SELECT * FROM (SELECT g.id AS id, \(sortKey) AS sort_key, \(tier) AS stale \(from)
                WHERE \(own.joined(separator: " AND ")) ORDER BY sort_key, g.id LIMIT \(query.limit + 1))
                """)
            memberArguments += ownArguments
        }
        let sql = members.joined(separator: "\nUNION ALL\n") + "\nLIMIT \(query.limit + 1)"
        return (sql, StatementArguments(memberArguments)!)
    }

    /// Turns what a person typed into an FTS5 expression: every word must match, as a prefix.
    public static func matchExpression(_ text: String) -> String {
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber) }
        return words.prefix(8).map { "\"\($0)\"*" }.joined(separator: " ")
    }
}

extension AppDatabase {
    public func searchGroups(_ query: GroupQuery, after position: SearchPosition?) throws -> GroupSearchPage {
        try pool.read { try GroupSearch.run(query, after: position, in: $0) }
    }
}
