import Foundation
import GRDB
import Store
import Testing

/// The database, its WAL and its shared-memory file are readable by their owner only, whatever the
/// umask (the usual 022 would leave them readable by everyone).
@Suite struct FilePermissionTests {
    @Test func theDatabaseFilesAreCreatedOwnerOnly() throws {
        let directory = NSTemporaryDirectory() + "circles-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/migrations", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        FileManager.default.createFile(atPath: directory + "/migrations/0001_probe.sql", contents: Data("CREATE TABLE probe (x TEXT) STRICT;".utf8))
        let database = try AppDatabase(path: directory + "/circles.sqlite", migrationsDirectory: directory + "/migrations")
        try database.pool.write { try $0.execute(sql: "INSERT INTO probe (x) VALUES ('x')") }
        for suffix in ["", "-wal", "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/circles.sqlite" + suffix)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
            #expect(mode == 0o600, "circles.sqlite\(suffix) has mode \(String(mode, radix: 8))")
        }
        try database.close()
    }
}
