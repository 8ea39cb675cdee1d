import Foundation
import HTTPServer
import Store

/// The Meeting Guide JSON feed (code4recovery/spec) of the recovery meetings, for the apps and
/// sites of the recovery fellowships.
struct MeetingGuideRoutes: RouteCollection {
    let api: API

    init(_ context: RouteContext) { api = context.api }

    static let routes: [Route<Self>] = [
        .get("/api/v1/feeds/meeting-guide.json", .anyone, Self.feed)
    ]

    func feed(_ request: Request, _ caller: Principal) throws -> Response {
        var query = GroupQuery()
        query.topics = MeetingGuideFeed.recoveryTopics
        let groups = try FeedGroups.search(query, database: api.database)
        var feed = MeetingGuideFeed(site: SiteAddress(request, settings: api.settings))
        let (tags, places) = try api.database.tagsAndPlaces(ofOrganizations: Array(Set(groups.map(\.group.organizationId))))
        for tag in tags {
            if let code = tag.code { feed.tagCodes[tag.organizationId, default: [:]][tag.slug] = code }
        }
        for place in places where feed.homePlaces[place.organizationId] == nil { feed.homePlaces[place.organizationId] = place }
        let body = try API.encode(feed.entries(groups))
        let modified = groups.compactMap(\.lastModified).max()
        return FeedResponse.make(body, contentType: "application/json; charset=utf-8", lastModified: modified)
    }
}
