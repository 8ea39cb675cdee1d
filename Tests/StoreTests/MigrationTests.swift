import Foundation
import GRDB
import Store
import Testing

@Suite struct MigrationTests {
    private func folder() -> String {
        let path = NSTemporaryDirectory() + "circles-store-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path + "/migrations", withIntermediateDirectories: true)
        return path
    }

    private func write(_ dir: String, _ name: String, _ sql: String) {
        FileManager.default.createFile(atPath: dir + "/migrations/" + name, contents: Data(sql.utf8))
    }

    @Test func appliesInOrderOnceAndRecordsEach() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        write(dir, "0002_second.sql", "ALTER TABLE a ADD COLUMN b TEXT;")
        write(dir, "0001_first.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY) STRICT;")
        let db = try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: dir + "/migrations")
        let versions = try db.pool.read { try Int.fetchAll($0, sql: "SELECT version FROM schema_migrations ORDER BY version") }
        #expect(versions == [1, 2])
        let columns = try db.pool.read { try $0.columns(in: "a").map(\.name) }
        #expect(columns == ["id", "b"])
        try db.close()

        // A second start applies nothing.
        let applied = try MigrationRunner(directory: dir + "/migrations").apply(to: try DatabaseQueue(path: dir + "/db.sqlite"))
        #expect(applied.isEmpty)
    }

    @Test func aFailingMigrationLeavesTheDatabaseAsItWas() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        write(dir, "0001_first.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY) STRICT;")
        write(dir, "0002_broken.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY) STRICT; INSERT INTO nowhere VALUES (1);")
        #expect {
            _ = try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: dir + "/migrations")
        } throws: { error in
            "\(error)".contains("0002_broken.sql")
        }
        let queue = try DatabaseQueue(path: dir + "/db.sqlite")
        let tables = try queue.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('a', 'b')") }
        #expect(tables.isEmpty)
        let recorded = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM schema_migrations") }
        #expect(recorded == 0)
    }

    @Test func anEditedMigrationIsRefused() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        write(dir, "0001_first.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY) STRICT;")
        try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: dir + "/migrations").close()
        write(dir, "0001_first.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT) STRICT;")
        #expect {
            _ = try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: dir + "/migrations")
        } throws: { error in
            "\(error)".contains("edited")
        }
    }

    @Test func badNamesAndMissingFoldersAreClearErrors() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        write(dir, "first.sql", "SELECT 1;")
        #expect { _ = try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: dir + "/migrations") } throws: { "\($0)".contains("NNNN_name.sql") }
        #expect { _ = try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: dir + "/none") } throws: { "\($0)".contains("missing") }
        #expect { _ = try AppDatabase(path: dir + "/no/such/folder/db.sqlite", migrationsDirectory: dir + "/migrations") } throws: {
            "\($0)".contains("does not exist")
        }
    }

    @Test func opensInWALWithForeignKeysAndFullSync() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: dir + "/migrations")
        let (mode, fk, sync) = try db.pool.read {
            (
                try String.fetchOne($0, sql: "PRAGMA journal_mode"), try Int.fetchOne($0, sql: "PRAGMA foreign_keys"),
                try Int.fetchOne($0, sql: "PRAGMA synchronous")
            )
        }
        #expect(mode == "wal")
        #expect(fk == 1)
        #expect(sync == 2)
        #expect(db.isReady())
    }

    /// Reads map the file (a search touches hundreds of pages) on readers and the writer alike.
    @Test func readsThroughMemoryMapping() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: dir + "/migrations")
        #expect(try db.pool.read { try Int.fetchOne($0, sql: "PRAGMA mmap_size") } ?? 0 > 0)
        #expect(try db.pool.write { try Int.fetchOne($0, sql: "PRAGMA mmap_size") } ?? 0 > 0)
    }

    @Test func theProjectMigrationsApplyToAnEmptyDatabase() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let db = try AppDatabase(path: dir + "/db.sqlite", migrationsDirectory: root.path + "/Migrations")
        let count = try db.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM schema_migrations") }
        #expect(count == (try MigrationRunner(directory: root.path + "/Migrations").migrations().count))
        let integrity = try db.pool.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
    }
}
