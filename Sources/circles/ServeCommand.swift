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

        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: configuration.publicDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure("the public folder \(configuration.publicDirectory) does not exist")
        }

        let application: Application
        do {
            application = try Application(configuration: configuration)
            try application.start()
        } catch {
            throw CommandFailure("\(error)")
        }
        let shownHost = configuration.server.host.contains(":") ? "[\(configuration.server.host)]" : configuration.server.host
        FileHandle.standardError.write(Data("Circles is listening on http://\(shownHost):\(application.server.port ?? port)\n".utf8))
        let signal = application.server.runUntilSignalled()
        try? application.database.close()
        FileHandle.standardError.write(Data("Circles stopped (signal \(signal)).\n".utf8))
    }
}
