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
        init(_ t: TopicSummary, _ words: Wording) {
            slug = t.slug
            name = words.topicName(t.slug, stored: t.name)
            description = words.topicDescription(t.slug, stored: t.description)
            groupCount = t.groupCount
        }
    }

    func list(_ request: Request, _ caller: Principal) throws -> Response {
        let language = api.language(request)
        let words = Wording(language)
        let topics = try api.database.topics().map { TopicView($0, words) }
        return API.labelled(try API.json(Page(data: topics, next: nil), cache: "public, max-age=300"), language)
    }

    func read(_ request: Request, _ caller: Principal) throws -> Response {
        let slug = request.parameter("slug")
        guard let topic = try api.database.topics(slug: slug).first else { throw HTTPError.notFound("No topic \(slug).") }
        let language = api.language(request)
        return API.labelled(try API.json(TopicView(topic, Wording(language)), cache: "public, max-age=300"), language)
    }
}
