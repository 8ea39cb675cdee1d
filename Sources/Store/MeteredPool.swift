import Foundation
import GRDB

/// The database pool, timing how long each read or write waited for a connection: readers are
/// limited and writes are serialized, so under load a handler may queue here before any SQL runs.
/// Exposes the pool operations the Store runs its transactions on (tests reach them too); the GRDB
/// pool itself (`raw`) stays inside the Store.
public final class MeteredPool: Sendable {
    /// Which kind of connection was waited for.
    public enum Access: String, Sendable {
        case read, write
    }

    let raw: DatabasePool
    let groupCommit: GroupCommit
    private let onWait: (@Sendable (Access, Double) -> Void)?

    init(_ raw: DatabasePool, onWait: (@Sendable (Access, Double) -> Void)?) {
        self.raw = raw
        self.groupCommit = GroupCommit(raw)
        self.onWait = onWait
    }

    public func read<T>(_ value: (Database) throws -> T) throws -> T {
        let asked = DispatchTime.now().uptimeNanoseconds
        return try raw.read { db in
            reportWait(.read, since: asked); return try value(db)
        }
    }

    public func write<T>(_ updates: (Database) throws -> T) throws -> T {
        let asked = DispatchTime.now().uptimeNanoseconds
        return try raw.write { db in
            reportWait(.write, since: asked); return try updates(db)
        }
    }

    /// Like `write`, but `updates` may share its transaction (and its sync to disk) with other
    /// writes waiting at the same moment, each in its own savepoint: see `GroupCommit`. For the
    /// durable creations many clients send at once (referrals, feedback); it returns after the commit.
    public func writeTogether<T>(_ updates: (Database) throws -> T) throws -> T {
        let asked = DispatchTime.now().uptimeNanoseconds
        return try groupCommit.write { db in
            reportWait(.write, since: asked); return try updates(db)
        }
    }

    /// Transactions the group writer has committed so far (each holding one or more `writeTogether` calls).
    public var groupCommits: Int { groupCommit.totals.transactions }

    /// The `writeTogether` calls committed so far: divided by `groupCommits`, the mean batch.
    public var groupCommittedWrites: Int { groupCommit.totals.writes }

    private func reportWait(_ access: Access, since asked: UInt64) {
        onWait?(access, Double(DispatchTime.now().uptimeNanoseconds &- asked) / 1e9)
    }

    public func writeWithoutTransaction<T>(_ updates: (Database) throws -> T) throws -> T {
        try raw.writeWithoutTransaction(updates)
    }

    public func backup(to writer: some DatabaseWriter) throws {
        try raw.backup(to: writer)
    }

    public func close() throws {
        try raw.close()
    }
}
