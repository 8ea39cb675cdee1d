import Foundation
import GRDB

/// Calls `action` after each commit, by this process, of a transaction that inserted rows into one
/// table (on the writer's queue, after the commit: keep the action short). Rows other processes
/// insert are not seen: their readers poll.
///
/// Listening stops when the signal is released or `AppDatabase.stopSignal(_:)` is called.
public final class InsertSignal: TransactionObserver, @unchecked Sendable {
    public let table: String
    private let action: @Sendable () -> Void
    /// Writer queue only: the open transaction inserted into `table`.
    private var inserted = false

    init(table: String, action: @escaping @Sendable () -> Void) {
        self.table = table
        self.action = action
    }

    public func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        if case .insert(let name) = eventKind { return name == table }
        return false
    }

    public func databaseDidChange(with event: DatabaseEvent) { inserted = true }

    public func databaseDidCommit(_ db: Database) {
        guard inserted else { return }
        inserted = false
        action()
    }

    public func databaseDidRollback(_ db: Database) { inserted = false }
}

extension AppDatabase {
    /// Starts calling `action` after every commit of this process that inserted into `table`.
    public func signalInserts(into table: String, _ action: @escaping @Sendable () -> Void) -> InsertSignal {
        let signal = InsertSignal(table: table, action: action)
        pool.raw.add(transactionObserver: signal, extent: .observerLifetime)
        return signal
    }

    /// Stops a signal from `signalInserts(into:_:)`.
    public func stopSignal(_ signal: InsertSignal) {
        pool.raw.remove(transactionObserver: signal)
    }
}
