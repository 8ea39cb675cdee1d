import Foundation
import Logging

/// A background thread that runs a list of steps every `interval` seconds, and once at start.
///
/// Each step runs on its own: one that throws is logged (the error's type only) and counted, and
/// the steps after it still run. Nothing is swallowed: a purge that fails silently would keep
/// personal data past its retention.
final class PeriodicJob: BackgroundService, @unchecked Sendable {
    /// One piece of work of a round.
    struct Step: Sendable {
        var name: String
        var run: @Sendable () throws -> Void

        init(_ name: String, _ run: @escaping @Sendable () throws -> Void) {
            self.name = name
            self.run = run
        }
    }

    let name: String
    let interval: TimeInterval
    let steps: [Step]
    private let logger: Logger
    private let onFailure: @Sendable (_ step: String) -> Void

    private let condition = NSCondition()
    private var stopped = false
    private var thread: Thread?
    private var failureCount = 0
    private let finished = DispatchSemaphore(value: 0)

    /// `onFailure` hears the name of each step that failed (for metrics).
    init(
        name: String, interval: TimeInterval, logger: Logger, onFailure: @escaping @Sendable (_ step: String) -> Void = { _ in },
        steps: [Step]
    ) {
        self.name = name
        self.interval = interval
        self.steps = steps
        self.logger = logger
        self.onFailure = onFailure
    }

    /// How many steps have failed since the job was made.
    var failures: Int {
        condition.lock()
        defer { condition.unlock() }
        return failureCount
    }

    /// Runs a first round on the calling thread, then starts the thread for the later ones.
    func start() {
        condition.lock()
        let startable = thread == nil && !stopped
        condition.unlock()
        guard startable else { return }
        runRound()
        let thread = Thread { [self] in
            while true {
                condition.lock()
                if !stopped { _ = condition.wait(until: Date().addingTimeInterval(interval)) }
                let done = stopped
                condition.unlock()
                if done { break }
                runRound()
            }
            finished.signal()
        }
        thread.name = "circles-\(name)"
        condition.lock()
        defer { condition.unlock() }
        guard !stopped else { return }
        self.thread = thread
        thread.start()
    }

    func stop() {
        condition.lock()
        let running = thread != nil && !stopped
        stopped = true
        condition.broadcast()
        condition.unlock()
        if running { finished.wait() }
    }

    /// Every step once, each failure logged and counted.
    func runRound() {
        for step in steps {
            do {
                try step.run()
            } catch {
                condition.lock()
                failureCount += 1
                condition.unlock()
                onFailure(step.name)
                logger.error("background step failed", error: error, metadata: ["service": .string(name), "step": .string(step.name)])
            }
        }
    }
}
