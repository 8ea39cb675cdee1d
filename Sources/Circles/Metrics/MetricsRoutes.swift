import HTTPServer
import Store

/// `GET /metrics` in Prometheus text format. On the main port it needs an administrator's key
/// or the operator's metrics token (`CIRCLES_METRICS_TOKEN`, sent as a Bearer token); on the
/// optional metrics port (`--metrics-port`, loopback by default) it is open, for a local scraper.
struct MetricsRoutes {
    let api: API
    let metrics: ServerMetrics
    let token: String?

    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    func register(on router: Router) {
        router.get("/metrics") { [api, metrics, token] request in
            if !Self.presentsToken(request, token) {
                let principal = try api.principal(request)
                guard principal.isAdmin else {
                    if principal.role == .anonymous { throw APIKeys.unauthorized("Metrics need an administrator's key or the metrics token.") }
                    throw HTTPError(403, detail: "Only an administrator (or the metrics token) can read the metrics.")
                }
            }
            return Self.response(metrics, api.database)
        }
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

    private static func presentsToken(_ request: Request, _ token: String?) -> Bool {
        guard let token, !token.isEmpty, let header = request.headers["Authorization"] else { return false }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        return APIKeys.constantTimeEquals(String(parts[1]).trimmingCharacters(in: .whitespaces), token)
    }
}
