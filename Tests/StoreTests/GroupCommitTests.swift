import Foundation
import GRDB
import Store
import Synchronization
import Testing

/// `MeteredPool.writeTogether`: writes waiting at one moment share a commit, each in its own
/// savepoint, and nobody is answered before the commit that holds their row.
@Suite struct GroupCommitTests {
    /// A database with a table `t (n)`, and its directory (removed by the caller).
    static func database() throws -> (AppDatabase, String) {
        let (db, dir) = try SearchPlanTests.database()
        try db.pool.write { try $0.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY) STRICT") }
        return (db, dir)
    }

    /// Starts `count` threads that each call `body(i)` and returns when all have finished.
    static func concurrently(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for i in 0..<count {
            group.enter()
            Thread {
                body(i)
                group.leave()
            }.start()
        }
        group.wait()
    }

    @Test func writesQueuedDuringACommitShareTheNextOne() throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let before = db.pool.groupCommits
        // The first write holds its batch open while 31 others queue behind it.
        let first = Thread {
            try? db.pool.writeTogether { db in
                try db.execute(sql: "INSERT INTO t (n) VALUES (0)")
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
        first.start()
        Thread.sleep(forTimeInterval: 0.1)
        Self.concurrently(31) { i in
            try? db.pool.writeTogether { try $0.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [i + 1]) }
        }
        while !first.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        #expect(try db.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == 32)
        // One commit for the first write, then the 31 that waited together (a thread or two may come late).
        #expect(db.pool.groupCommits - before <= 4)
    }

    @Test func aFailingWriteUndoesOnlyItsOwnChanges() throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        struct Refused: Error {}
        let blocker = Thread {
            try? db.pool.writeTogether { db in
                try db.execute(sql: "INSERT INTO t (n) VALUES (1)")
                Thread.sleep(forTimeInterval: 0.4)
            }
        }
        blocker.start()
        Thread.sleep(forTimeInterval: 0.1)
        let outcomes = Mutex<[Int: Bool]>([:])
        Self.concurrently(6) { i in
            let ok: Bool
            do {
                try db.pool.writeTogether { db in
                    try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [100 + i])
                    if i % 2 == 0 { throw Refused() }
                }
                ok = true
            } catch {
                ok = !(error is Refused)
            }
            outcomes.withLock { $0[i] = ok }
        }
        while !blocker.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        let rows = Set(try db.pool.read { try Int.fetchAll($0, sql: "SELECT n FROM t") })
        #expect(rows == [1, 101, 103, 105])
        #expect(outcomes.withLock { $0 } == [0: false, 1: true, 2: false, 3: true, 4: false, 5: true])
    }

    @Test func aWriteReturnsOnlyAfterItsCommitIsVisibleToOtherConnections() throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let other = try DatabaseQueue(path: db.path)
        for n in 1...20 {
            try db.pool.writeTogether { try $0.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [n]) }
            #expect(try other.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == n)
        }
        try other.close()
    }
}
