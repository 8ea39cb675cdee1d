import Foundation
import GRDB

/// Knows, without a query, whether the directory may have changed: a number that moves forward
/// after every commit of this process that moved the directory generation (seen by a transaction
/// observer on the writer, before `write` returns, so a client reads its own writes) and whenever
/// a poll once a second finds that another process (a `circles` command) moved it.
///
/// Reading it costs a lock, so an answer cached under it can be served on an event loop.
///
/// The observer listens from `init` on, so this process's writes are never missed; `start()` begins
/// the poll and `stop()` ends it (a change another process makes in between is seen at the first poll,
/// which compares with the generation read at `init`).
public final class DirectoryGenerationWatch: TransactionObserver, @unchecked Sendable {
    public let name = "directory-generation"
    private let lock = NSLock()
    private var epoch: Int64 = 1
    private var polled: Int64
    /// Writer queue only: the open transaction moved the generation.
    private var moved = false
    private weak var database: AppDatabase?
    private let pollInterval: TimeInterval
    /// Guarded by `lock`; nil until started and once stopped.
    private var timer: DispatchSourceTimer?

    public init(database: AppDatabase, pollInterval: TimeInterval = 1) throws {
        self.database = database
        self.pollInterval = pollInterval
        polled = try database.directoryGeneration()
        database.pool.raw.add(transactionObserver: self, extent: .observerLifetime)
    }

    deinit { timer?.cancel() }

    /// Starts polling for changes made by other processes.
    public func start() {
        lock.lock()
        defer { lock.unlock() }
        guard timer == nil else { return }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + pollInterval, repeating: pollInterval)
        timer.setEventHandler { [weak self] in self?.poll() }
        timer.resume()
        self.timer = timer
    }

    /// Stops polling; this process's own writes still move `current`.
    public func stop() {
        lock.lock()
        let timer = self.timer
        self.timer = nil
        lock.unlock()
        timer?.cancel()
    }

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
        guard let database else { stop(); return }
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
