import Foundation
import GRDB

/// The filters of a group search; every field is optional and they combine with AND.
public struct GroupQuery: Sendable, Equatable {
    public var text: String?
    public var topics: [String] = []
    public var format: GroupFormat?
    /// Only groups one joins from anywhere: online, hybrid or by phone.
    public var remote = false
    public var audience: Audience?
    public var language: String?
    public var free: Bool?
    public var city: String?
    public var state: String?
    public var zip: String?
    public var near: (latitude: Double, longitude: Double)?
    /// Around `near`: 25 miles unless asked.
    public var radiusKm: Double = GroupQuery.defaultRadiusKm
    public var weekday: Int?
    public var partOfDay: String?
    public var wheelchairAccessible = false
    public var organizationId: Int64?
    public var statuses: [GroupStatus] = [.active]
    public var limit = 20
    /// What to expect: `drop_in` or `registration`; `anyone` or `lived_experience`; the facts a group offers.
    public var joinMode: JoinMode?
    public var openTo: OpenTo?
    public var cameraOptional = false
    public var childcare = false
    public var asl = false
    /// Only groups that are not full (no cap, or open seats left).
    public var hasOpenSeats = false
    /// Listings confirmed before this instant (RFC 3339), or never, come after all others.
    public var staleBefore: String?

    public init() {}

    /// 25 miles, what a person who travels to a meeting expects "near" to mean.
    public static let defaultRadiusKm = 25 * 1.609344

    public static func == (a: GroupQuery, b: GroupQuery) -> Bool {
        a.text == b.text && a.topics == b.topics && a.format == b.format && a.remote == b.remote && a.audience == b.audience
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
    /// The text searched for once its typing slips were mended ("grief" for "greif"), or nil when it
    /// was searched as typed: for a page to say "Showing results for …".
    public var mendedText: String?

    /// No groups (a search that could not run, such as one whose place must be chosen first).
    public static let empty = GroupSearchPage(ids: [], distances: [:], next: nil)
}

/// Runs group searches with keyset pagination: a page starts strictly after the last row of the previous
/// one in a total order (sort value, id), so rows inserted meanwhile never cause a skip or a repeat.
public enum GroupSearch {
    public static func run(_ query: GroupQuery, after position: SearchPosition?, in db: Database) throws -> GroupSearchPage {
        try run(query, after: position, in: db, nameScanRows: nameScanRows, bestMatchCount: bestMatchCount)
    }

    /// A search with its scans' sizes given: tests make them small, so that both ways of answering are taken.
    static func run(
        _ query: GroupQuery, after position: SearchPosition?, in db: Database,
        nameScanRows: Int, bestMatchCount: Int, topicPlaces: Bool = true
    ) throws -> GroupSearchPage {
        var query = query
        if query.staleBefore != nil, let cutoff = position?.staleBefore { query.staleBefore = cutoff }
        func search() throws -> GroupSearchPage {
            try answer(query, after: position, in: db, nameScanRows: nameScanRows, bestMatchCount: bestMatchCount, topicPlaces: topicPlaces)
        }
        // Typing slips are looked for after the search: one that found groups matched each word it required
        // on its own, which is then not looked up (`q=grief`: about 100 µs less). A cursor of a mended search
        // whose order the words as typed would not have is mended first.
        let typed = position == nil || position?.ordering == query.ordering.rawValue ? try search() : nil
        guard let text = query.text, let mended = try SpellingCorrection.correct(text, in: db, found: !(typed?.ids.isEmpty ?? true)) else {
            return try typed ?? search()
        }
        query.text = mended
        var page = try search()
        page.mendedText = mended
        return page
    }

    /// One search as asked, its text taken as typed.
    private static func answer(
        _ query: GroupQuery, after position: SearchPosition?, in db: Database,
        nameScanRows: Int, bestMatchCount: Int, topicPlaces: Bool
    ) throws -> GroupSearchPage {
        let ordering = query.ordering
        let match = try OnlyWordPrefixes.narrowed(matchExpression(query.text ?? ""), in: db)
        func read(_ drive: Drive) throws -> [Row] {
            try fetch(build(query, match: match, after: position, drive: drive), in: db)
        }
        var rows: [Row] = []
        // Reading the topic's places answers the search whole; so does a text window that held every match.
        var complete = topicPlaces && readsTopicPlaces(query)
        if complete {
            rows = try read(.topicPlaces)
        } else if scansNamesFirst(query) {
            rows = try read(.names(bound: nameBound(query, after: position, rows: nameScanRows, in: db)))
        }
        if ordering == .relevance {
            // Fewer matches pass the checks on their id than the best ones ranked: those are all of them, so
            // one ranking answers every tier (`q=grief&city=Chicago`: 9.4 → 4.4 ms of CPU). With such checks
            // (a place, a topic…) the answer is often that small, and they are counted first; without, only
            // when the best matches came short of a page.
            let checked = checksIds(query)
            if checked, try matchCount(query, match: match, upTo: bestMatchCount, in: db) < bestMatchCount {
                rows = try read(.bestMatches(bestMatchCount, everyTier: query.staleBefore != nil))
                complete = true
            } else {
                rows = try read(.bestMatches(bestMatchCount))
                if !checked, rows.count <= query.limit, try matchCount(query, match: match, upTo: bestMatchCount, in: db) < bestMatchCount {
                    if query.staleBefore != nil {
                        rows = try read(.bestMatches(bestMatchCount, everyTier: true))
                    }
                    complete = true
                }
            }
        }
        // A scan is the answer only when it filled the page; otherwise the filters drive the search.
        if rows.count <= query.limit && !complete {
            rows = try read(.filters)
        }
        var ids: [Int64] = []
        var distances: [Int64: Double] = [:]
        var last: SearchPosition?
        for row in rows.prefix(query.limit) {
            let id: Int64 = row["id"]
            ids.append(id)
            switch ordering {
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

    /// Whether a text search checks its matches' ids while ranking them (see `build`'s `idCheck`): a place,
    /// a topic, a day or time of day, a language, an audience.
    static func checksIds(_ query: GroupQuery) -> Bool {
        query.city != nil || query.state != nil || query.zip != nil || query.wheelchairAccessible || !query.topics.isEmpty
            || query.weekday != nil || query.partOfDay != nil || query.language != nil || query.audience != nil
    }

    /// How many text matches pass the checks on their id (see `Drive.bestMatches`), on every page, counted up to `bound`.
    static func matchCount(_ query: GroupQuery, match: String, upTo bound: Int, in db: Database) throws -> Int {
        let (sql, arguments) = try build(query, match: match, after: nil, drive: .matchCount(bound))
        return try Int.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) ?? 0
    }

    /// The query plans of a search: of the name scan (when the search starts with one) and of the filter-driven search.
    public static func explain(_ query: GroupQuery, in db: Database) throws -> [String] {
        var drives: [Drive] = [readsTopicPlaces(query) ? .topicPlaces : .filters]
        if scansNamesFirst(query) { drives.insert(.names(bound: "m"), at: 0) }
        if query.ordering == .relevance { drives.insert(.bestMatches(bestMatchCount), at: 0) }
        return try drives.flatMap { drive in
            let (sql, arguments) = try build(query, match: matchExpression(query.text ?? ""), after: nil, drive: drive)
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    /// A search's SQL depends only on which filters it has (values are bound, a distance search's point
    /// by name), so each connection prepares each form once.
    private static func fetch(_ search: (String, StatementArguments), in db: Database) throws -> [Row] {
        try Row.fetchAll(db.cachedStatement(sql: search.0), arguments: search.1)
    }

    /// How a name-ordered search finds its rows.
    ///
    /// Filters that match thousands of groups are answered fastest by reading groups in name order and
    /// keeping those that pass (`names`): a filter matching 5% of the directory fills a page of 20 after
    /// about 400 rows, where driving from the filter's own index means sorting all its matches (13 ms for
    /// 5,000 at 100,000 groups). A rare filter would make that read long, so it stops at `bound`, the
    /// name `nameScanRows` rows on; when the page is not full by then, the filters drive (`filters`),
    /// and they match few groups.
    ///
    /// A text search is likewise answered first from its best `bestMatches` matches, ranked without
    /// sorting all of them (1.7 ms for 5,000 matches, against 3.8 ms for FTS5's full `ORDER BY rank`),
    /// and from all its matches in FTS5's rank order only when those do not fill the page. The checks on
    /// a match's id (place, topic, day, language, audience) are made while ranking; those on the group's
    /// row (status, freshness, format…) rarely reject many of the best matches. When fewer matches pass
    /// the id checks than the best ranked (`matchCount`, counted first when there are id checks), those
    /// were all of them: the answer is theirs, in every tier of freshness (`everyTier`, one ranking the
    /// tiers share), and FTS5 never ranks every match.
    ///
    /// One topic at a place, in name order, is read from `group_topic_places` (`topicPlaces`, see
    /// `readsTopicPlaces`), which answers it whole.
    enum Drive: Equatable {
        case filters
        case names(bound: String?)
        case bestMatches(Int, everyTier: Bool = false)
        /// `SELECT count(*)` of the matches `bestMatches` would rank, up to the number.
        case matchCount(Int)
        case topicPlaces
    }

    /// Whether a search reads `group_topic_places` (migration 0019): in name order, one topic at a
    /// place (a city, state or ZIP code, wheelchair access), and no filter on the group's own columns.
    /// Such a search reads only the groups of the place that have the topic, in name order within each
    /// location, instead of every group of the place.
    static func readsTopicPlaces(_ query: GroupQuery) -> Bool {
        query.ordering == .name && query.topics.count == 1 && (query.city != nil || query.state != nil || query.zip != nil)
            && query.near == nil && query.organizationId == nil && query.weekday == nil && query.partOfDay == nil
            && query.language == nil && query.audience == nil && query.format == nil && !query.remote && query.free == nil
            && query.joinMode == nil && query.openTo == nil && !query.cameraOptional && !query.childcare && !query.asl
            && !query.hasOpenSeats
    }

    /// How many rows of the name index a name scan reads at most (about 1.5 ms).
    static let nameScanRows = 4000

    /// Whether a search reads the name index first: ordered by name, in one status, filtered by something
    /// that is not a place or an organization (those have indexes in name order of their own).
    static func scansNamesFirst(_ query: GroupQuery) -> Bool {
        guard query.ordering == .name, query.statuses.count == 1 else { return false }
        guard query.city == nil, query.state == nil, query.zip == nil, query.near == nil, query.organizationId == nil else { return false }
        return !query.topics.isEmpty || query.weekday != nil || query.partOfDay != nil || query.language != nil
            || query.audience != nil || query.format != nil || query.remote || query.free != nil || query.wheelchairAccessible
            || query.joinMode != nil || query.openTo != nil || query.cameraOptional || query.childcare || query.asl
            || query.hasOpenSeats
    }

    /// The name `nameScanRows` rows after the position in the name index, or nil when fewer rows are left.
    static func nameBound(_ query: GroupQuery, after position: SearchPosition?, rows: Int, in db: Database) throws -> String? {
        var sql = "SELECT name COLLATE NOCASE FROM groups INDEXED BY groups_by_name WHERE status = ?"
        var arguments: [(any DatabaseValueConvertible)?] = [query.statuses[0]]
        if let position {
            sql += " AND \(nameKeyset("name", "id"))"
            arguments += [position.text ?? "", position.text ?? "", position.id]
        }
        sql += " ORDER BY name COLLATE NOCASE, id LIMIT 1 OFFSET ?"
        arguments.append(rows - 1)
        return try String.fetchOne(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
    }

    /// Rows strictly after (name, id) in name order, written so that the name index serves it as a range.
    static func nameKeyset(_ name: String, _ id: String) -> String {
        "\(name) COLLATE NOCASE >= ? AND (\(name) COLLATE NOCASE > ? OR \(id) > ?)"
    }

    /// The weights of `circles_rank` by column of `group_search`: name, summary, description, topics,
    /// organization, place (see Sources/CSearchRank).
    static let relevanceWeights = "10.0, 4.0, 1.0, 6.0, 3.0, 3.0"

    /// How many of the best text matches a text-only search ranks first (see `Drive.bestMatches`).
    static let bestMatchCount = 200

    /// The SQL of one way (`drive`) of answering `query`, whose text is searched as `match` (an FTS5
    /// expression of `matchExpression`, empty for none).
    static func build(
        _ query: GroupQuery, match: String, after position: SearchPosition?, drive: Drive = .filters
    ) throws -> (String, StatementArguments) {
        var joins: [String] = []
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        // With `bestMatches`: the checks that need only a match's id, made while ranking (see below).
        var window: [String] = []
        var windowArguments: [(any DatabaseValueConvertible)?] = []
        let ordering = query.ordering
        // The rows a page is made of: groups, or with `topicPlaces` the topic's entries, which carry the
        // group's id, name, status and confirmation.
        let topicPlaces = drive == .topicPlaces
        let rows = topicPlaces ? "t" : "g"
        let idColumn = topicPlaces ? "t.group_id" : "g.id"
        // Text made only of common words filters nothing (see CommonWords).
        let hasText = !match.isEmpty
        var sortKey: String
        // The point of a distance search, bound by name wherever the distance appears, so that the SQL
        // stays one form that each connection prepares once (preparing it was a fifth of a near search).
        var point = StatementArguments()
        // The text matches a window ranks (`bestMatches`) or counts (`matchCount`): at most this many.
        let windowLimit: Int? =
            switch drive {
            case .bestMatches(let count, _), .matchCount(let count): count
            default: nil
            }
        // Whether the answer covers every tier of freshness; a scan answers for its position's own tier.
        let everyTier =
            switch drive {
            case .filters, .topicPlaces: true
            case .bestMatches(_, let everyTier): everyTier
            case .names, .matchCount: false
            }
        switch ordering {
        case .name:
            sortKey = "\(rows).name COLLATE NOCASE"
        case .relevance:
            if windowLimit != nil {
                window.append("group_search MATCH ?")
                windowArguments.append(match)
            } else {
                joins.append("JOIN group_search s ON s.rowid = g.id")
                conditions.append("group_search MATCH ?")
                arguments.append(match)
                // FTS5 sorts its matches by this rank, which is unique per row (score, then id): the groups
                // are then read in that order and the page stops at its limit, without joining every match.
                conditions.append("s.rank MATCH 'circles_rank(\(relevanceWeights))'")
            }
            sortKey = "s.rank"
        case .distance:
            let (lat, lng) = query.near!
            let kmPerLat = 111.32
            let kmPerLng = 111.32 * max(0.01, cos(lat * .pi / 180))
            point = ["lat": lat, "lng": lng, "km_per_lng": kmPerLng]
            sortKey =
                "sqrt(((l.latitude - :lat) * \(kmPerLat)) * ((l.latitude - :lat) * \(kmPerLat)) + ((l.longitude - :lng) * :km_per_lng) * ((l.longitude - :lng) * :km_per_lng))"
            conditions.append("l.latitude BETWEEN ? AND ? AND l.longitude BETWEEN ? AND ?")
            let dLat = query.radiusKm / kmPerLat, dLng = query.radiusKm / kmPerLng
            arguments += [lat - dLat, lat + dLat, lng - dLng, lng + dLng]
            conditions.append("\(sortKey) <= ?")
            arguments.append(query.radiusKm)
        }
        if hasText && ordering != .relevance {
            // Text with a distance order: a plain filter by the words.
            conditions.append("g.id IN (SELECT rowid FROM group_search WHERE group_search MATCH ?)")
            arguments.append(match)
        }
        // A text search reads its matches in rank order and checks each; a check that needs only the match's
        // id (a place, a topic…) is made before the group's wide row is read, so it names the id by the
        // match's rowid. With `bestMatches` it is made while ranking, so the best matches are ones that pass.
        let isBestMatches = windowLimit != nil
        let groupId = ordering != .relevance ? idColumn : isBestMatches ? "group_search.rowid" : "s.rowid"
        func idCheck(_ condition: String, _ values: [(any DatabaseValueConvertible)?]) {
            if isBestMatches {
                window.append(condition)
                windowArguments += values
            } else {
                conditions.append(condition)
                arguments += values
            }
        }
        let needsLocation =
            ordering == .distance
            || (ordering != .relevance && (query.city != nil || query.state != nil || query.zip != nil || query.wheelchairAccessible))
        // Joined only when read: an unread join still keeps the name index from covering a name scan.
        if topicPlaces {
            // Each of the place's locations, then its entries for the topic: the topic's key leads.
            joins.append(
                "CROSS JOIN group_topic_places t ON t.location_id = l.id AND t.topic_id = (SELECT id FROM topics WHERE slug = ?)")
            windowArguments.append(query.topics[0])
        } else if needsLocation || query.asl {
            joins.append((needsLocation ? "JOIN" : "LEFT JOIN") + " locations l ON l.id = g.location_id")
        }

        var isNameScan = false
        if case .names(let bound) = drive {
            isNameScan = true
            conditions.append("g.status = ?")
            arguments.append(query.statuses[0])
            if let bound {
                conditions.append("g.name COLLATE NOCASE <= ?")
                arguments.append(bound)
            }
        }
        // With a selective filter, keep the planner off the status index (nearly every group is active):
        // the unary + makes it drive the search from the filter's own index instead.
        let selective =
            !query.topics.isEmpty || query.city != nil || query.state != nil || query.zip != nil || query.near != nil
            || hasText || query.language != nil || query.audience != nil || query.weekday != nil || query.partOfDay != nil
            || query.organizationId != nil || query.wheelchairAccessible
        if !isNameScan {
            let plus = selective && !topicPlaces ? "+" : ""
            conditions.append("\(plus)\(rows).status IN (\(query.statuses.map { _ in "?" }.joined(separator: ",")))")
            arguments += query.statuses.map { $0 }
        }
        // One filter drives the search from its index; the others are checked per candidate row.
        // Location, text and organization filters drive by themselves; otherwise the first link filter does,
        // unless the name index drives.
        var driverTaken =
            hasText || query.near != nil || query.city != nil || query.zip != nil
            || query.state != nil || query.organizationId != nil || drive != .filters
        func linkFilter(_ table: String, _ condition: String, _ values: [any DatabaseValueConvertible]) {
            if driverTaken {
                idCheck("EXISTS (SELECT 1 FROM \(table) x WHERE x.group_id = \(groupId) AND \(condition))", values)
            } else {
                conditions.append("g.id IN (SELECT x.group_id FROM \(table) x WHERE \(condition))")
                arguments += values.map { $0 }
                driverTaken = true
            }
        }
        if !query.topics.isEmpty && !topicPlaces {
            linkFilter(
                "group_topics", "x.topic_id IN (SELECT id FROM topics WHERE slug IN (\(query.topics.map { _ in "?" }.joined(separator: ","))))", query.topics)
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
            case .inPerson, .online: conditions.append("g.format IN (?, 'hybrid')")
            case .phone, .hybrid: conditions.append("g.format = ?")
            }
            arguments.append(format)
        }
        if query.remote { conditions.append("g.format IN ('online', 'hybrid', 'phone')") }
        if let free = query.free {
            conditions.append("g.is_free = ?")
            arguments.append(free)
        }
        var place: [String] = []
        var placeArguments: [(any DatabaseValueConvertible)?] = []
        if let city = query.city {
            place.append("l.city = ? COLLATE NOCASE")
            placeArguments.append(city)
        }
        if let state = query.state {
            place.append("l.state = ? COLLATE NOCASE")
            placeArguments.append(state)
        }
        if let zip = query.zip {
            place.append("l.zip = ?")
            placeArguments.append(zip)
        }
        if query.wheelchairAccessible {
            place.append("l.wheelchair_accessible = 1")
        }
        if ordering == .relevance && !place.isEmpty {
            // The groups at matching places, listed once from the location index, then looked up per match
            // (the unary + keeps FTS5 from running the text query once per listed id instead).
            idCheck(
                "+\(groupId) IN (SELECT pg.id FROM locations l JOIN groups pg ON pg.location_id = l.id WHERE \(place.joined(separator: " AND ")))",
                placeArguments)
        } else {
            conditions += place
            arguments += placeArguments
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
                keyset = (nameKeyset("\(rows).name", idColumn), [position.text ?? "", position.text ?? "", position.id])
            case .relevance:
                // The rank already ends in the id, so it alone is the position. A window for one tier has it
                // already; across tiers it applies in its own tier only.
                if windowLimit == nil || everyTier { keyset = ("\(sortKey) > ?", [position.number ?? 0]) }
            case .distance:
                keyset = ("(\(sortKey) > ? OR (\(sortKey) = ? AND g.id > ?))", [position.number ?? 0, position.number ?? 0, position.id])
            }
        }
        // The best matches, ranked (a subquery named `s`), with `bestMatches`.
        var rankedMatches: String?
        if let count = windowLimit {
            // SQLite keeps only the best `count` matches while ranking them (no sort of every match); their
            // groups are then read and checked. The position is a rank, so it applies while ranking too.
            let rank = "circles_rank(group_search, \(relevanceWeights))"
            let after = everyTier ? nil : position.map { $0.number ?? 0 }
            if case .bestMatches = drive, window.count == 1, isOnePhrase(match) {
                // One word and no check on the id: `circles_best` ranks every match in one call, in C, and
                // `circles_matches` reads the best back in rank order (`q=grief`: 960 → 770 µs for its SQL,
                // → 385 µs with the prefix made whole and no JSON).
                rankedMatches =
                    "(SELECT id, rank FROM circles_matches((SELECT circles_best(group_search, \(count), ?, \(relevanceWeights)) FROM group_search WHERE group_search MATCH ? LIMIT 1)))"
                windowArguments = [after, match]
            } else {
                if let after { window.append("\(rank) > ?"); windowArguments.append(after) }
                if case .matchCount = drive {
                    let sql = "SELECT count(*) FROM (SELECT 1 FROM group_search WHERE \(window.joined(separator: " AND ")) LIMIT \(count))"
                    return (sql, StatementArguments(windowArguments))
                }
                rankedMatches =
                    "(SELECT rowid AS id, \(rank) AS rank FROM group_search WHERE \(window.joined(separator: " AND ")) ORDER BY rank LIMIT \(count))"
            }
        }
        // Every tier of freshness reads the same best matches (`everyTier`): ranked once, as a table the
        // tiers share, instead of once by each (`q=grief&city=Chicago`: two rankings of 5,044 matches).
        let sharesMatches = rankedMatches != nil && everyTier && query.staleBefore != nil && (position?.stale ?? 0) == 0
        // The ranked matches lead, each then looking up its group (120 µs less than the groups leading
        // for `q=grief`, where SQLite first stored the window in a table).
        let matches = rankedMatches.map { (sharesMatches ? "s" : $0 + " s") + " CROSS JOIN groups g ON g.id = s.id" }
        let from =
            topicPlaces
            ? "FROM locations l \(joins.joined(separator: " "))"
            : "FROM \(matches ?? "groups g")\(isNameScan ? " INDEXED BY groups_by_name" : "") \(joins.joined(separator: " "))"
        // The window's (or the topic's) arguments come first: its join precedes WHERE (or it leads, shared).
        let sharedArguments = sharesMatches ? windowArguments : []
        arguments = (sharesMatches ? [] : windowArguments) + arguments
        // The relevance rank is a total order by itself; a second key would make SQLite sort every match.
        let order = ordering == .relevance ? "sort_key" : "sort_key, \(idColumn)"
        guard let staleBefore = query.staleBefore else {
            if let keyset { conditions.append(keyset.condition); arguments += keyset.arguments }
            let sql = """
                SELECT \(idColumn) AS id, \(sortKey) AS sort_key
                \(from)
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY \(order)
                LIMIT \(query.limit + 1)
                """
            return (sql, StatementArguments(arguments) + point)
        }
        // Freshness leads the order: listings confirmed since the cut-off first, then the others. Each tier
        // is its own query in the index's order, joined by UNION ALL and cut by the outer LIMIT, so a page
        // never sorts every match (one ORDER BY stale, sort_key sorted all 100,000 groups: 1 ms → 0.5 s).
        // The unary + keeps the planner from driving the search by confirmation date. The cut-off is a
        // bound argument, so the statement stays one cached form whatever the time.
        let tiers = ["+\(rows).last_confirmed_at >= ?", "(+\(rows).last_confirmed_at IS NULL OR +\(rows).last_confirmed_at < ?)"]
        let startTier = position?.stale ?? 0
        var members: [String] = []
        var memberArguments: [(any DatabaseValueConvertible)?] = []
        // A scan answers for the position's own tier only: it stands only when it fills the page.
        let lastTier = everyTier ? tiers.count - 1 : startTier
        for (tier, condition) in tiers.enumerated() where tier >= startTier && tier <= lastTier {
            var own = conditions + [condition]
            var ownArguments = arguments + [staleBefore]
            // The cursor's position applies in its own tier; a later tier starts from its beginning.
            if tier == startTier, let keyset { own.append(keyset.condition); ownArguments += keyset.arguments }
            members.append(
                """
                SELECT * FROM (SELECT \(idColumn) AS id, \(sortKey) AS sort_key, \(tier) AS stale \(from)
                WHERE \(own.joined(separator: " AND ")) ORDER BY \(order) LIMIT \(query.limit + 1))
                """)
            memberArguments += ownArguments
        }
        let shared = rankedMatches.map { sharesMatches ? "WITH s AS MATERIALIZED \($0)\n" : "" } ?? ""
        let sql = shared + members.joined(separator: "\nUNION ALL\n") + "\nLIMIT \(query.limit + 1)"
        return (sql, StatementArguments(sharedArguments + memberArguments) + point)
    }

    /// Whether an FTS5 expression of `matchExpression` is one phrase (`"grief"*`): one word without
    /// alternatives, as its words are joined by spaces and its alternatives are in parentheses.
    static func isOnePhrase(_ match: String) -> Bool {
        !match.isEmpty && !match.hasPrefix("(") && !match.contains(" ")
    }

    /// Turns what a person typed into an FTS5 expression: every word must match, as a prefix of its stem
    /// or of what it also means (`SearchWords`), except the common words (`CommonWords`). Empty when no
    /// word is left.
    public static func matchExpression(_ text: String) -> String {
        let terms = SearchWords.expression(CommonWords.searchable(text))
        return terms.joined(separator: terms.contains { $0.hasPrefix("(") } ? " AND " : " ")
    }

    /// Whether a text filter would list every group: `text` is made only of common words.
    public static func matchesEverything(_ text: String) -> Bool {
        CommonWords.onlyCommon(text)
    }
}

extension AppDatabase {
    /// Whether a cursor belongs to `query`: it has the search's order, or the order of its words once
    /// their slips are mended (a common word, ordered by name, can be mended to a listing's word, ordered
    /// by relevance). Only a cursor of another order costs a look at the words.
    public func cursorFits(_ position: SearchPosition, _ query: GroupQuery) throws -> Bool {
        if position.ordering == query.ordering.rawValue { return true }
        guard let text = query.text, let mended = try correctedSearchText(text) else { return false }
        var mendedQuery = query
        mendedQuery.text = mended
        return position.ordering == mendedQuery.ordering.rawValue
    }

    public func searchGroups(_ query: GroupQuery, after position: SearchPosition?) throws -> GroupSearchPage {
        try pool.read { try GroupSearch.run(query, after: position, in: $0) }
    }
}
