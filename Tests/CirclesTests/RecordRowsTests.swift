import Foundation
import GRDB
import Store
import Testing

@testable import Circles

/// The records a search reads decode column by column (`RecordRows.swift`), not through Codable:
/// a column added to a table but not to its decoder would silently keep its default. Every row of
/// the demo directory must come back exactly as stored.
@Suite struct RecordRowsTests {
    func check<R: FetchableRecord & EncodableRecord>(_ type: R.Type, _ table: String, in db: Database) throws -> Int {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table)")
        for row in rows {
            let stored = Dictionary(row.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
            let record = try R(row: row)
            let decoded = try record.databaseDictionary
            for (column, value) in stored {
                #expect(decoded[column] == value, "\(table).\(column): stored \(value), decoded \(decoded[column] ?? .null)")
            }
        }
        return rows.count
    }

    @Test func everyColumnOfEveryDemoRowComesBack() throws {
        let app = try TestApp(demo: true)
        let counts: [Int] = try app.database.pool.read { db in
            [
                try check(GroupRecord.self, "groups", in: db), try check(OrganizationRecord.self, "organizations", in: db),
                try check(LocationRecord.self, "locations", in: db), try check(ScheduleRecord.self, "schedules", in: db),
                try check(ScheduleExceptionRecord.self, "schedule_exceptions", in: db), try check(FacilitatorRecord.self, "facilitators", in: db),
                try check(GroupTranslation.self, "group_translations", in: db),
            ]
        }
        // groups, organizations, locations, schedules, exceptions, facilitators: the demo has each.
        #expect(counts[0] > 40 && counts[1] > 5 && counts[2] > 20 && counts[3] > 40 && counts[4] > 0 && counts[5] > 10 && counts[6] > 4, "\(counts)")
    }
}
