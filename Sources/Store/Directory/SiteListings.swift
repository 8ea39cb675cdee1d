import GRDB

/// Reads for the site's own listings: the cities with groups, and the groups a sitemap names.
public enum SiteListings {
    /// A city with active groups meeting there (by the group's usual place).
    public struct City: Sendable {
        /// Upper-case state, as places are grouped.
        public var state: String
        public var name: String
        public var groupCount: Int
    }

    /// Every city with at least one active group, by state and name (names compared without case), from
    /// each place's count of active groups (`location_counts`, kept by triggers: migration 0021).
    static func cities(in db: Database) throws -> [City] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT upper(l.state) AS state, min(l.city) AS city, sum(c.active_groups) AS n
                    FROM location_counts c JOIN locations l ON l.id = c.location_id
                    WHERE c.active_groups > 0 AND l.city IS NOT NULL AND l.city <> '' AND l.state IS NOT NULL AND l.state <> ''
                    GROUP BY upper(l.state), l.city COLLATE NOCASE
                    ORDER BY upper(l.state), l.city COLLATE NOCASE
                    """)
        ).map { City(state: $0["state"], name: $0["city"], groupCount: $0["n"]) }
    }

    /// The runs of `size` group ids (run 1 is ids 1…size, run 2 the next `size`…) that hold an active
    /// group: a sitemap file each, so that a group stays in its file as others come and go. Both reads
    /// walk ids; the unary + keeps SQLite off the name index, which leads with the status (13 ms a run at
    /// 100,000 groups, against 3 µs).
    static func activeGroupRuns(size: Int, in db: Database) throws -> [Int] {
        let next = try db.cachedStatement(sql: "SELECT id FROM groups WHERE id >= ? AND +status = ? ORDER BY id LIMIT 1")
        var runs: [Int] = []
        var start: Int64 = 1
        while let id = try Int64.fetchOne(next, arguments: [start, GroupStatus.active]) {
            let run = (id - 1) / Int64(size) + 1
            runs.append(Int(run))
            start = run * Int64(size) + 1
        }
        return runs
    }

    /// Slugs and last changes of the active groups of one run of `size` ids (see `activeGroupRuns`), by id.
    static func activeGroups(run: Int, size: Int, in db: Database) throws -> [(slug: String, updatedAt: Timestamp)] {
        guard run >= 1 else { return [] }
        let (last, overflow) = Int64(run).multipliedReportingOverflow(by: Int64(size))
        guard !overflow else { return [] }
        return try Row.fetchAll(
            db.cachedStatement(sql: "SELECT slug, updated_at FROM groups WHERE id BETWEEN ? AND ? AND +status = ? ORDER BY id"),
            arguments: [last - Int64(size) + 1, last, GroupStatus.active]
        ).map { (slug: $0["slug"], updatedAt: $0["updated_at"]) }
    }
}

extension AppDatabase {
    /// Every city with at least one active group, by state and name.
    public func citiesWithGroups() throws -> [SiteListings.City] {
        try pool.read { try SiteListings.cities(in: $0) }
    }

    /// The runs of `size` group ids that hold an active group (see `SiteListings.activeGroupRuns`).
    public func activeGroupRuns(size: Int) throws -> [Int] {
        try pool.read { try SiteListings.activeGroupRuns(size: size, in: $0) }
    }

    /// Slugs and last changes of the active groups of one run of `size` ids, by id.
    public func activeGroups(run: Int, size: Int) throws -> [(slug: String, updatedAt: Timestamp)] {
        try pool.read { try SiteListings.activeGroups(run: run, size: size, in: $0) }
    }
}
