import HTTPServer
import Store

/// The seeded taxonomy of topics, read-only, with stable slugs.
struct TopicRoutes {
    let api: API

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

    func register(on router: Router) {
        let database = api.database
        router.get("/api/v1/topics") { _ in
            try API.json(Page(data: try database.topics().map(TopicView.init), next: nil), cache: "public, max-age=300")
        }
        router.get("/api/v1/topics/:slug") { request in
            let slug = request.parameter("slug")
            guard let topic = try database.topics(slug: slug).first else { throw HTTPError.notFound("No topic \(slug).") }
            return try API.json(TopicView(topic), cache: "public, max-age=300")
        }
    }
}
