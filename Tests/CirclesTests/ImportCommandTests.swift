import Foundation
import Store
import TestSupport
import Testing

@testable import Circles
@testable import CirclesCommands

/// `circles import` as an operator runs it.
@Suite struct ImportCommandTests {
    static func csv(_ slug: String) -> String {
        CSVTests.header
            + "harbor,Circle \(slug),\(slug),in_person,America/Denver,grief,Hall,community_center,1 Main St,Denver,CO,weekly,tuesday,,19:00,90,2026-01-06\r\n"
    }

    @Test func aWrittenImportLeavesTheSearchIndexInOneSegment() throws {
        let folder = TestHTTP.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/circles.sqlite", migrations = TestHTTP.repositoryRoot + "/Migrations"
        // Two imports in two transactions, without the command: two segments.
        do {
            let database = try AppDatabase(path: path, migrationsDirectory: migrations)
            defer { try? database.close() }
            try database.pool.write { db in
                var harbor = OrganizationRecord(slug: "harbor", name: "Harbor Center")
                try harbor.insert(db)
            }
            for slug in ["first", "second"] {
                let report = try DirectoryTransfer.importCSV(database, text: Self.csv(slug), apply: true)
                #expect(report.outcome.committed, "\(report.problemLines)")
            }
            #expect(try database.searchIndexSegments() == 2)
        }
        let file = folder + "/third.csv"
        try Self.csv("third").write(toFile: file, atomically: true, encoding: .utf8)
        var command = try ImportCommand.parse(["csv", file, "--apply", "--database", path, "--migrations", migrations])
        try command.run()
        let database = try AppDatabase(path: path, migrationsDirectory: migrations)
        defer { try? database.close() }
        #expect(try database.searchIndexSegments() == 1)
        #expect(try database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM group_search WHERE group_search MATCH 'circle'") } == 3)
    }
}
