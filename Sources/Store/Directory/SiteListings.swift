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

    /// Slugs and last changes of active groups, oldest first, at most `limit`.
    static func activeGroups(limit: Int, in db: Database) throws -> [(slug: String, updatedAt: Timestamp)] {
        try Row.fetchAll(db, sql: "SELECT slug, updated_at FROM groups WHERE status = 'active' ORDER BY id LIMIT ?", arguments: [limit])
            .map { (slug: $0["slug"], updatedAt: $0["updated_at"]) }
    }
}

extension AppDatabase {
    /// Every city with at least one active group, by state and name.
    public func citiesWithGroups() throws -> [SiteListings.City] {
        try pool.read { try SiteListings.cities(in: $0) }
    }

    /// Slugs and last changes of active groups, oldest first, at most `limit`.
    public func activeGroupSlugs(limit: Int) throws -> [(slug: String, updatedAt: Timestamp)] {
        try pool.read { try SiteListings.activeGroups(limit: limit, in: $0) }
    }
}
