import Foundation
import GRDB
import Store
import Testing

/// Every search filter is answered from an index: no query plan scans the groups table.
@Suite struct SearchPlanTests {
    static func database() throws -> (AppDatabase, String) {
        let dir = NSTemporaryDirectory() + "circles-plan-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        return (try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: root.path + "/Migrations"), dir)
    }

    static let queries: [(String, GroupQuery)] = {
        func q(_ change: (inout GroupQuery) -> Void) -> GroupQuery { var query = GroupQuery(); change(&query); return query }
        return [
            ("topic", q { $0.topics = ["grief"] }),
            ("two topics", q { $0.topics = ["grief", "parenting"] }),
            ("city", q { $0.city = "Denver" }),
            (
                "city and topic",
                q {
                    $0.city = "Denver"; $0.topics = ["grief"]
                }
            ),
            ("state", q { $0.state = "CO" }),
            ("zip", q { $0.zip = "80202" }),
            ("text", q { $0.text = "grief circle" }),
            (
                "text and city",
                q {
                    $0.text = "grief"; $0.city = "Denver"
                }
            ),
            (
                "near",
                q {
                    $0.near = (39.74, -104.99); $0.radiusKm = 20
                }
            ),
            ("language", q { $0.language = "es" }),
            ("audience", q { $0.audience = .veterans }),
            ("day", q { $0.weekday = 2 }),
            (
                "day and time",
                q {
                    $0.weekday = 2; $0.partOfDay = "evening"
                }
            ),
            ("time", q { $0.partOfDay = "morning" }),
            ("organization", q { $0.organizationId = 1 }),
            ("only common words", q { $0.text = "support group" }),
        ]
    }()

    /// The steps of a plan that read a whole table or index. Not counted: the full-text index (read by its
    /// MATCH), the members of a UNION ALL, and a subquery with a LIMIT, stored or run as a co-routine (the
    /// best text matches).
    static func fullScans(_ plan: [String]) -> [String] {
        let subqueries = ["MATERIALIZE ", "CO-ROUTINE "]
        let materialized = Set(
            plan.compactMap { step in subqueries.first { step.hasPrefix($0) }.map { step.dropFirst($0.count) } })
        return plan.filter { step in
            step.hasPrefix("SCAN ") && !step.contains("VIRTUAL TABLE") && !step.hasPrefix("SCAN (subquery")
                && !materialized.contains(step.dropFirst("SCAN ".count))
        }
    }

    @Test(arguments: queries.map(\.0))
    func filterUsesAnIndex(_ name: String) throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let query = Self.queries.first { $0.0 == name }!.1
        let plan = try db.pool.read { try GroupSearch.explain(query, in: $0) }
        // A SCAN reads a whole table or index; only the full-text index may be scanned (by its MATCH), and
        // the bounded list of best text matches.
        let fullScans = Self.fullScans(plan)
        #expect(fullScans.isEmpty, "\(name): \(plan.joined(separator: " | "))")
    }

    /// Ranking stale listings last must not sort every match: each tier is read in the index's order.
    @Test(arguments: ["all", "topic", "text", "city"])
    func freshnessOrderingSortsNothingByName(_ name: String) throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var query = GroupQuery()
        switch name {
        case "topic": query.topics = ["grief"]
        case "text": query.text = "grief"
        case "city": query.city = "Denver"
        default: break
        }
        query.staleBefore = "2026-09-26T00:00:00Z"
        let plan = try db.pool.read { try GroupSearch.explain(query, in: $0) }
        let fullScans = Self.fullScans(plan)
        #expect(fullScans.isEmpty, "\(name): \(plan.joined(separator: " | "))")
        if name == "all" {
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan.joined(separator: " | "))")
        }
    }
}
