import ArgumentParser
import Circles
import Foundation
import Store

/// `circles purge`: erases personal data of referrals that ended long ago (the server also does this hourly).
struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Erase the personal data of referrals closed, declined, withdrawn or unreachable for longer than the retention period; their status history stays."
    )

    @Option(help: ArgumentHelp("Days after a referral ends (env CIRCLES_RETENTION_DAYS; default 180).", valueName: "days"))
    var days: Int?

    @OptionGroup var store: DatabaseOptions

    func run() throws {
        let days = try self.days ?? Environment.int("CIRCLES_RETENTION_DAYS") ?? 180
        guard days >= 1 else { throw ValidationError("--days must be at least 1") }
        do {
            let database = try AppDatabase(path: store.databasePath, migrationsDirectory: store.migrationsDirectory)
            defer { try? database.close() }
            let count = try Retention.purge(database, days: days)
            print("Erased the personal data of \(count) referral\(count == 1 ? "" : "s").")
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
