import ArgumentParser
import Circles
import Foundation
import Store

/// `circles key create`: prints a new API key once.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Manage API keys.",
        subcommands: [Create.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key and print it. It is stored only as a hash: copy it now."
        )

        @Option(help: "admin, coordinator (manages one organization) or partner (sends referrals for one organization).")
        var role: String = "admin"

        @Option(help: ArgumentHelp("The organization's slug, for coordinator and partner keys.", valueName: "slug"))
        var organization: String?

        @Option(help: "A name to recognize the key by.")
        var name: String = "command line"

        @OptionGroup var store: DatabaseOptions

        func run() throws {
            let settings = try store.configuration()
            do {
                let database = try AppDatabase(path: settings.databasePath, migrationsDirectory: settings.migrationsDirectory)
                defer { try? database.close() }
                print(try KeyIssuer.create(in: database, role: role, organizationSlug: organization, name: name))
            } catch {
                throw CommandFailure("\(error)")
            }
        }
    }
}
