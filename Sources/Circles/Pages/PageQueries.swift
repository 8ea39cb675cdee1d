import Foundation
import Store

/// The reads the pages combine from the Store, in the shapes the pages use.
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

    /// A city with active groups, with its page's address.
    struct City: Sendable {
        var state: String
        var name: String
        var groupCount: Int
        var slug: String { Words.slug(name) }
        var path: String { "/cities/\(state.lowercased())/\(slug)" }
    }

    /// Every city with at least one active group, by state and name.
    static func cities(in database: AppDatabase) throws -> [City] {
        try database.pool.read { try SiteListings.cities(in: $0) }.map { City(state: $0.state, name: $0.name, groupCount: $0.groupCount) }
    }

    /// Slugs and last changes of active groups, for the sitemap (at most the 50,000 a sitemap may hold).
    static func activeGroups(in database: AppDatabase, limit: Int = 49_000) throws -> [(slug: String, updatedAt: String)] {
        try database.pool.read { try SiteListings.activeGroups(limit: limit, in: $0) }
    }
}
