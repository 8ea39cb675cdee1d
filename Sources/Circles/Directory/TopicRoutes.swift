import GroupViews
import HTTPServer
import Store

/// The seeded taxonomy of topics, read-only, with stable slugs.
struct TopicRoutes: RouteCollection {
    let api: API

    init(_ context: RouteContext) { api = context.api }

    static let routes: [Route<Self>] = [
        .get("/api/v1/topics", .anyone, Self.list),
        .get("/api/v1/topics/:slug", .anyone, Self.read),
    ]

    struct TopicView: Encodable {
        var slug: String
        var name: String
        var description: String
        var groupCount: Int
        init(_ t: TopicSummary) {
            slug = t.slug
            name = t.name
            description = t.description
            groupCount = t.groupCount
        }
    }

    func list(_ request: Request, _ caller: Principal) throws -> Response {
        try API.json(Page(data: try api.database.topics().map(TopicView.init), next: nil), cache: "public, max-age=300")
    }

    func read(_ request: Request, _ caller: Principal) throws -> Response {
        let slug = request.parameter("slug")
        guard let topic = try api.database.topics(slug: slug).first else { throw HTTPError.notFound("No topic \(slug).") }
        return try API.json(TopicView(topic), cache: "public, max-age=300")
    }
}
