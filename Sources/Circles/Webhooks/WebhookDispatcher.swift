import Foundation
import Logging
import Store

/// Delivers the webhook outbox in the background, never on a request thread.
///
/// A few sender threads (4 by default) each claim the row that is due first, POST it signed, log the
/// attempt and move the row on: delivered on 2xx, otherwise retried after `retryBase × 2^(attempt−1)`
/// seconds (capped at an hour) until `maxAttempts`, then given up (`failed_at`). A webhook has at most
/// one delivery in flight, so a dead or slow endpoint holds one sender and never the others.
/// Claiming pushes a row's next attempt a lease into the future: if the process dies mid-delivery
/// the row is tried again later (at-least-once; `Circles-Delivery` lets receivers drop repeats).
/// Senders wake at once when this process commits a new event (an `InsertSignal` on the outbox),
/// and look at least every `idlePoll` seconds for events other processes queued.
final class WebhookDispatcher: BackgroundService, @unchecked Sendable {
    /// How deliveries are paced; defaults fit production, tests shrink them.
    struct Settings: Sendable {
        /// Seconds before the first retry; each later retry waits twice as long.
        var retryBase: Double = 10
        var maxBackoff: Double = 3600
        /// Attempts before a row is given up.
        var maxAttempts = 8
        /// Sender threads, so deliveries in flight at once.
        var concurrency = 4
        /// Seconds for one attempt (connect, send, response head).
        var timeout: Double = 5
        /// Seconds a claimed row stays hidden from other senders.
        var lease: Double = 60
        /// Longest sleep between looks at the outbox (rows written by another process are seen this late).
        var idlePoll: Double = 1
        /// The addresses deliveries may reach (public ones; tests allow loopback).
        var targets = WebhookTargets()
        /// Hears each attempt's outcome: "delivered", "retry" or "failed" (for metrics).
        var onAttempt: (@Sendable (String) -> Void)?
        /// Hears each failure of the senders' own work: "claim" or "record" (for metrics).
        var onFailure: (@Sendable (String) -> Void)?

        /// The wait after the `attempt`-th failed attempt (1-based).
        func backoff(after attempt: Int) -> Double {
            min(maxBackoff, retryBase * pow(2, Double(max(0, attempt - 1))))
        }
    }

    let name = "webhooks"
    let database: AppDatabase
    let sealer: Sealer
    let settings: Settings
    private let logger: Logger
    private let client: WebhookClient
    private let tlsClient: TLSWebhookClient

    private let condition = NSCondition()
    private var started = false
    private var stopped = false
    private var wakeups = 0
    private var signal: InsertSignal?
    private let claimLock = NSLock()
    /// Webhooks with a delivery in flight (guarded by `claimLock`).
    private var inFlight: Set<Int64> = []
    private let finished = DispatchGroup()

    init(database: AppDatabase, sealer: Sealer, settings: Settings = Settings(), logger: Logger = Logger(label: "circles")) {
        self.database = database
        self.sealer = sealer
        self.settings = settings
        self.logger = logger
        client = WebhookClient(timeout: settings.timeout, targets: settings.targets)
        tlsClient = TLSWebhookClient(timeout: settings.timeout, targets: settings.targets)
    }

    /// Starts the sender threads, woken by every commit of this process that queues an event.
    func start() {
        condition.lock()
        defer { condition.unlock() }
        guard !started && !stopped else { return }
        started = true
        signal = database.signalInserts(into: "webhook_outbox") { [weak self] in self?.wake() }
        for index in 0..<max(1, settings.concurrency) {
            finished.enter()
            let thread = Thread { [self] in
                run()
                finished.leave()
            }
            thread.name = "circles-webhooks-\(index)"
            thread.start()
        }
    }

    /// Stops claiming, lets deliveries in flight finish (at most `timeout`), and waits for the threads.
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

    /// Makes idle senders look at the outbox now.
    func wake() {
        condition.lock()
        wakeups &+= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Days a finished delivery (and its attempts) stays in the outbox and the delivery log.
    static let deliveryLogDays = 30

    /// Deletes deliveries that ended (delivered or given up) over `days` ago (the hourly job).
    static func pruneDeliveryLog(_ database: AppDatabase, olderThanDays days: Int, now: Date = Date()) throws {
        let cutoff = WebhookTime.format(now.addingTimeInterval(Double(-days) * 86_400))
        try database.pruneWebhookOutbox(before: cutoff)
    }

    // MARK: - Senders

    private enum Claim {
        case job(WebhookJob)
        /// Nothing due; the earliest pending row is due then (if any).
        case idle(Date?)
    }

    private func run() {
        while true {
            condition.lock()
            if stopped { condition.unlock(); return }
            let ticket = wakeups
            condition.unlock()
            let claim: Claim
            do { claim = try self.claim() } catch {
                failed("claim", error)
                claim = .idle(nil)
            }
            switch claim {
            case .job(let job):
                deliver(job)
            case .idle(let due):
                let wait = max(0.005, min(settings.idlePoll, due?.timeIntervalSinceNow ?? settings.idlePoll))
                condition.lock()
                if !stopped && wakeups == ticket { _ = condition.wait(until: Date().addingTimeInterval(wait)) }
                condition.unlock()
            }
        }
    }

    private func claim() throws -> Claim {
        claimLock.lock()
        defer { claimLock.unlock() }
        let busy = inFlight
        let now = Date()
        let claimed = try database.claimWebhookDelivery(
            now: WebhookTime.format(now), leaseUntil: WebhookTime.format(now.addingTimeInterval(settings.lease)),
            excluding: busy)
        if let job = claimed.job {
            inFlight.insert(job.webhookId)
            return .job(job)
        }
        return .idle(claimed.nextDue.flatMap(WebhookTime.parse))
    }

    /// One attempt: sign, send, log, and schedule what comes next.
    private func deliver(_ job: WebhookJob) {
        defer {
            claimLock.lock()
            inFlight.remove(job.webhookId)
            claimLock.unlock()
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let attempt = job.attempts + 1
        var outcome: WebhookClient.Outcome
        var permanent = false
        let body = Array(job.payload.utf8)
        switch (WebhookURL.parse(job.url), openSecret(job)) {
        case (.failure(let problem), _):
            outcome = .failure("the webhook's address is not usable: \(problem.message)")
            permanent = true
        case (.success(let url), _) where settings.targets.refusal(host: url.host) != nil:
            outcome = .failure(WebhookClient.notPublic)
            permanent = true
        case (_, nil):
            outcome = .failure("the signing secret cannot be opened (was the server key replaced?)")
            permanent = true
        case (.success(let url), .some(let secret)):
            let timestamp = Int(Date().timeIntervalSince1970)
            let send = url.isHTTPS ? tlsClient.post : client.post
            outcome = send(
                url,
                [
                    ("User-Agent", "Circles-Webhooks/1"),
                    ("Content-Type", "application/json"),
                    ("Circles-Event", job.event.rawValue),
                    ("Circles-Delivery", String(job.outboxId)),
                    ("Circles-Signature", WebhookSignature.header(secret: secret, timestamp: timestamp, body: body)),
                ], body)
        }
        if let status = outcome.statusCode, !(200...299).contains(status), outcome.error.isEmpty {
            outcome.error = "the receiver answered \(status)"
        }
        let finished = Date()
        let result: WebhookAttemptOutcome
        if let status = outcome.statusCode, (200...299).contains(status) {
            result = .delivered
        } else if permanent || attempt >= settings.maxAttempts {
            result = .failed
        } else {
            result = .retry(at: WebhookTime.format(finished.addingTimeInterval(settings.backoff(after: attempt))))
        }
        let milliseconds = Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        switch result {
        case .delivered: settings.onAttempt?("delivered")
        case .failed: settings.onAttempt?("failed")
        case .retry: settings.onAttempt?("retry")
        }
        do {
            try database.recordWebhookAttempt(
                outboxId: job.outboxId, attemptedAt: WebhookTime.format(finished), statusCode: outcome.statusCode,
                error: outcome.error, durationMs: milliseconds, outcome: result)
        } catch {
            // The lease runs out and the row is tried again.
            failed("record", error)
        }
    }

    private func openSecret(_ job: WebhookJob) -> String? {
        guard let bytes = try? sealer.open([UInt8](job.sealedSecret), context: "webhook:\(job.webhookId)") else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Logs a failure of the senders' own work (the step and the error's type, never a payload) and counts it.
    private func failed(_ step: String, _ error: Error) {
        settings.onFailure?(step)
        logger.error("webhook step failed", error: error, metadata: ["service": .string(name), "step": .string(step)])
    }
}
