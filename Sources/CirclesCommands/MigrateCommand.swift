import ArgumentParser
import Foundation
import Store

/// `circles migrate`: applies pending migrations and exits.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations and exit (serve does this too)."
    )

    @OptionGroup var store: DatabaseOptions

    func run() throws {
        let settings = try store.configuration()
        do {
            let database = try AppDatabase(path: settings.databasePath, migrationsDirectory: settings.migrationsDirectory)
            try database.close()
            print("The database at \(settings.databasePath) is up to date.")
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
