import Foundation
import GRDB
import Store
import Testing

/// `topics()` keeps the list between writes: every write, from any connection, is seen at once.
@Suite struct KeptTopicsTests {
    @Test func theKeptTopicsFollowEveryWriteFromAnyConnection() throws {
        let w = try DirectoryServicesTests.world()
        defer { try? FileManager.default.removeItem(atPath: w.directory) }
        let before = try w.database.topics()
        #expect(!before.contains { $0.slug == "kept-test" })
        #expect(try w.database.topics().map(\.slug) == before.map(\.slug))
        // Another connection, as a `circles` command in another process would, adds a topic and gives it to the group.
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let other = try AppDatabase(path: w.database.path, migrationsDirectory: root.path + "/Migrations")
        try other.pool.write { db in
            try db.execute(sql: "INSERT INTO topics (slug, name) VALUES ('kept-test', 'Kept test')")
            try db.execute(sql: "INSERT INTO group_topics (group_id, topic_id) SELECT ?, id FROM topics WHERE slug = 'kept-test'", arguments: [w.group.id])
        }
        try other.close()
        #expect(try w.database.topics().first { $0.slug == "kept-test" }?.groupCount == 1)
        // And this connection's own write: the topic renamed.
        try w.database.pool.write { try $0.execute(sql: "UPDATE topics SET name = 'Kept, renamed' WHERE slug = 'kept-test'") }
        #expect(try w.database.topics().first { $0.slug == "kept-test" }?.name == "Kept, renamed")
        #expect(try w.database.topics(slug: "kept-test").map(\.name) == ["Kept, renamed"])
    }
}
