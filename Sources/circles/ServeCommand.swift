import ArgumentParser
import Circles
import Foundation
import HTTPServer

/// `circles serve`: runs the HTTP server until SIGTERM or SIGINT.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the web server.",
        discussion: "Prints the address it listens on, then one JSON line per request. SIGTERM or SIGINT stops it gracefully."
    )

    @Option(help: ArgumentHelp("The address to listen on (env CIRCLES_HOST; default 127.0.0.1). Use 0.0.0.0 for every interface.", valueName: "address"))
    var host: String?

    @Option(help: ArgumentHelp("The TCP port (env CIRCLES_PORT; default 8080). 0 picks a free port.", valueName: "port"))
    var port: Int?

    @OptionGroup var store: DatabaseOptions

    @Option(name: .customLong("public"), help: ArgumentHelp("The folder of static pages (env CIRCLES_PUBLIC; default ./Public).", valueName: "dir"))
    var publicDirectory: String?

    @Flag(help: "Fill an empty database with demo data (env CIRCLES_DEMO=1).")
    var demo = false

    @Flag(name: .customLong("no-supervisor"), help: "Run the server in this process, without the supervisor that restarts it after a crash (env CIRCLES_SUPERVISOR=0).")
    var noSupervisor = false

    @Flag(name: .customLong("secure-cookies"), help: "Mark session cookies Secure, for HTTPS behind a proxy (env CIRCLES_SECURE_COOKIES=1).")
    var secureCookies = false

    @Option(name: .customLong("retention-days"), help: ArgumentHelp("Days after a referral ends before its personal data is erased (env CIRCLES_RETENTION_DAYS; default 180).", valueName: "days"))
    var retentionDays: Int?

    @Option(name: .customLong("stale-after-days"), help: ArgumentHelp("Days without a confirmation after which a listing shows \"not recently confirmed\" and ranks below confirmed ones (env CIRCLES_STALE_AFTER_DAYS; default 60).", valueName: "days"))
    var staleAfterDays: Int?

    @Option(name: .customLong("allowed-origin"), help: ArgumentHelp("An origin such as https://app.example.org whose pages may make credentialed cross-origin requests (writes, referrals, keys); repeat for more (env CIRCLES_ALLOWED_ORIGINS, comma-separated). Public reads are open to every origin without it.", valueName: "origin"))
    var allowedOrigins: [String] = []

    @Option(name: .customLong("public-url"), help: ArgumentHelp("The address people reach Circles at, such as https://circles.example.org, for absolute links in pages, feeds and embeds (env CIRCLES_PUBLIC_URL). Without it, each request's Host header is used.", valueName: "url"))
    var publicURL: String?

    @Option(name: .customLong("metrics-port"), help: ArgumentHelp("Also serve /metrics, without authentication, on this port of --metrics-host (env CIRCLES_METRICS_PORT). On the main port /metrics needs an admin key or CIRCLES_METRICS_TOKEN.", valueName: "port"))
    var metricsPort: Int?

    @Option(name: .customLong("metrics-host"), help: ArgumentHelp("The address of the metrics port (env CIRCLES_METRICS_HOST; default 127.0.0.1).", valueName: "address"))
    var metricsHost: String?

    @Option(name: .customLong("search-cache-mb"), help: ArgumentHelp("Megabytes of public group-search answers kept for reuse while the directory is unchanged (env CIRCLES_SEARCH_CACHE_MB; default 32; 0 turns it off).", valueName: "MB"))
    var searchCacheMegabytes: Int?

    func run() throws {
        var configuration = AppConfiguration()
        configuration.server.host = host ?? Environment.string("CIRCLES_HOST") ?? "127.0.0.1"
        let port = try self.port ?? Environment.int("CIRCLES_PORT") ?? 8080
        guard (0...65535).contains(port) else { throw ValidationError("the port must be between 0 and 65535, not \(port)") }
        configuration.server.port = port
        configuration.databasePath = store.databasePath
        configuration.migrationsDirectory = store.migrationsDirectory
        configuration.publicDirectory = publicDirectory ?? Environment.string("CIRCLES_PUBLIC") ?? "./Public"
        configuration.loadDemoData = try demo || (Environment.bool("CIRCLES_DEMO") ?? false)
        configuration.secretKeyFile = store.secretKeyPath
        configuration.secretKeyValue = Environment.string("CIRCLES_SECRET_KEY")
        configuration.secureCookies = try secureCookies || (Environment.bool("CIRCLES_SECURE_COOKIES") ?? false)
        let retention = try self.retentionDays ?? Environment.int("CIRCLES_RETENTION_DAYS") ?? 180
        guard retention >= 1 else { throw ValidationError("the retention must be at least 1 day") }
        configuration.retentionDays = retention
        let stale = try self.staleAfterDays ?? Environment.int("CIRCLES_STALE_AFTER_DAYS") ?? 60
        guard (1...3650).contains(stale) else { throw ValidationError("the days after which a listing is stale must be from 1 to 3650") }
        configuration.staleAfterDays = stale
        let origins = allowedOrigins.isEmpty
            ? (Environment.string("CIRCLES_ALLOWED_ORIGINS") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            : allowedOrigins
        configuration.allowedOrigins = try origins.map { origin in
            guard let normalized = CORS.normalizedOrigin(origin) else {
                throw ValidationError("the allowed origin \"\(origin)\" must be scheme://host[:port], such as https://app.example.org (no path, no *)")
            }
            return normalized
        }

        if let url = publicURL ?? Environment.string("CIRCLES_PUBLIC_URL") {
            guard let origin = CORS.normalizedOrigin(url) else {
                throw ValidationError("the public URL \"\(url)\" must be scheme://host[:port], such as https://circles.example.org")
            }
            configuration.publicURL = origin
        }
        if let metricsPort = try self.metricsPort ?? Environment.int("CIRCLES_METRICS_PORT") {
            guard (1...65535).contains(metricsPort), metricsPort != port else {
                throw ValidationError("the metrics port must be between 1 and 65535 and differ from the main port, not \(metricsPort)")
            }
            configuration.metricsPort = metricsPort
        }
        configuration.metricsHost = metricsHost ?? Environment.string("CIRCLES_METRICS_HOST") ?? "127.0.0.1"
        configuration.metricsToken = Environment.string("CIRCLES_METRICS_TOKEN")
        let cacheMegabytes = try searchCacheMegabytes ?? Environment.int("CIRCLES_SEARCH_CACHE_MB") ?? 32
        guard (0...4096).contains(cacheMegabytes) else { throw ValidationError("the search cache must be between 0 and 4096 MB") }
        configuration.searchCacheBytes = cacheMegabytes << 20

        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: configuration.publicDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure("the public folder \(configuration.publicDirectory) does not exist")
        }

        // Unless told otherwise, a supervisor holds the port and restarts the server if a bug crashes it.
        let supervised = Supervisor.inheritedListener
        let supervise = try Environment.bool("CIRCLES_SUPERVISOR") ?? true
        if supervised == nil && !noSupervisor && supervise {
            try Supervisor.run(host: configuration.server.host, port: port)
        }
        if let supervised {
            if let parent = Environment.string("CIRCLES_SUPERVISOR_PID").flatMap({ Int32($0) }) { Server.exitWhenParentDies(expectedParent: parent) }
            configuration.server.inheritedListener = supervised
        }
        let application: Application
        do {
            application = try Application(configuration: configuration)
            try application.start()
        } catch {
            throw CommandFailure("\(error)")
        }
        Supervisor.announceReady()
        if supervised == nil {
            let shownHost = configuration.server.host.contains(":") ? "[\(configuration.server.host)]" : configuration.server.host
            FileHandle.standardError.write(Data("Circles is listening on http://\(shownHost):\(application.server.port ?? port)\n".utf8))
        }
        let signal = application.server.runUntilSignalled()
        application.shutdown()
        FileHandle.standardError.write(Data("Circles stopped (signal \(signal)).\n".utf8))
    }
}
