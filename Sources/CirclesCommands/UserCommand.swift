import ArgumentParser
import Circles
import Foundation
import Store

/// `circles user add`: creates an account for the coordinators' console.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage user accounts.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user. The password is read from CIRCLES_PASSWORD or, when unset, from the first line of standard input."
        )

        @Option(help: "The e-mail address used to sign in.") var email: String
        @Option(help: "The name shown in the console and the audit log.") var name: String
        @Option(help: "admin, coordinator, facilitator or partner.") var role: String = "coordinator"
        @Option(help: ArgumentHelp("The organization's slug, for coordinators and facilitators.", valueName: "slug")) var organization: String?
        @OptionGroup var store: DatabaseOptions

        func run() throws {
            let settings = try store.configuration()
            let given = ProcessInfo.processInfo.environment["CIRCLES_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
            guard let password = given ?? readLine(strippingNewline: true), !password.isEmpty else {
                throw CommandFailure("give the password in CIRCLES_PASSWORD or on standard input")
            }
            do {
                let database = try AppDatabase(path: settings.databasePath, migrationsDirectory: settings.migrationsDirectory)
                defer { try? database.close() }
                let id = try Accounts.add(in: database, email: email, name: name, role: role, organizationSlug: organization, password: password)
                print("User \(id) (\(email), \(role)) added.")
            } catch {
                throw CommandFailure("\(error)")
            }
        }
    }
}
