import Foundation
import GRDB
import Store
import Testing

/// `0004_listings.sql` rebuilds the referral tables to allow new statuses: a database migrated
/// before it keeps every referral and every event, and their link, afterwards.
@Suite struct ListingsMigrationTests {
    static var repositoryMigrations: String {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        return root.path + "/Migrations"
    }

    @Test func referralsAndTheirEventsSurviveTheRebuild() throws {
        let dir = NSTemporaryDirectory() + "circles-0004-" + UUID().uuidString
        let migrations = dir + "/migrations"
        try FileManager.default.createDirectory(atPath: migrations, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let all = try FileManager.default.contentsOfDirectory(atPath: Self.repositoryMigrations).filter { $0.hasSuffix(".sql") }.sorted()
        for file in all where file < "0004" {
            try FileManager.default.copyItem(atPath: Self.repositoryMigrations + "/" + file, toPath: migrations + "/" + file)
        }

        // Before 0004: a group, a referral with two events, and a group edited long ago.
        var db = try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: migrations)
        try db.pool.write { db in
            try db.execute(
                sql: "INSERT INTO organizations (slug, name, created_at, updated_at) VALUES ('o', 'O', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
            try db.execute(
                sql: """
                    INSERT INTO groups (organization_id, slug, name, format, time_zone, created_at, updated_at)
                    VALUES (1, 'g', 'G', 'in_person', 'UTC', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')
                    """)
            try db.execute(
                sql: """
                    INSERT INTO referrals (group_id, organization_id, status, referrer_type, preferred_contact_method, consent_at, consent_version,
                                           personal_data, status_token_hash, created_at, updated_at)
                    VALUES (1, 1, 'contacted', 'self', 'phone', 'x', '1', x'0102', 'hash', '2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z')
                    """)
            try db.execute(
                sql:
                    "INSERT INTO referral_events (referral_id, from_status, to_status, actor, created_at) VALUES (1, NULL, 'new', 'anonymous', 'x'), (1, 'new', 'contacted', 'user:1', 'y')"
            )
        }
        try db.close()

        for file in all where file >= "0004" {
            try FileManager.default.copyItem(atPath: Self.repositoryMigrations + "/" + file, toPath: migrations + "/" + file)
        }
        db = try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: migrations)
        defer { try? db.close() }
        try db.pool.write { db in
            #expect(try String.fetchOne(db, sql: "SELECT status FROM referrals WHERE id = 1") == "contacted")
            #expect(try Data.fetchOne(db, sql: "SELECT personal_data FROM referrals WHERE id = 1") == Data([1, 2]))
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM referral_events WHERE referral_id = 1") == 2)
            // The new statuses are allowed; others still are not.
            try db.execute(sql: "UPDATE referrals SET status = 'attended' WHERE id = 1")
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE referrals SET status = 'lost' WHERE id = 1") }
            // The events still follow their referral, and new ids do not reuse old ones.
            try db.execute(sql: "INSERT INTO referral_events (referral_id, to_status, actor, created_at) VALUES (1, 'attended', 'person', 'z')")
            #expect(try Int.fetchOne(db, sql: "SELECT max(id) FROM referral_events") == 3)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            // Existing listings count as confirmed when they were last changed.
            #expect(try String.fetchOne(db, sql: "SELECT last_confirmed_at FROM groups WHERE id = 1") == "2026-02-01T00:00:00Z")
            try db.execute(sql: "DELETE FROM referrals WHERE id = 1")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM referral_events") == 0)
        }
    }
}
