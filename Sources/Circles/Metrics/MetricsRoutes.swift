import HTTPServer
import Store

/// `GET /metrics` in Prometheus text format. On the main port it needs an administrator's key
/// or the operator's metrics token (`CIRCLES_METRICS_TOKEN`, sent as a Bearer token); on the
/// optional metrics port (`--metrics-port`, loopback by default) it is open, for a local scraper.
struct MetricsRoutes: RouteCollection {
    let database: AppDatabase
    let metrics: ServerMetrics

    init(_ context: RouteContext) {
        database = context.api.database
        metrics = context.metrics
    }

    static let routes: [Route<Self>] = [
        .get("/metrics", .adminOrMetricsToken, Self.exposition)
    ]

    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    func exposition(_ request: Request, _ caller: Principal) -> Response {
        Self.response(metrics, database)
    }

    /// The router of the separate metrics port: `/metrics` and nothing else, without authentication.
    static func openRouter(metrics: ServerMetrics, database: AppDatabase) -> Router {
        let router = Router()
        router.get("/metrics") { _ in response(metrics, database) }
        return router
    }

    private static func response(_ metrics: ServerMetrics, _ database: AppDatabase) -> Response {
        var response = Response(status: 200, body: metrics.exposition(database: database))
        response.headers.add("Content-Type", contentType)
        response.headers.add("Cache-Control", "no-store")
        return response
    }
}

/// The operator's metrics token (`CIRCLES_METRICS_TOKEN`), presented as a Bearer token.
enum MetricsToken {
    static func isPresented(in request: Request, token: String?) -> Bool {
        guard let token, !token.isEmpty, let header = request.headers["Authorization"] else { return false }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        return APIKeys.constantTimeEquals(String(parts[1]).trimmingCharacters(in: .whitespaces), token)
    }
}
