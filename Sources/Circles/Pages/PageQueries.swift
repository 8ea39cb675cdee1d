import Foundation
import Store

/// The reads the pages combine from the Store, in the shapes the pages use.
enum PageQueries {
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
        try database.citiesWithGroups().map { City(state: $0.state, name: $0.name, groupCount: $0.groupCount) }
    }
}
