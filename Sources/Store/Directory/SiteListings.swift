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

    /// Every city with at least one active group, by state and name (names compared without case).
    static func cities(in db: Database) throws -> [City] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT upper(l.state) AS state, min(l.city) AS city, count(DISTINCT g.id) AS n
                FROM groups g JOIN locations l ON l.id = g.location_id
                WHERE g.status = 'active' AND l.city IS NOT NULL AND l.city <> '' AND l.state IS NOT NULL AND l.state <> ''
                GROUP BY upper(l.state), l.city COLLATE NOCASE
                ORDER BY upper(l.state), l.city COLLATE NOCASE
                """
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
