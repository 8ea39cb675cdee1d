import CPosix
import Foundation
import HTTPServer
import Logging
import Mail
import Places
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
    /// Background work, started in this order after the servers and stopped in reverse before the
    /// database closes: the directory generation's poll (when the search cache is on), the webhook
    /// senders, the mail sender (when a relay is configured), the hourly maintenance (retention purge, idempotency keys, webhook delivery log,
    /// coordinators' referral digests).
    let services: [any BackgroundService]
    /// Writes messages for the mail outbox (nothing when mail is off).
    let mailer: Mailer
    let logger: Logger

    /// Opens the database (applying migrations) and builds the routes; call `start()` to listen.
    /// `logger` receives the unexpected errors of handlers and the failures of background work.
    public init(configuration: AppConfiguration, accessLog: AccessLog = .standardOutput(), logger: Logger = Logger(label: "circles")) throws {
        self.configuration = configuration
        self.logger = logger
        let metrics = ServerMetrics()
        self.metrics = metrics
        database = try AppDatabase(
            path: configuration.databasePath, migrationsDirectory: configuration.migrationsDirectory,
            onWait: { metrics.databaseWaited($0, seconds: $1) })
        if configuration.loadDemoData {
            try DemoData.loadIfEmpty(into: database, from: configuration.demoDirectory)
        }
        // The place table ("Where?") is read beside start-up, not by the first search that needs it (which
        // waits for it if it comes sooner): reading it takes about half a second, listening need not wait.
        // What reading it left free goes back to the kernel (about 6 MB that would stay resident).
        DispatchQueue.global(qos: .utility).async {
            _ = PlaceTable.unitedStates
            cposix_release_free_heap()
        }
        let router = Router()
        let files = StaticFiles(root: configuration.publicDirectory)
        let catalogues = try Catalogues(directory: configuration.publicDirectory + "/locales")
        try StaticPages(templates: TemplateStore(directory: configuration.publicDirectory + "/templates"), catalogues: catalogues)
            .install(into: files)
        try VocabularyWords.install(into: files, catalogues: catalogues)
        router.use(SecurityHeaders.middleware)
        router.use(
            CORS(allowedOrigins: configuration.allowedOrigins, privateReads: RouteTable.privateReads(languages: catalogues.prefixed.map(\.code))).middleware)
        router.use(FeedLinks.middleware)
        let key = try SecretKey.load(environmentValue: configuration.secretKeyValue, file: configuration.secretKeyFile)
        let searchCache = SearchCache(maximumBytes: configuration.searchCacheBytes)
        let generationWatch = searchCache.isEnabled ? try DirectoryGenerationWatch(database: database) : nil
        let sealer = Sealer(key: key)
        let mailer = Mailer(
            from: configuration.smtpRelay == nil ? nil : configuration.mailFrom, sealer: sealer, words: MailWords(catalogues: catalogues),
            site: SiteAddress(publicURL: configuration.publicURL ?? "http://localhost:\(configuration.server.port)"))
        self.mailer = mailer
        let api = API(
            database: database, keys: APIKeys(database: database), sealer: sealer, limits: RateLimits(), settings: configuration,
            searchCache: searchCache, groupJSONCache: GroupJSONCache(maximumBytes: configuration.groupCacheBytes),
            generationWatch: generationWatch, catalogues: catalogues, mailer: mailer)
        RouteTable.install(on: router, context: RouteContext(api: api, files: files, metrics: metrics))
        let fallback = FileFallback(files: files, catalogues: catalogues)
        router.fallback = (handler: { fallback.respond($0) }, execution: .eventLoop)
        // A file's answer depends on its path alone (conditional requests and ranges are never kept).
        router.fallbackIsSameForEveryone = true
        router.onUnexpectedError = { error, request in
            // The error's type and route only (the handler writes no message): messages may quote personal data.
            logger.error("unexpected error", error: error, metadata: ["route": .string(request.routePattern)])
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
            settings.computeThreads = 1
            settings.maxConnections = 64
            metricsServer = Server(
                configuration: settings, responder: MetricsRoutes.openRouter(metrics: metrics, database: database),
                accessLog: .disabled)
        } else {
            metricsServer = nil
        }
        services = Self.backgroundServices(
            configuration: configuration, database: database, sealer: api.sealer, mailer: mailer, metrics: metrics,
            generationWatch: generationWatch, logger: logger)
    }

    /// The background services in the order they start.
    private static func backgroundServices(
        configuration: AppConfiguration, database: AppDatabase, sealer: Sealer, mailer: Mailer, metrics: ServerMetrics,
        generationWatch: DirectoryGenerationWatch?, logger: Logger
    ) -> [any BackgroundService] {
        var mail = MailSender.Settings()
        mail.retryBase = configuration.mailRetryBaseSeconds
        mail.timeouts = configuration.smtpTimeouts
        mail.onAttempt = { metrics.mailAttempted($0) }
        mail.onFailure = { metrics.backgroundStepFailed(service: "mail", step: $0) }
        let mailSender = configuration.smtpRelay.map { MailSender(database: database, mailer: mailer, relay: $0, settings: mail, logger: logger) }
        var webhooks = WebhookDispatcher.Settings()
        webhooks.retryBase = configuration.webhookRetryBaseSeconds
        webhooks.targets = configuration.webhookTargets
        webhooks.onAttempt = { metrics.webhookAttempted($0) }
        webhooks.onFailure = { metrics.backgroundStepFailed(service: "webhooks", step: $0) }
        let days = configuration.retentionDays
        let digest = ReferralDigest(database: database, mailer: mailer)
        let maintenance = PeriodicJob(
            name: "maintenance", interval: 3600, logger: logger,
            onFailure: { metrics.backgroundStepFailed(service: "maintenance", step: $0) },
            steps: [
                .init("retention-purge") { try Retention.purge(database, days: days) },
                .init("idempotency-keys") { try database.pruneIdempotencyKeys(olderThanDays: 7) },
                .init("webhook-delivery-log") { try WebhookDispatcher.pruneDeliveryLog(database, olderThanDays: WebhookDispatcher.deliveryLogDays) },
                .init("referral-digests") { try digest.queue() },
            ])
        let services: [(any BackgroundService)?] = [
            generationWatch,
            WebhookDispatcher(database: database, sealer: sealer, settings: webhooks, logger: logger),
            mailSender,
            maintenance,
        ]
        return services.compactMap { $0 }
    }

    /// Starts listening, then the background services in order. If one fails to start, everything
    /// started so far is stopped again.
    public func start() throws {
        try server.start()
        var started: [any BackgroundService] = []
        do {
            try metricsServer?.start()
            for service in services {
                try service.start()
                started.append(service)
            }
        } catch {
            server.shutdown()
            metricsServer?.shutdown()
            for service in started.reversed() { service.stop() }
            throw error
        }
    }

    /// Stops the servers gracefully, then the background services in reverse order, then closes the database.
    public func shutdown() {
        server.shutdown()
        metricsServer?.shutdown()
        for service in services.reversed() { service.stop() }
        do {
            try database.close()
        } catch {
            logger.error("closing the database failed", error: error)
        }
    }
}
