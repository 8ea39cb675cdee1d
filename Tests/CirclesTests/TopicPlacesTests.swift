import Foundation
import GRDB
import Testing

@testable import Circles
@testable import Store

/// `group_topic_places` (migrations 0019 and 0020) always holds exactly each group's topics with the
/// group's place (0 for none), status, name and confirmation, and `topic_counts` each topic's active
/// groups, and `location_counts` each place's (migration 0021), whatever writes the groups and their topics.
@Suite struct TopicPlacesTests {
    /// The rows the table should hold, computed from the groups and their topics.
    static let expected = """
        SELECT x.topic_id, coalesce(g.location_id, 0) AS location_id, g.status, g.name, g.id AS group_id, g.last_confirmed_at
        FROM group_topics x JOIN groups g ON g.id = x.group_id
        ORDER BY 1, 5
        """
    /// What `topic_counts` should say: the count the topics' pages made on every request before it.
    static let expectedCounts = """
        SELECT t.id AS topic_id, (SELECT count(*) FROM group_topics x JOIN groups g ON g.id = x.group_id
            WHERE x.topic_id = t.id AND g.status = 'active') AS n
        FROM topics t ORDER BY 1
        """
    static let heldCounts = """
        SELECT t.id AS topic_id, coalesce(c.active_groups, 0) AS n FROM topics t LEFT JOIN topic_counts c ON c.topic_id = t.id ORDER BY 1
        """
    /// What `location_counts` should say: each place's active groups, as `/cities` counted them before it.
    static let expectedPlaces = """
        SELECT l.id AS location_id, (SELECT count(*) FROM groups g WHERE g.location_id = l.id AND g.status = 'active') AS n
        FROM locations l ORDER BY 1
        """
    static let heldPlaces = """
        SELECT l.id AS location_id, coalesce(c.active_groups, 0) AS n FROM locations l LEFT JOIN location_counts c ON c.location_id = l.id ORDER BY 1
        """
    static let held = """
        SELECT topic_id, location_id, status, name, group_id, last_confirmed_at FROM group_topic_places ORDER BY 1, 5
        """

    @Test func everyKindOfWriteKeepsTheTableExact() throws {
        let (db, folder) = try DemoDataTests.freshDatabase()
        defer { try? db.close(); try? FileManager.default.removeItem(atPath: folder) }
        try DemoData.generate(groups: 400, into: db) { _ in }
        let writes = [
            "UPDATE groups SET name = 'Zed ' || name WHERE id % 5 = 0",
            "UPDATE groups SET location_id = (SELECT max(id) FROM locations) WHERE id % 7 = 0",
            "UPDATE groups SET location_id = NULL WHERE id % 13 = 0",
            "UPDATE groups SET location_id = (SELECT min(id) FROM locations) WHERE id % 26 = 0",
            "UPDATE groups SET status = 'paused' WHERE id % 4 = 0",
            "UPDATE groups SET last_confirmed_at = NULL WHERE id % 3 = 0",
            "UPDATE groups SET summary = 'Not a column the table holds.' WHERE id % 2 = 0",
            "DELETE FROM group_topics WHERE group_id % 6 = 0",
            """
            INSERT OR IGNORE INTO group_topics (group_id, topic_id)
            SELECT g.id, t.id FROM groups g, topics t WHERE g.id % 9 = 0 AND t.id % 5 = 0
            """,
            "UPDATE groups SET status = 'active' WHERE id % 8 = 0",
            "UPDATE groups SET status = 'archived' WHERE id % 10 = 1",
            "INSERT INTO topics (slug, name) VALUES ('new-topic', 'New topic')",
            "INSERT INTO group_topics (group_id, topic_id) SELECT id, (SELECT id FROM topics WHERE slug = 'new-topic') FROM groups WHERE id % 12 = 0",
            "DELETE FROM group_topics WHERE group_id % 24 = 0 AND topic_id = (SELECT id FROM topics WHERE slug = 'new-topic')",
            "DELETE FROM groups WHERE id % 11 = 0",
            "DELETE FROM group_topics WHERE topic_id = (SELECT id FROM topics WHERE slug = 'new-topic')",
            "DELETE FROM topics WHERE slug = 'new-topic'",
            "UPDATE groups SET location_id = (SELECT min(id) FROM locations WHERE id > 3), status = 'active' WHERE id % 9 = 4",
            "DELETE FROM groups WHERE location_id = (SELECT max(id) FROM locations)",
            "DELETE FROM locations WHERE id = (SELECT max(id) FROM locations)",
        ]
        let before = try db.pool.read { try Row.fetchAll($0, sql: Self.expected) }
        #expect(before.count > 400)
        #expect(try db.pool.read { try Row.fetchAll($0, sql: Self.held) } == before)
        for write in writes {
            try db.pool.write { try $0.execute(sql: write) }
            let (expected, held) = try db.pool.read { (try Row.fetchAll($0, sql: Self.expected), try Row.fetchAll($0, sql: Self.held)) }
            #expect(held == expected, "after \(write)")
            let (counts, heldCounts) = try db.pool.read { (try Row.fetchAll($0, sql: Self.expectedCounts), try Row.fetchAll($0, sql: Self.heldCounts)) }
            #expect(heldCounts == counts, "after \(write)")
            let (places, heldPlaces) = try db.pool.read { (try Row.fetchAll($0, sql: Self.expectedPlaces), try Row.fetchAll($0, sql: Self.heldPlaces)) }
            #expect(heldPlaces == places, "after \(write)")
        }
        #expect(try db.pool.read { try Row.fetchAll($0, sql: Self.expected) } != before)
    }

    @Test func theMigrationFillsTheTableFromAnExistingDirectory() throws {
        let dir = NSTemporaryDirectory() + "circles-0019-" + UUID().uuidString
        let migrations = dir + "/migrations"
        try FileManager.default.createDirectory(atPath: migrations, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = DemoDataTests.root.appendingPathComponent("Migrations").path
        let all = try FileManager.default.contentsOfDirectory(atPath: source).filter { $0.hasSuffix(".sql") }.sorted()
        for file in all where file < "0019" { try FileManager.default.copyItem(atPath: source + "/" + file, toPath: migrations + "/" + file) }
        var db = try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: migrations)
        try DemoData.generate(groups: 300, into: db) { _ in }
        try db.pool.write { try $0.execute(sql: "UPDATE groups SET location_id = NULL WHERE id % 10 = 0") }
        try db.close()
        for file in all where file >= "0019" { try FileManager.default.copyItem(atPath: source + "/" + file, toPath: migrations + "/" + file) }
        db = try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: migrations)
        defer { try? db.close() }
        let (expected, held) = try db.pool.read { (try Row.fetchAll($0, sql: Self.expected), try Row.fetchAll($0, sql: Self.held)) }
        #expect(expected.count > 300)
        #expect(held == expected)
        let (counts, heldCounts) = try db.pool.read { (try Row.fetchAll($0, sql: Self.expectedCounts), try Row.fetchAll($0, sql: Self.heldCounts)) }
        #expect(heldCounts == counts)
        #expect(counts.contains { ($0["n"] as Int) > 0 })
        let (places, heldPlaces) = try db.pool.read { (try Row.fetchAll($0, sql: Self.expectedPlaces), try Row.fetchAll($0, sql: Self.heldPlaces)) }
        #expect(heldPlaces == places)
    }
}
