import ArgumentParser
import Circles
import Foundation
import Store

/// `circles purge`: erases personal data of referrals that ended long ago (the server also does this hourly).
struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract:
            "Erase the personal data of referrals closed, declined, withdrawn or unreachable for longer than the retention period; their status history stays."
    )

    @Option(
        help: ArgumentHelp(
            "Days after a referral ends, as --retention-days of serve (env: CIRCLES_RETENTION_DAYS, default: \(AppConfiguration().retentionDays)).",
            valueName: "days"))
    var days: Int?

    @OptionGroup var store: DatabaseOptions

    func run() throws {
        let settings = try store.configuration(reading: [.retentionDays])
        let days = self.days ?? settings.retentionDays
        guard days >= 1 else { throw ValidationError("--days (CIRCLES_RETENTION_DAYS) must be at least 1, not \(days)") }
        do {
            let database = try AppDatabase(path: settings.databasePath, migrationsDirectory: settings.migrationsDirectory)
            defer { try? database.close() }
            let count = try Retention.purge(database, days: days)
            print("Erased the personal data of \(count) referral\(count == 1 ? "" : "s").")
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
