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
    private let onWait: (@Sendable (Access, Double) -> Void)?

    init(_ raw: DatabasePool, onWait: (@Sendable (Access, Double) -> Void)?) {
        self.raw = raw
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
