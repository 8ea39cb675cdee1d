import Foundation
import Synchronization
import HTTPServer
import Store

/// One running Circles: the database, the routes and the HTTP server, wired together.
public final class Application: Sendable {
    public let configuration: AppConfiguration
    public let database: AppDatabase
    public let router: Router
    public let server: Server
    public let metrics: ServerMetrics
    /// The server of the separate metrics port, when one is configured.
    public let metricsServer: Server?
    private let jobs = Mutex<[PeriodicJob]>([])

    /// Opens the database (applying migrations) and builds the routes; call `start()` to listen.
    public init(configuration: AppConfiguration, accessLog: AccessLog = .standardOutput()) throws {
        self.configuration = configuration
        let metrics = ServerMetrics()
        self.metrics = metrics
        database = try AppDatabase(path: configuration.databasePath, migrationsDirectory: configuration.migrationsDirectory,
                                   onWait: { metrics.databaseWaited($0, seconds: $1) })
        if configuration.loadDemoData {
            try DemoData.loadIfEmpty(into: database)
        }
        let router = Router()
        let files = StaticFiles(root: configuration.publicDirectory)
        try StaticPages(templates: TemplateStore(directory: configuration.publicDirectory + "/templates")).install(into: files)
        router.use(SecurityHeaders.middleware)
        router.use(CORS(allowedOrigins: configuration.allowedOrigins).middleware)
        let key = try SecretKey.load(environmentValue: configuration.secretKeyValue, file: configuration.secretKeyFile)
        let api = API(database: database, keys: APIKeys(database: database), sealer: Sealer(key: key), limits: RateLimits(), settings: configuration)
        RouteTable.install(on: router, context: RouteContext(api: api, files: files, metrics: metrics))
        DirectoryRoutes(api: api).register(on: router)
        FeedRoutes(api: api).register(on: router)
        ReferralRoutes(api: api).register(on: router)
        AccessRoutes(api: api).register(on: router)
        WebhookRoutes(api: api).register(on: router)
        FeedbackRoutes(api: api).register(on: router)
        HSDSRoutes(api: api).register(on: router)
        CSVImportRoutes(api: api).register(on: router)
        EmbedRoutes(api: api).register(on: router)
        PageRoutes(files: files).register(on: router)
        router.onUnexpectedError = { error, request in
            // The error's type and route only: messages may quote personal data.
            FileHandle.standardError.write(Data("{\"level\":\"error\",\"route\":\"\(request.routePattern)\",\"error\":\"\(type(of: error))\"}\n".utf8))
        }
        self.router = router
        server = Server(configuration: configuration.server, responder: router, accessLog: accessLog, observer: metrics)
        metrics.observe(server)
        if let port = configuration.metricsPort {
            var settings = ServerConfiguration()
            settings.host = configuration.metricsHost
            settings.port = port
            settings.eventLoops = 1
            settings.workerThreads = 1
            settings.maxConnections = 64
            metricsServer = Server(configuration: settings, responder: MetricsRoutes.openRouter(metrics: metrics, database: database),
                                   accessLog: .disabled)
        } else {
            metricsServer = nil
        }
    }

    public func start() throws {
        try server.start()
        do {
            try metricsServer?.start()
        } catch {
            server.shutdown()
            throw error
        }
        let database = self.database, days = configuration.retentionDays
        try? Retention.purge(database, days: days)
        jobs.withLock { $0.append(PeriodicJob(name: "circles-retention", interval: 3600) {
            try? Retention.purge(database, days: days)
            try? database.pruneIdempotencyKeys(olderThanDays: 7)
            try? WebhookDispatcher.pruneDeliveryLog(database, olderThanDays: WebhookDispatcher.deliveryLogDays)
        }) }
        try WebhookDispatcher.start(database: database, configuration: configuration, metrics: metrics)
    }

    /// Stops the server gracefully, then background work, then closes the database.
    public func shutdown() {
        server.shutdown()
        metricsServer?.shutdown()
        for job in jobs.withLock({ $0 }) { job.stop() }
        WebhookDispatcher.stop(database: database)
        try? database.close()
    }
}
