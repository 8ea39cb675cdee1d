import ArgumentParser
import Circles
import Foundation
import Store

/// `circles demo`: fills a database with invented demo data, or with a large generated directory.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load the demo directory into a database (once), or generate a large one with --groups."
    )

    @Option(help: ArgumentHelp("Generate this many extra invented groups, for scale tests.", valueName: "count"))
    var groups: Int?

    @OptionGroup var store: DatabaseOptions

    @Option(name: .setting(.demoData), help: .setting(.demoData))
    var demoData: String?

    func validate() throws {
        if let groups, groups < 1 || groups > 5_000_000 { throw ValidationError("--groups must be from 1 to 5000000") }
    }

    func run() throws {
        var settings = try store.configuration(reading: [.demoData])
        if let demoData { settings.demoDirectory = demoData }
        do {
            let database = try AppDatabase(path: settings.databasePath, migrationsDirectory: settings.migrationsDirectory)
            defer { try? database.close() }
            if let groups {
                let started = Date()
                try DemoData.generate(groups: groups, into: database) { done in
                    FileHandle.standardError.write(Data("\rgenerated \(done) of \(groups) groups".utf8))
                }
                FileHandle.standardError.write(Data(String(format: "\nGenerated %d groups in %.1f s.\n", groups, Date().timeIntervalSince(started)).utf8))
            } else {
                let loaded = try DemoData.loadIfEmpty(into: database, from: settings.demoDirectory)
                print(loaded ? "Demo data loaded into \(settings.databasePath)." : "The database already has demo data; nothing changed.")
            }
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
