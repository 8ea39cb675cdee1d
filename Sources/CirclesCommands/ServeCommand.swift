import ArgumentParser
import Circles
import Foundation
import HTTPServer
import Logging

/// `circles serve`: runs the HTTP server until SIGTERM or SIGINT.
///
/// Every option is an `AppConfiguration` setting (its help says which variable sets it too); the
/// environment is read first, the options given overlay it, then the configuration checks itself.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the web server.",
        discussion: """
            Prints the address it listens on, then one JSON line per request. SIGTERM or SIGINT stops it gracefully.

            Read from the environment only:
            """ + AppConfiguration.settings.filter { $0.option == nil }.map { "\n- \($0.help)" }.joined()
    )

    @Option(name: .setting(.host), help: .setting(.host))
    var host: String?

    @Option(name: .setting(.port), help: .setting(.port))
    var port: Int?

    @OptionGroup var store: DatabaseOptions

    @Option(name: .setting(.publicDirectory), help: .setting(.publicDirectory))
    var publicDirectory: String?

    @Flag(name: .setting(.demo), help: .setting(.demo))
    var demo = false

    @Option(name: .setting(.demoData), help: .setting(.demoData))
    var demoData: String?

    @Flag(name: .setting(.supervisor), help: .setting(.supervisor))
    var noSupervisor = false

    @Flag(name: .setting(.secureCookies), help: .setting(.secureCookies))
    var secureCookies = false

    @Option(name: .setting(.retentionDays), help: .setting(.retentionDays))
    var retentionDays: Int?

    @Option(name: .setting(.staleAfterDays), help: .setting(.staleAfterDays))
    var staleAfterDays: Int?

    @Option(name: .setting(.allowedOrigins), help: .setting(.allowedOrigins))
    var allowedOrigins: [String] = []

    @Option(name: .setting(.publicURL), help: .setting(.publicURL))
    var publicURL: String?

    @Option(name: .setting(.trustedProxies), help: .setting(.trustedProxies))
    var trustedProxies: [String] = []

    @Option(name: .setting(.metricsPort), help: .setting(.metricsPort))
    var metricsPort: Int?

    @Option(name: .setting(.metricsHost), help: .setting(.metricsHost))
    var metricsHost: String?

    @Option(name: .setting(.searchCache), help: .setting(.searchCache))
    var searchCacheMegabytes: Int?

    @Option(name: .setting(.groupCache), help: .setting(.groupCache))
    var groupCacheMegabytes: Int?

    @Option(name: .setting(.smtpURL), help: .setting(.smtpURL))
    var smtpURL: String?

    @Option(name: .setting(.mailFrom), help: .setting(.mailFrom))
    var mailFrom: String?

    /// The environment, overlaid with the options given, checked.
    func resolvedConfiguration(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfiguration {
        var configuration = try AppConfiguration(environment: environment)
        if let host { configuration.server.host = host }
        if let port { configuration.server.port = port }
        store.overlay(on: &configuration)
        if let publicDirectory { configuration.publicDirectory = publicDirectory }
        if demo { configuration.loadDemoData = true }
        if let demoData { configuration.demoDirectory = demoData }
        if noSupervisor { configuration.supervisor = false }
        if secureCookies { configuration.secureCookies = true }
        if let retentionDays { configuration.retentionDays = retentionDays }
        if let staleAfterDays { configuration.staleAfterDays = staleAfterDays }
        if !allowedOrigins.isEmpty { configuration.allowedOrigins = allowedOrigins }
        if let publicURL { configuration.publicURL = publicURL }
        if !trustedProxies.isEmpty { configuration.trustedProxies = trustedProxies }
        if let metricsPort { configuration.metricsPort = metricsPort }
        if let metricsHost { configuration.metricsHost = metricsHost }
        if let searchCacheMegabytes { configuration.searchCacheMegabytes = searchCacheMegabytes }
        if let groupCacheMegabytes { configuration.groupCacheMegabytes = groupCacheMegabytes }
        if let smtpURL { try ConfigurationSetting.smtpURL.read(smtpURL, into: &configuration) }
        if let mailFrom { configuration.mailFrom = mailFrom }
        try configuration.validate()
        return configuration
    }

    func run() throws {
        var configuration = try resolvedConfiguration()
        // Unless told otherwise, a supervisor holds the port and restarts the server if a bug crashes it.
        let supervised = Supervisor.inheritedListener
        if supervised == nil && configuration.supervisor {
            try Supervisor.run(host: configuration.server.host, port: configuration.server.port)
        }
        if let supervised {
            if let parent = Supervisor.parentProcess { Server.exitWhenParentDies(expectedParent: parent) }
            configuration.server.inheritedListener = supervised
        }
        let application: Application
        do {
            application = try Application(configuration: configuration, logger: Logger(label: "circles"))
            try application.start()
        } catch {
            throw CommandFailure("\(error)")
        }
        Supervisor.announceReady()
        if supervised == nil {
            let shownHost = configuration.server.host.contains(":") ? "[\(configuration.server.host)]" : configuration.server.host
            FileHandle.standardError.write(Data("Circles is listening on http://\(shownHost):\(application.server.port ?? configuration.server.port)\n".utf8))
        }
        let signal = application.server.runUntilSignalled()
        application.shutdown()
        FileHandle.standardError.write(Data("Circles stopped (signal \(signal)).\n".utf8))
    }
}
