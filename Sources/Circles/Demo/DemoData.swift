import Foundation
import Store

/// Invented, realistic data for trying Circles out: six organizations from Los Angeles to a rural
/// Colorado county, about fifty peer-led groups, their meeting schedules and facilitators. No real
/// person, phone number (only 555-01xx) or e-mail address (only example.org).
///
/// The directory is data, `Demo/directory`: HSDS 3 files with a `circles.json` for what HSDS has no
/// field for (tags, facilitators, cancelled and moved meetings, and the day its dates are written for,
/// so they move with the calendar). It is loaded through the HSDS import users run.
public enum DemoData {
    /// The setting that records when the demo directory was loaded.
    static let loadedSetting = "demo_loaded_at"

    /// Imports the demo directory once, in one transaction; returns false when it was loaded before
    /// (the `demo_loaded_at` setting is present), and then changes nothing.
    @discardableResult
    public static func loadIfEmpty(into database: AppDatabase, from directory: String = AppConfiguration().demoDirectory) throws -> Bool {
        let report = try DirectoryTransfer.importHSDS(
            database, from: directory, apply: true, defaultTimeZone: "America/New_York",
            onceAs: loadedSetting)
        guard report.outcome.problems.isEmpty else {
            throw ImportFileError(message: "the demo directory \(directory) does not import: " + report.problemLines.joined(separator: "; "))
        }
        return report.outcome.committed
    }

    /// Adds `groups` generated groups (spread over about 200 US cities, every topic, format, audience,
    /// language, weekday and time of day) for scale tests, in transactions of 5,000 groups; calls
    /// `progress` with the number done after each one. Creates organizations of its own with
    /// slugs unique to the run, so it can run on any database, and any number of times.
    public static func generate(groups: Int, into database: AppDatabase, progress: (Int) -> Void) throws {
        try DemoGenerator.run(groups: groups, into: database, progress: progress)
    }
}
