import Foundation
import Store

/// The threads that drain one outbox table: the lifecycle the webhook dispatcher and the mail sender
/// share, while each keeps what it does with a row (how it claims one, how it delivers it).
///
/// Each thread claims the row due first and delivers it, or, when nothing is due, sleeps until the
/// earliest pending row is due, at most `idlePoll` seconds (rows other processes queue are seen this
/// late). A commit of this process that inserts into `table` wakes the sleepers at once (an
/// `InsertSignal`). `stop()` stops claiming and waits for deliveries in flight to finish; their own
/// timeouts bound that wait.
final class OutboxWorker<Job>: @unchecked Sendable {
    /// What one look at the outbox found.
    enum Claim {
        case job(Job)
        /// Nothing due; the earliest pending row is due then (if any).
        case idle(Date?)
    }

    private let table: String
    private let threadName: String
    private let threads: Int
    private let idlePoll: Double
    private let database: AppDatabase
    private let claim: () throws -> Claim
    private let deliver: (Job) -> Void
    private let claimFailed: (Error) -> Void

    private let condition = NSCondition()
    private var started = false
    private var stopped = false
    private var wakeups = 0
    private var signal: InsertSignal?
    private let finished = DispatchGroup()

    /// - Parameters:
    ///   - claim: takes the row due first (leased to this thread), or says when the next one is due.
    ///   - deliver: one attempt at a claimed row, recording its outcome.
    ///   - claimFailed: told when `claim` throws (the thread then sleeps as if idle).
    init(
        table: String, threadName: String, threads: Int = 1, idlePoll: Double, database: AppDatabase,
        claim: @escaping () throws -> Claim, deliver: @escaping (Job) -> Void, claimFailed: @escaping (Error) -> Void
    ) {
        self.table = table
        self.threadName = threadName
        self.threads = max(1, threads)
        self.idlePoll = idlePoll
        self.database = database
        self.claim = claim
        self.deliver = deliver
        self.claimFailed = claimFailed
    }

    /// Starts the threads; a second call, or a call after `stop()`, does nothing.
    func start() {
        condition.lock()
        defer { condition.unlock() }
        guard !started && !stopped else { return }
        started = true
        signal = database.signalInserts(into: table) { [weak self] in self?.wake() }
        for index in 0..<threads {
            finished.enter()
            let thread = Thread { [self] in
                run()
                finished.leave()
            }
            thread.name = threads == 1 ? threadName : "\(threadName)-\(index)"
            thread.start()
        }
    }

    /// Stops claiming, lets deliveries in flight finish, and waits for the threads. Safe to call twice.
    func stop() {
        condition.lock()
        stopped = true
        let signal = self.signal
        self.signal = nil
        condition.broadcast()
        condition.unlock()
        if let signal { database.stopSignal(signal) }
        finished.wait()
    }

    /// Makes idle threads look at the outbox now.
    func wake() {
        condition.lock()
        wakeups &+= 1
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            if stopped { condition.unlock(); return }
            let ticket = wakeups
            condition.unlock()
            let found: Claim
            do { found = try claim() } catch {
                claimFailed(error)
                found = .idle(nil)
            }
            switch found {
            case .job(let job):
                deliver(job)
            case .idle(let due):
                let wait = max(0.005, min(idlePoll, due?.timeIntervalSinceNow ?? idlePoll))
                condition.lock()
                if !stopped && wakeups == ticket { _ = condition.wait(until: Date().addingTimeInterval(wait)) }
                condition.unlock()
            }
        }
    }
}
