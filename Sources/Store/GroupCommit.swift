import Foundation
import GRDB

/// Group commit: the writes waiting at one moment commit together, in one transaction and so
/// one `fsync` of the WAL, each in its own savepoint.
///
/// With `synchronous = FULL` every commit waits for the disk, so one transaction per request caps
/// durable writes at the disk's sync rate. Here a single writer thread takes every job queued
/// while the previous batch was committing, runs each in a savepoint (a job that throws rolls back
/// only its own changes and gets its own error), commits once, and only then answers each caller:
/// nobody hears "done" before the commit that holds their row. One job alone commits at once.
final class GroupCommit: @unchecked Sendable {
    private let pool: DatabasePool
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var writerRunning = false
    private var committed = 0
    private var jobs = 0

    /// Transactions the writer thread has committed and the writes they held (a test reads them to
    /// see that writes share a commit; `/metrics` reports them).
    var totals: (transactions: Int, writes: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (committed, jobs)
    }

    init(_ pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `work` in a savepoint of the next batch's transaction and returns once that has committed.
    func write<T>(_ work: (Database) throws -> T) throws -> T {
        try withoutActuallyEscaping(work) { work in
            var outcome: Result<T, Error>?
            let job = Job { db in
                let result = Result { try work(db) }
                outcome = result
                if case .failure = result { return false }
                return true
            }
            enqueue(job)
            try job.wait()
            return try outcome!.get()
        }
    }

    private func enqueue(_ job: Job) {
        condition.lock()
        queue.append(job)
        if !writerRunning {
            writerRunning = true
            let thread = Thread { [self] in runWriter() }
            thread.name = "group-commit"
            thread.start()
        }
        condition.signal()
        condition.unlock()
    }

    /// Commits batches while there is work; ends after a second without any, so that a database
    /// closed (or a test's many databases) leaves no thread behind for long.
    private func runWriter() {
        while true {
            condition.lock()
            while queue.isEmpty {
                if !condition.wait(until: Date().addingTimeInterval(1)) && queue.isEmpty {
                    writerRunning = false
                    condition.unlock()
                    return
                }
            }
            let batch = queue
            queue.removeAll()
            condition.unlock()
            commit(batch)
        }
    }

    private func commit(_ batch: [Job]) {
        var failure: Error?
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    for job in batch {
                        // The job's own error is its outcome; the savepoint undoes only its changes.
                        try? db.inSavepoint {
                            job.run(db)
                            return job.failed ? .rollback : .commit
                        }
                    }
                    return .commit
                }
            }
        } catch {
            failure = error
        }
        condition.lock()
        committed += 1
        jobs += batch.count
        condition.unlock()
        for job in batch { job.finish(failure) }
    }

    /// One caller's work and the signal it waits for.
    private final class Job: @unchecked Sendable {
        private var work: ((Database) -> Bool)?
        private let done = DispatchSemaphore(value: 0)
        private var commitFailure: Error?
        private(set) var failed = false

        /// `work` keeps its own outcome and returns whether it succeeded (if not, its savepoint is rolled back).
        init(_ work: @escaping (Database) -> Bool) {
            self.work = work
        }

        func run(_ db: Database) { failed = !(work?(db) ?? false) }

        /// Called once the batch has committed (`failure` nil) or failed as a whole.
        func finish(_ failure: Error?) {
            commitFailure = failure
            work = nil  // the caller's closure must not outlive its call
            done.signal()
        }

        func wait() throws {
            done.wait()
            if let commitFailure { throw commitFailure }
        }
    }
}
