import Foundation
import GRDB
import Store
import Testing

@Suite struct BackupTests {
    @Test func aBackupTakenDuringWritesIsConsistentAndRestores() throws {
        let (db, dir) = try SearchPlanTests.database()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try db.pool.write { try $0.execute(sql: "CREATE TABLE counter (n INTEGER PRIMARY KEY) STRICT") }
        // A writer keeps inserting while the backup runs.
        let writer = Thread {
            for n in 1...3000 { try? db.pool.write { try $0.execute(sql: "INSERT INTO counter (n) VALUES (?)", arguments: [n]) } }
        }
        writer.start()
        Thread.sleep(forTimeInterval: 0.05)
        try Backup.make(from: db, to: dir + "/backup.sqlite")
        while !writer.isFinished { Thread.sleep(forTimeInterval: 0.01) }

        // The copy is complete up to its moment: rows 1...k with no gap.
        let copy = try DatabaseQueue(path: dir + "/backup.sqlite")
        let (count, highest) = try copy.read {
            (try Int.fetchOne($0, sql: "SELECT count(*) FROM counter")!, try Int.fetchOne($0, sql: "SELECT coalesce(max(n), 0) FROM counter")!)
        }
        #expect(count == highest)
        #expect(try copy.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        try copy.close()

        // Restoring over a live database is refused without force.
        #expect(throws: (any Error).self) { try Backup.restore(dir + "/backup.sqlite", to: dir + "/db.sqlite", force: false) }
        try db.close()
        try Backup.restore(dir + "/backup.sqlite", to: dir + "/restored.sqlite", force: false)
        let restored = try DatabaseQueue(path: dir + "/restored.sqlite")
        #expect(try restored.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM counter") } == count)
    }
}
