import Foundation
import GRDB
import Store

/// The reads the pages need that the Store does not offer yet.
///
/// They belong in `Store` (SQL lives there); they sit here, small and read-only, until the
/// Store grows `cities()` and `activeGroupSlugs()` of its own.
enum PageQueries {
    /// What a group page shows beyond `GroupDetails`: facilitators' trainings and the feedback.
    struct GroupExtras {
        var trainings: [Int64: [TrainingRecord]] = [:]
        var ratings = RatingSummary()
        var comments: [FeedbackRecord] = []
    }

    /// One read transaction: each facilitator's trainings, the ratings, the five newest approved comments.
    static func groupExtras(_ d: GroupDetails, in database: AppDatabase) throws -> GroupExtras {
        try database.pool.read { db in
            var extras = GroupExtras()
            for f in d.facilitators { extras.trainings[f.id!] = try FacilitatorWrites.extras(id: f.id!, in: db).trainings }
            extras.ratings = try FeedbackStore.ratings(groupId: d.group.id!, in: db)
            extras.comments = Array(try FeedbackStore.approvedComments(groupId: d.group.id!, beforeId: nil, limit: 5, in: db).prefix(5))
            return extras
        }
    }

    /// A city with active groups meeting there (by the group's usual place).
    struct City: Sendable {
        var state: String
        var name: String
        var groupCount: Int
        var slug: String { Words.slug(name) }
        var path: String { "/cities/\(state.lowercased())/\(slug)" }
    }

    /// Every city with at least one active group, by state and name.
    static func cities(in database: AppDatabase) throws -> [City] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT upper(l.state) AS state, min(l.city) AS city, count(DISTINCT g.id) AS n
                FROM groups g JOIN locations l ON l.id = g.location_id
                WHERE g.status = 'active' AND l.city IS NOT NULL AND l.city <> '' AND l.state IS NOT NULL AND l.state <> ''
                GROUP BY upper(l.state), l.city COLLATE NOCASE
                ORDER BY upper(l.state), l.city COLLATE NOCASE
                """).map { City(state: $0["state"], name: $0["city"], groupCount: $0["n"]) }
        }
    }

    /// Slugs and last changes of active groups, for the sitemap (at most the 50,000 a sitemap may hold).
    static func activeGroups(in database: AppDatabase, limit: Int = 49_000) throws -> [(slug: String, updatedAt: String)] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT slug, updated_at FROM groups WHERE status = 'active' ORDER BY id LIMIT ?", arguments: [limit])
                .map { (slug: $0["slug"], updatedAt: $0["updated_at"]) }
        }
    }
}
