import Foundation
import GRDB

/// Knows, without a query, whether the directory may have changed: a number that moves forward
/// after every commit of this process that moved the directory generation (seen by a transaction
/// observer on the writer, before `write` returns, so a client reads its own writes) and whenever
/// a poll once a second finds that another process (a `circles` command) moved it.
///
/// Reading it costs a lock, so an answer cached under it can be served on an event loop.
public final class DirectoryGenerationWatch: TransactionObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var epoch: Int64 = 1
    private var polled: Int64
    /// Writer queue only: the open transaction moved the generation.
    private var moved = false
    private weak var database: AppDatabase?
    private let timer: DispatchSourceTimer

    public init(database: AppDatabase, pollInterval: TimeInterval = 1) throws {
        self.database = database
        polled = try database.directoryGeneration()
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        database.pool.raw.add(transactionObserver: self, extent: .observerLifetime)
        timer.schedule(deadline: .now() + pollInterval, repeating: pollInterval)
        timer.setEventHandler { [weak self] in self?.poll() }
        timer.resume()
    }

    deinit { timer.cancel() }

    /// Changes whenever the directory may have changed.
    public var current: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return epoch
    }

    private func advance() {
        lock.lock()
        epoch += 1
        lock.unlock()
    }

    private func poll() {
        guard let database else { timer.cancel(); return }
        guard let value = try? database.directoryGeneration() else { return }
        lock.lock()
        if value != polled {
            polled = value
            epoch += 1
        }
        lock.unlock()
    }

    public func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        eventKind.tableName == "directory_generation"
    }

    public func databaseDidChange(with event: DatabaseEvent) { moved = true }

    public func databaseDidCommit(_ db: Database) {
        guard moved else { return }
        moved = false
        advance()
    }

    public func databaseDidRollback(_ db: Database) { moved = false }
}
