import Foundation
import GRDB
import GroupViews
import Hummingbird
import Store

/// A Hummingbird 2 server answering `GET /api/v1/groups` (q, topic, city, state, zip, limit, cursor) the way
/// Circles does: the same SQL (Store's GroupSearch and GroupReads), the same views (GroupViews), JSON from
/// JSONEncoder with Circles' settings. Written as a Hummingbird application usually is: async handlers,
/// GRDB's async reads, Codable. `peer --port N --database PATH`.
@main
struct Peer {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    static func main() async throws {
        var port = 18092
        var path = "circles.sqlite"
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--port": port = Int(arguments.next() ?? "") ?? port
            case "--database": path = arguments.next() ?? path
            default: break
            }
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.maximumReaderCount = 8
        let pool = try DatabasePool(path: path, configuration: configuration)

        let router = Router()
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/api/v1/groups") { request, _ -> Response in
            let parameters = request.uri.queryParameters
            var query = GroupQuery()
            query.text = parameters["q"].map(String.init)
            query.topics = parameters.getAll("topic").filter { !$0.isEmpty }
            query.city = parameters["city"].map(String.init)
            query.state = parameters["state"].map { $0.uppercased() }
            query.zip = parameters["zip"].map(String.init)
            if let limit = parameters["limit"].flatMap({ Int($0) }), (1...100).contains(limit) { query.limit = limit }
            let position = parameters["cursor"].flatMap { PageCursor.value(String($0), as: SearchPosition.self) }
            let pairs = parameters.map { (key: String($0.key), value: String($0.value)) }
            let now = Date()
            let freshness = Freshness(staleAfterDays: 60)
            query.staleBefore = freshness.cutoff(now)
            let search = query
            let (page, details) = try await pool.read { db in
                let page = try GroupSearch.run(search, after: position, in: db)
                return (page, try GroupReads.details(ids: page.ids, in: db))
            }
            let views = details.map { GroupView($0, principal: AnonymousCaller(), now: now, freshness: freshness, distanceKm: page.distances[$0.group.id!]) }
            let next = page.next.map { PageCursor.nextLink(path: request.uri.path, pairs: pairs, cursor: PageCursor.encode($0)) }
            let body = try encoder.encode(Page(data: views, next: next))
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "peer"))
        try await app.runService()
    }
}

/// Every benchmark request is anonymous, and an anonymous caller never sees private online details.
struct AnonymousCaller: GroupViewer {
    func canManage(organizationId: Int64) -> Bool { false }
}
