import Foundation
import Store

/// Imports and exports of the whole directory, for the command line (and the tests).
public enum DirectoryTransfer {
    /// What an import found and did, as lines a person reads.
    public struct Report: Sendable {
        public var outcome: ImportOutcome
        public var rows = 0
        /// Places without coordinates that were given their ZIP code's or town's (`ApproximatePlacement`).
        public var placedApproximately = 0

        /// "line 7: start_time: must be …", one per problem, in line order.
        public var problemLines: [String] {
            outcome.problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }.map { p in
                (p.line.map { "line \($0): " } ?? "") + "\(p.field): \(p.message)"
            }
        }

        public var summary: String {
            let o = outcome
            var parts = [
                "\(o.groupsCreated) groups", "\(o.schedulesCreated) schedules", "\(o.locationsCreated) new places (\(o.locationsReused) existing)",
                "\(o.organizationsCreated) new organizations (\(o.organizationsReused) existing)",
            ]
            // What only circles.json brings, when it brought something.
            for (count, name) in [(o.tagsCreated, "tags"), (o.facilitatorsCreated, "facilitators"), (o.exceptionsCreated, "cancelled or moved meetings")]
            where count > 0 {
                parts.append("\(count) \(name)")
            }
            if o.groupsUpdated > 0 {
                parts.append("\(o.groupsUpdated) groups updated (of their schedules \(o.schedulesKept) kept, \(o.schedulesRemoved) removed)")
            }
            if placedApproximately > 0 {
                parts.append("\(placedApproximately) of the places without coordinates placed approximately, at their ZIP code or town")
            }
            return parts.joined(separator: ", ")
        }
    }

    /// Writes the HSDS 3 files and `datapackage.json` into `directory`; returns the record count of each file.
    public static func exportHSDS(_ database: AppDatabase, to directory: String, baseURL: String) throws -> [String: Int] {
        try HSDSExport.write(database, to: directory, site: SiteAddress(publicURL: baseURL))
    }

    /// Reads an HSDS directory and writes it in one transaction (nothing when `apply` is false or anything is wrong).
    /// With `onceAs`, the import runs once per database (see `AppDatabase.importDirectory`).
    public static func importHSDS(
        _ database: AppDatabase, from directory: String, apply: Bool, defaultTimeZone: String,
        onceAs setting: String? = nil, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> Report {
        var reader = HSDSImport(defaultTimeZone: defaultTimeZone)
        reader.topics = Set(try database.topicRecords().map(\.slug))
        let (batch, problems) = try reader.read(directory: directory)
        return try run(
            batch, problems: problems, rows: batch.groups.count + problems.count, database: database, apply: apply,
            onceAs: setting, progress: progress)
    }

    /// Every group (archived ones too) with its schedules, as CSV.
    public static func exportCSV(_ database: AppDatabase) throws -> String {
        var filter = ListingFilter()
        filter.statuses = []
        let ids = try database.listedGroupIds(filter).ids
        // Every part has the columns of every language some group is translated into.
        let languages = try database.translationLanguages()
        var text = ""
        for start in stride(from: 0, to: ids.count, by: 500) {
            let part = GroupsCSV.write(try database.groupDetails(ids: Array(ids[start..<min(start + 500, ids.count)])), languages: languages)
            // Every part starts with the header; only the first one keeps it.
            text += start == 0 ? part : String(part[(part.range(of: "\r\n")?.upperBound ?? part.startIndex)...])
        }
        return ids.isEmpty ? CSV.line(GroupsCSV.header(languages: languages)) : text
    }

    /// Reads a CSV of groups; writes all rows in one transaction only when `apply` and no row is bad.
    /// With `organization`, every row must belong to that organization (the API's import). With
    /// `update`, a row naming an existing group's slug updates that group (of the same organization).
    public static func importCSV(
        _ database: AppDatabase, text: String, apply: Bool, update: Bool = false, organization: OrganizationRecord? = nil,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> Report {
        let (topics, organizations) = try database.importVocabulary()
        let existing: ((String) -> GroupDetails?)? =
            update ? { slug in (try? database.groupId(slug: slug)).flatMap { $0 }.flatMap { try? database.groupDetails(id: $0) } } : nil
        let reading = GroupsCSV.read(text, topics: topics, knownOrganizations: organizations, organization: organization, existing: existing)
        return try run(reading.batch, problems: reading.problems, rows: reading.rows, database: database, apply: apply, progress: progress)
    }

    /// Checks the batch against the database in a transaction that is rolled back unless it may be kept,
    /// so that a dry run also reports what only the database knows (a slug already taken).
    static func run(
        _ batch: ImportBatch, problems: [ImportProblem], rows: Int, database: AppDatabase, apply: Bool,
        onceAs setting: String? = nil, progress: (Int, Int) -> Void
    ) throws -> Report {
        var batch = batch
        var placed = 0
        for index in batch.locations.indices where ApproximatePlacement.place(&batch.locations[index].record) { placed += 1 }
        var outcome = try database.importDirectory(batch, apply: apply && problems.isEmpty, onceAs: setting, progress: progress)
        outcome.problems = problems + outcome.problems
        outcome.committed = outcome.committed && outcome.problems.isEmpty
        return Report(outcome: outcome, rows: rows, placedApproximately: placed)
    }
}
