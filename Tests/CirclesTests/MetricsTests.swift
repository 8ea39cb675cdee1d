import Foundation
import TestSupport
import Testing

@testable import Circles

/// `/metrics`: who may read it, and that what it reports follows the requests actually served.
@Suite struct MetricsTests {
    /// The value of one sample line (`name{labels} value`), or nil when absent.
    static func sample(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func countsRequestsByRoutePatternAndStatus() throws {
        let app = try TestApp(demo: true)
        let admin = try app.key()
        for _ in 0..<3 { #expect(try app.get("/api/v1/groups?city=Denver").status == 200) }
        #expect(try app.get("/api/v1/groups/987654").status == 404)
        #expect(try app.get("/api/v1/groups/987655").status == 404)
        let response = try app.get("/metrics", key: admin)
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = response.text
        #expect(Self.sample(text, #"circles_http_requests_total{method="GET",route="/api/v1/groups",status="200"}"#) == 3)
        // Paths with ids are counted under their pattern, so labels stay few.
        #expect(Self.sample(text, #"circles_http_requests_total{method="GET",route="/api/v1/groups/:id",status="404"}"#) == 2)
        #expect(!text.contains("987654"))
        #expect(Self.sample(text, #"circles_http_request_duration_seconds_count{method="GET",route="/api/v1/groups"}"#) == 3)
        #expect(Self.sample(text, #"circles_http_request_duration_seconds_bucket{method="GET",route="/api/v1/groups",le="+Inf"}"#) == 3)
        // The searches read the database, so the pool reported its waits.
        #expect((Self.sample(text, #"circles_database_pool_wait_seconds_count{access="read"}"#) ?? 0) >= 3)
        #expect(Self.sample(text, "circles_worker_pool_threads") == 4)
        #expect(Self.sample(text, "circles_compute_pool_threads") == Double(2 * ProcessInfo.processInfo.activeProcessorCount))
        // This very request holds one connection open.
        #expect((Self.sample(text, "circles_http_open_connections") ?? 0) >= 1)
        #expect(Self.sample(text, "circles_webhook_outbox_depth") == 0)
        #expect(Self.sample(text, #"circles_webhook_attempts_total{outcome="failed"}"#) == 0)
    }

    @Test func unknownMethodsShareOneLabel() throws {
        let app = try TestApp()
        #expect(try app.send("BREW", "/api/v1/groups").status == 405)
        let text = try app.get("/metrics", key: try app.key()).text
        #expect(Self.sample(text, #"circles_http_requests_total{method="other",route="-",status="405"}"#) == 1)
        #expect(!text.contains("BREW"))
    }

    @Test func needsAnAdministratorOrTheToken() throws {
        let app = try TestApp { $0.metricsToken = "scrape-token-for-tests" }
        _ = try app.makeOrganization("harbor", key: try app.key())
        #expect(try app.get("/metrics").status == 401)
        #expect(try app.get("/metrics", key: try app.key("coordinator", organization: "harbor")).status == 403)
        #expect(try app.get("/metrics", key: try app.key("partner", organization: "harbor")).status == 403)
        #expect(try app.get("/metrics", headers: [("Authorization", "Bearer wrong-token")]).status == 401)
        #expect(try app.get("/metrics", headers: [("Authorization", "Bearer scrape-token-for-tests")]).status == 200)
        #expect(try app.get("/metrics", key: try app.key()).status == 200)
    }

    @Test func theMetricsPortServesMetricsAndNothingElse() throws {
        // A free port for the metrics listener: bind port 0 once, note it, release it. Another
        // test may be given the port before the server binds it, so a failed start tries again.
        var started: (port: Int, app: TestApp)?
        for _ in 0..<3 where started == nil {
            let free = try freePort()
            if let app = try? TestApp(configure: { $0.metricsPort = free }) { started = (free, app) }
        }
        let (free, app) = try #require(started)
        #expect(try app.get("/healthz").status == 200)
        // A loop records its answered requests once per turn, after the answer went out, and this
        // scrape is served by another server's loop: the count may lag the answer by one turn.
        let series = #"circles_http_requests_total{method="GET",route="/healthz",status="200"} 1"#
        var metrics = try TestHTTP.get(free, "/metrics")
        for _ in 0..<50 where metrics.status == 200 && !metrics.text.contains(series) {
            usleep(20_000)
            metrics = try TestHTTP.get(free, "/metrics")
        }
        #expect(metrics.status == 200)
        #expect(metrics.text.contains(series))
        #expect(try TestHTTP.get(free, "/api/v1/groups").status == 404)
        #expect(try TestHTTP.get(free, "/healthz").status == 404)
    }

    private func freePort() throws -> Int {
        let socket = try LoopbackSocket.bind()
        close(socket.fd)
        return socket.port
    }
}
