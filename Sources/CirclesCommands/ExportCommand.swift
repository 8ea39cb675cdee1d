import ArgumentParser
import Circles
import Foundation
import Store

/// `circles export --format hsds DIR` and `circles export --format csv [FILE]`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the directory as Open Referral HSDS 3 (JSON files and datapackage.json) or as CSV.",
        discussion: """
            hsds: writes organizations.json, locations.json, services.json, service_at_locations.json, schedules.json,
            taxonomies.json, taxonomy_terms.json and datapackage.json into DIR (created when missing).
            csv: one row per meeting schedule, the columns of docs/CSV.md; to FILE, or standard output without one.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case hsds, csv }

    @Option(help: "hsds or csv.")
    var format: Format

    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp("The public address of this Circles, for the links in HSDS (default http://localhost:8080).", valueName: "url"))
    var baseURL = "http://localhost:8080"

    @Argument(help: ArgumentHelp("The folder (hsds) or file (csv) to write.", valueName: "path"))
    var path: String?

    @OptionGroup var store: DatabaseOptions

    func validate() throws {
        if format == .hsds && path == nil { throw ValidationError("hsds needs a folder to write into") }
    }

    func run() throws {
        let settings = try store.configuration()
        do {
            let database = try AppDatabase(path: settings.databasePath, migrationsDirectory: settings.migrationsDirectory)
            defer { try? database.close() }
            switch format {
            case .hsds:
                let counts = try DirectoryTransfer.exportHSDS(database, to: path!, baseURL: baseURL)
                let list = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                FileHandle.standardError.write(Data("Wrote \(path!): \(list), datapackage.json.\n".utf8))
            case .csv:
                let text = try DirectoryTransfer.exportCSV(database)
                if let path {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                } else {
                    FileHandle.standardOutput.write(Data(text.utf8))
                }
            }
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
