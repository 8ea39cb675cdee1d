import Foundation
import Logging
import Mail
import Store

/// Delivers the mail outbox to the relay (`--smtp-url`) in the background, one message at a time.
///
/// It claims the message due first (hiding it for `lease`), opens it — an audited read of the
/// recipient's address — and hands it to the relay. Sent: its sealed content is erased. A `4xx`
/// answer or no answer: tried again after `retryBase × 2^(attempt−1)` seconds (at most an hour),
/// until `maxAttempts`. A `5xx` answer: given up at once, and shown in the console. Every attempt
/// carries the message's stored `Message-ID`, so when the process dies between the relay's `250`
/// and the record of it, the repeat is the same message and the relay or the reader recognises it.
/// It wakes when this process commits a message, and looks every `idlePoll` seconds otherwise.
final class MailSender: BackgroundService, @unchecked Sendable {
    struct Settings: Sendable {
        var retryBase: Double = 30
        var maxBackoff: Double = 3600
        var maxAttempts = 12
        /// Longer than one attempt can last (the client's timeouts).
        var lease: Double = 900
        var idlePoll: Double = 1
        var timeouts = SMTPClient.Timeouts()
        /// Hears each attempt's outcome: "sent", "retry" or "failed".
        var onAttempt: (@Sendable (String) -> Void)?
        /// Hears each failure of the sender's own work: "claim", "open" or "record".
        var onFailure: (@Sendable (String) -> Void)?

        func backoff(after attempt: Int) -> Double {
            min(maxBackoff, retryBase * pow(2, Double(max(0, attempt - 1))))
        }
    }

    let name = "mail"
    private let database: AppDatabase
    private let mailer: Mailer
    private let client: SMTPClient
    private let settings: Settings
    private let logger: Logger

    private let condition = NSCondition()
    private var started = false
    private var stopped = false
    private var wakeups = 0
    private var signal: InsertSignal?
    private let finished = DispatchGroup()

    init(database: AppDatabase, mailer: Mailer, relay: SMTPRelay, settings: Settings = Settings(), logger: Logger) {
        self.database = database
        self.mailer = mailer
        self.settings = settings
        self.logger = logger
        client = SMTPClient(relay: relay, timeouts: settings.timeouts)
    }

    func start() throws {
        try database.releaseMailClaims(now: WebhookTime.format(Date()))
        condition.lock()
        defer { condition.unlock() }
        guard !started && !stopped else { return }
        started = true
        signal = database.signalInserts(into: "mail_outbox") { [weak self] in self?.wake() }
        finished.enter()
        let thread = Thread { [self] in
            run()
            finished.leave()
        }
        thread.name = "circles-mail"
        thread.start()
    }

    /// Stops claiming; a message being sent finishes (within the relay's timeouts) first.
    func stop() {
        condition.lock()
        let wasStarted = started
        stopped = true
        let signal = self.signal
        self.signal = nil
        condition.broadcast()
        condition.unlock()
        if let signal { database.stopSignal(signal) }
        if wasStarted { finished.wait() }
    }

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
            var due: Date?
            do {
                let now = Date()
                let claimed = try database.claimMail(
                    now: WebhookTime.format(now), leaseUntil: WebhookTime.format(now.addingTimeInterval(settings.lease)))
                if let job = claimed.job {
                    deliver(job)
                    continue
                }
                due = claimed.nextDue.flatMap(WebhookTime.parse)
            } catch {
                failed("claim", error)
            }
            let wait = max(0.005, min(settings.idlePoll, due?.timeIntervalSinceNow ?? settings.idlePoll))
            condition.lock()
            if !stopped && wakeups == ticket { _ = condition.wait(until: Date().addingTimeInterval(wait)) }
            condition.unlock()
        }
    }

    /// One attempt: open, send, record (with the audit entry of the address read).
    private func deliver(_ job: MailJob) {
        let attempt = job.attempts + 1
        let outcome: SMTPOutcome
        var read: AuditEntry?
        do {
            let sealed = try mailer.open(job)
            read = AuditEntry(
                actor: "system", action: "mail.address_read", targetType: job.targetType, targetId: job.targetId,
                organizationId: job.organizationId, detail: "\(job.kind) \(job.messageId) attempt \(attempt)")
            guard let from = mailer.from else { return }
            outcome = client.send(from: from, to: sealed.to, message: [UInt8](sealed.message))
        } catch {
            failed("open", error)
            outcome = .permanent("the message cannot be opened (was the server key replaced?)")
        }
        let now = Date()
        let result: MailAttemptOutcome
        switch outcome {
        case .sent:
            result = .sent
            settings.onAttempt?("sent")
        case .transient(let error) where attempt < settings.maxAttempts:
            result = .retry(at: WebhookTime.format(now.addingTimeInterval(settings.backoff(after: attempt))), error: error)
            settings.onAttempt?("retry")
        case .transient(let error), .permanent(let error):
            result = .failed(error: error)
            settings.onAttempt?("failed")
            logger.warning("mail given up", metadata: ["kind": .string(job.kind.rawValue), "attempts": .stringConvertible(attempt)])
        }
        do {
            try database.recordMailAttempt(id: job.id, at: WebhookTime.format(now), outcome: result, audit: read)
        } catch {
            // The lease runs out and the message is tried again, with the same Message-ID.
            failed("record", error)
        }
    }

    private func failed(_ step: String, _ error: Error) {
        settings.onFailure?(step)
        logger.error("mail step failed", error: error, metadata: ["service": .string(name), "step": .string(step)])
    }
}
