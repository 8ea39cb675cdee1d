import HTTPServer
import Store

/// `/healthz` says the process answers; `/readyz` says the database answers too.
struct HealthRoutes {
    let database: AppDatabase

    func register(on router: Router) {
        router.get("/healthz", options: RouteOptions(execution: .eventLoop)) { _ in
            var response = Response.text("ok\n")
            response.headers.add("Cache-Control", "no-store")
            return response
        }
        router.get("/readyz") { [database] _ in
            guard database.isReady() else {
                throw HTTPError(503, detail: "The database does not answer.")
            }
            var response = Response.text("ready\n")
            response.headers.add("Cache-Control", "no-store")
            return response
        }
    }
}
