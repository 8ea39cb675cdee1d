import HTTPServer
import Store

/// `/healthz` says the process answers; `/readyz` says the database answers too.
struct HealthRoutes: RouteCollection {
    let database: AppDatabase

    init(_ context: RouteContext) { database = context.api.database }

    static let routes: [Route<Self>] = [
        .get("/healthz", .anyone, Self.alive, execution: .eventLoop, sameForEveryone: true),
        .get("/readyz", .anyone, Self.ready),
    ]

    func alive(_ request: Request, _ caller: Principal) -> Response {
        var response = Response.text("ok\n")
        response.headers.add("Cache-Control", "no-store")
        return response
    }

    func ready(_ request: Request, _ caller: Principal) throws -> Response {
        guard database.isReady() else {
            throw HTTPError(503, detail: "The database does not answer.")
        }
        var response = Response.text("ready\n")
        response.headers.add("Cache-Control", "no-store")
        return response
    }
}
