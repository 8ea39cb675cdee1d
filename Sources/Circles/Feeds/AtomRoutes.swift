import Foundation
import HTTPServer
import Store

/// The Atom feed of the groups most recently added or changed.
struct AtomRoutes: RouteCollection {
    let api: API

    init(_ context: RouteContext) { api = context.api }

    static let routes: [Route<Self>] = [
        .get("/api/v1/feeds/groups.atom", .anyone, Self.feed)
    ]

    func feed(_ request: Request, _ caller: Principal) throws -> Response {
        let groups = try api.database.groupDetails(ids: try api.database.recentlyChangedGroupIds(limit: AtomFeed.maxEntries))
        let site = SiteAddress(request, settings: api.settings)
        let body = AtomFeed(site: site, selfURL: site.absolute("/api/v1/feeds/groups.atom")).render(groups)
        let modified = groups.map(\.group.updatedAt.date).max()
        return FeedResponse.make(body, contentType: AtomFeed.contentType, lastModified: modified)
    }
}
