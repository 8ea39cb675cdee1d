import ArgumentParser
import Foundation
import Store

/// `circles backup FILE`: a consistent copy while the server runs.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to FILE, consistently, while the server keeps running.",
        discussion: "Keep the secret key file (or CIRCLES_SECRET_KEY) with your backups: without it the referrals' personal data cannot be read."
    )

    @Argument(help: "Where to write the copy.") var file: String
    @OptionGroup var store: DatabaseOptions

    func run() throws {
        let settings = try store.configuration()
        do {
            let database = try AppDatabase(path: settings.databasePath, migrationsDirectory: settings.migrationsDirectory)
            defer { try? database.close() }
            try Backup.make(from: database, to: file)
            print("Backed up \(settings.databasePath) to \(file).")
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}

/// `circles restore FILE`: puts a backup in place of the database.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database with the backup FILE. Stop the server first."
    )

    @Argument(help: "The backup to restore.") var file: String
    @Flag(help: "Replace an existing database.") var force = false
    @OptionGroup var store: DatabaseOptions

    func run() throws {
        let settings = try store.configuration()
        do {
            try Backup.restore(file, to: settings.databasePath, force: force)
            print("Restored \(file) to \(settings.databasePath).")
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
