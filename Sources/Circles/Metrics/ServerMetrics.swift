import CoreMetrics
import Foundation
import HTTPServer
import Prometheus
import Store
import Synchronization

/// The metrics of one Circles instance, kept with swift-metrics in a Prometheus registry of its own
/// (not the process-wide `MetricsSystem`, so that several instances — tests — never share counts).
///
/// Labels are bounded: routes are patterns (`/api/v1/groups/:id`), never paths; methods outside
/// HTTP's usual set count as "other".
public final class ServerMetrics: RequestObserver, Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let requests = Mutex<[RequestSeries: Handles]>([:])
    private let poolWaits: [MeteredPool.Access: CoreMetrics.Timer]
    private let webhookAttempts: [String: CoreMetrics.Counter]
    private let mailAttempts: [String: CoreMetrics.Counter]
    private let mailOutboxDepth: CoreMetrics.Gauge
    private let backgroundFailures = Mutex<[BackgroundStep: CoreMetrics.Counter]>([:])
    private let openConnections: CoreMetrics.Gauge
    private let workerLoad: CoreMetrics.Gauge
    private let workerThreads: CoreMetrics.Gauge
    private let computeLoad: CoreMetrics.Gauge
    private let computeThreads: CoreMetrics.Gauge
    private let outboxDepth: CoreMetrics.Gauge
    /// Group commit (`MeteredPool.writeTogether`): transactions and the writes they held; the pool
    /// keeps the totals, and each exposition adds what is new since the last one.
    private let groupCommits: CoreMetrics.Counter
    private let groupCommittedWrites: CoreMetrics.Counter
    private let groupTotalsReported = Mutex<(transactions: Int, writes: Int)>((0, 0))
    /// The server whose connections and workers the gauges report (set once it exists).
    private let server = Mutex<Server?>(nil)

    private struct RequestSeries: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct BackgroundStep: Hashable {
        var service: String
        var step: String
    }

    private struct Handles: @unchecked Sendable {
        var count: CoreMetrics.Counter
        var duration: CoreMetrics.Timer
    }

    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            "circles_http_request_duration_seconds": [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
                .map(Self.duration),
            "circles_database_pool_wait_seconds": [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]
                .map(Self.duration),
        ]
        self.factory = factory
        poolWaits = [
            .read: CoreMetrics.Timer(label: "circles_database_pool_wait_seconds", dimensions: [("access", "read")], factory: factory),
            .write: CoreMetrics.Timer(label: "circles_database_pool_wait_seconds", dimensions: [("access", "write")], factory: factory),
        ]
        webhookAttempts = Dictionary(
            uniqueKeysWithValues: ["delivered", "retry", "failed"].map { outcome in
                (outcome, CoreMetrics.Counter(label: "circles_webhook_attempts_total", dimensions: [("outcome", outcome)], factory: factory))
            })
        mailAttempts = Dictionary(
            uniqueKeysWithValues: ["sent", "retry", "failed"].map { outcome in
                (outcome, CoreMetrics.Counter(label: "circles_mail_attempts_total", dimensions: [("outcome", outcome)], factory: factory))
            })
        mailOutboxDepth = CoreMetrics.Gauge(label: "circles_mail_outbox_depth", factory: factory)
        openConnections = CoreMetrics.Gauge(label: "circles_http_open_connections", factory: factory)
        workerLoad = CoreMetrics.Gauge(label: "circles_worker_pool_load", factory: factory)
        workerThreads = CoreMetrics.Gauge(label: "circles_worker_pool_threads", factory: factory)
        computeLoad = CoreMetrics.Gauge(label: "circles_compute_pool_load", factory: factory)
        computeThreads = CoreMetrics.Gauge(label: "circles_compute_pool_threads", factory: factory)
        outboxDepth = CoreMetrics.Gauge(label: "circles_webhook_outbox_depth", factory: factory)
        groupCommits = CoreMetrics.Counter(label: "circles_database_group_commits_total", factory: factory)
        groupCommittedWrites = CoreMetrics.Counter(label: "circles_database_group_committed_writes_total", factory: factory)
    }

    private static func duration(_ seconds: Double) -> Duration { .nanoseconds(Int64(seconds * 1e9)) }

    /// Counts answered requests and records how long they took (one event loop's turn at a time).
    public func requestsCompleted(_ entries: [AccessLogEntry]) {
        // A turn's answers mostly come in runs of one series (a client asking for the same thing):
        // each run looks its handles up once and counts in one step.
        var runs: [(series: RequestSeries, start: Int, end: Int)] = []
        for (index, entry) in entries.enumerated() {
            let method = Self.knownMethods.contains(entry.method) ? entry.method : "other"
            let series = RequestSeries(method: method, route: entry.route, status: entry.status)
            if let last = runs.last, last.series == series {
                runs[runs.count - 1].end = index + 1
            } else {
                runs.append((series, index, index + 1))
            }
        }
        let handles = requests.withLock { cache in
            runs.map { run in
                if let found = cache[run.series] { return found }
                let dimensions = [("method", run.series.method), ("route", run.series.route)]
                let made = Handles(
                    count: CoreMetrics.Counter(
                        label: "circles_http_requests_total", dimensions: dimensions + [("status", String(run.series.status))], factory: factory),
                    duration: CoreMetrics.Timer(label: "circles_http_request_duration_seconds", dimensions: dimensions, factory: factory))
                cache[run.series] = made
                return made
            }
        }
        for (handle, run) in zip(handles, runs) {
            handle.count.increment(by: run.end - run.start)
            for entry in entries[run.start..<run.end] { handle.duration.recordMicroseconds(entry.durationMicros) }
        }
    }

    /// How long a handler waited for a database connection.
    public func databaseWaited(_ access: MeteredPool.Access, seconds: Double) {
        poolWaits[access]?.recordNanoseconds(Int64(seconds * 1e9))
    }

    /// One webhook delivery attempt ended: "delivered", "retry" or "failed" (given up).
    func webhookAttempted(_ outcome: String) {
        webhookAttempts[outcome]?.increment()
    }

    /// One attempt to hand a message to the relay ended: "sent", "retry" or "failed" (given up).
    func mailAttempted(_ outcome: String) {
        mailAttempts[outcome]?.increment()
    }

    /// A step of a background service failed (it was logged): `circles_background_failures_total`.
    func backgroundStepFailed(service: String, step: String) {
        let counter = backgroundFailures.withLock { counters in
            let key = BackgroundStep(service: service, step: step)
            if let found = counters[key] { return found }
            let made = CoreMetrics.Counter(label: "circles_background_failures_total", dimensions: [("service", service), ("step", step)], factory: factory)
            counters[key] = made
            return made
        }
        counter.increment()
    }

    /// Reports the gauges of `server` from now on.
    func observe(_ server: Server) {
        self.server.withLock { $0 = server }
    }

    /// The Prometheus text exposition, with the gauges read now.
    func exposition(database: AppDatabase) -> [UInt8] {
        if let server = server.withLock({ $0 }) {
            openConnections.record(server.openConnections)
            workerLoad.record(server.workerLoad)
            workerThreads.record(server.workerThreads)
            computeLoad.record(server.computeLoad)
            computeThreads.record(server.computeThreads)
        }
        if let depth = try? database.pendingWebhookDeliveries() {
            outboxDepth.record(depth)
        }
        if let mail = try? database.mailSummary(failures: 0) {
            mailOutboxDepth.record(mail.pending)
        }
        let totals = (transactions: database.pool.groupCommits, writes: database.pool.groupCommittedWrites)
        let reported = groupTotalsReported.withLock { reported in
            defer { reported = totals }
            return reported
        }
        groupCommits.increment(by: totals.transactions - reported.transactions)
        groupCommittedWrites.increment(by: totals.writes - reported.writes)
        return registry.emitToBuffer()
    }
}
