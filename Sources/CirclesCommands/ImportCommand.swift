import ArgumentParser
import Circles
import Foundation
import Store

/// `circles import csv FILE [--apply]` and `circles import hsds DIR [--dry-run]`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import groups with their schedules and places from a CSV file or an HSDS 3 folder.",
        discussion: """
            csv FILE: a dry run unless --apply: every bad row is reported with its line number and reason.
            With --apply, all rows are written in one transaction, or none if any row is bad.
            With --update, a row naming an existing group's slug updates that group: the columns the file has
            (a group's schedules too, when it has schedule columns); its tags and facilitators stay.
            hsds DIR: reads organizations.json, locations.json and services.json (as `circles export --format hsds` writes them),
            and circles.json when there is one (tags, facilitators, cancelled and moved meetings: docs/INTEGRATIONS.md),
            and writes them, all or nothing; --dry-run only checks. Exits 1 when anything is refused.
            After a written import the search index is merged into one segment, as after `circles demo`.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, hsds }

    @Argument(help: "csv or hsds.")
    var format: Format

    @Argument(help: ArgumentHelp("The CSV file, or the folder of HSDS files.", valueName: "path"))
    var path: String

    @Flag(help: "csv: write the rows (without it, only check them).")
    var apply = false

    @Flag(help: "csv: rows naming an existing group's slug update that group (without it, they are refused).")
    var update = false

    @Flag(name: .customLong("dry-run"), help: "hsds: only check, write nothing.")
    var dryRun = false

    @Option(name: .customLong("time-zone"), help: ArgumentHelp("hsds: the time zone of services that do not name one.", valueName: "zone"))
    var timeZone = "America/New_York"

    @OptionGroup var store: DatabaseOptions

    func run() throws {
        let settings = try store.configuration()
        let report: DirectoryTransfer.Report
        let write = format == .csv ? apply : !dryRun
        if update && format != .csv { throw CommandFailure("--update is for csv") }
        do {
            let database = try AppDatabase(path: settings.databasePath, migrationsDirectory: settings.migrationsDirectory)
            defer { try? database.close() }
            let bar = ProgressBar()
            switch format {
            case .csv:
                guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
                guard let text = String(data: data, encoding: .utf8) else { throw CommandFailure("\(path) is not UTF-8 text") }
                report = try DirectoryTransfer.importCSV(database, text: text, apply: write, update: update, progress: bar.update)
            case .hsds:
                report = try DirectoryTransfer.importHSDS(database, from: path, apply: write, defaultTimeZone: timeZone, progress: bar.update)
            }
            bar.finish()
            // The import's transaction added segments to the search index, which every text search reads
            // (8 after 20,000 groups): one merge (1.2 s at 100,000 groups) leaves one, as `circles demo` does.
            // The import is written by then: a merge that fails is told, not taken for a failed import.
            if report.outcome.committed {
                do { try database.mergeSearchIndex() } catch {
                    FileHandle.standardError.write(Data("circles: the search index was not merged (\(error)); searches still work\n".utf8))
                }
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)")
        }
        let unit = format == .csv ? "rows" : "services"
        for line in report.problemLines { FileHandle.standardError.write(Data("\(path): \(line)\n".utf8)) }
        if !report.outcome.problems.isEmpty {
            throw CommandFailure("\(report.outcome.problems.count) problems in \(report.rows) \(unit); nothing was written")
        }
        if report.outcome.committed {
            print("Imported \(report.summary).")
        } else {
            print(
                "Dry run: \(report.rows) \(unit) are fine; they would add \(report.summary).\(format == .csv ? " Run again with --apply to write them." : "")")
        }
    }
}

/// A progress bar on standard error, drawn only when it is a terminal and the work is large.
final class ProgressBar {
    let enabled = isatty(STDERR_FILENO) == 1
    static let minimumTotal = 200
    private var drawn = -1

    func update(_ done: Int, _ total: Int) {
        guard enabled, total >= Self.minimumTotal else { return }
        let percent = done * 100 / max(total, 1)
        guard percent != drawn else { return }
        drawn = percent
        let width = 30
        let filled = width * done / max(total, 1)
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(percent)% \(done)/\(total) groups".utf8))
    }

    func finish() {
        if drawn >= 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
