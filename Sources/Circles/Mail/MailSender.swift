import Foundation
import Logging
import Mail
import Store

/// Delivers the mail outbox to the relay (`--smtp-url`) in the background, one message at a time,
/// on one connection while messages are due (`SMTPSession`), closed when none is.
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
        /// Hears each failure of the sender's own work: "claim", "check-in", "open" or "record".
        var onFailure: (@Sendable (String) -> Void)?

        func backoff(after attempt: Int) -> Double {
            min(maxBackoff, retryBase * pow(2, Double(max(0, attempt - 1))))
        }
    }

    let name = "mail"
    private let database: AppDatabase
    private let mailer: Mailer
    private let session: SMTPSession
    private let settings: Settings
    private let logger: Logger

    private var worker: OutboxWorker<MailJob>!

    init(database: AppDatabase, mailer: Mailer, relay: SMTPRelay, settings: Settings = Settings(), logger: Logger) {
        self.database = database
        self.mailer = mailer
        self.settings = settings
        self.logger = logger
        session = SMTPSession(client: SMTPClient(relay: relay, timeouts: settings.timeouts))
        worker = OutboxWorker(
            table: "mail_outbox", threadName: "circles-mail", idlePoll: settings.idlePoll, database: database,
            claim: { [weak self] in try self?.claim() ?? .idle(nil) },
            deliver: { [weak self] in self?.deliver($0) },
            claimFailed: { [weak self] in self?.failed("claim", $0) })
    }

    /// Frees the claims a dead sender left, then starts the sender thread.
    func start() throws {
        try database.releaseMailClaims(now: WebhookTime.format(Date()))
        worker.start()
    }

    /// Stops claiming; a message being sent finishes (within the relay's timeouts) first.
    func stop() {
        worker.stop()
        session.close()
    }

    private func claim() throws -> OutboxWorker<MailJob>.Claim {
        let now = Date()
        let claimed = try database.claimMail(
            now: WebhookTime.format(now), leaseUntil: WebhookTime.format(now.addingTimeInterval(settings.lease)))
        if let job = claimed.job { return .job(job) }
        session.close()
        return .idle(claimed.nextDue.flatMap(WebhookTime.parse))
    }

    /// One attempt: open, send, record (with the audit entry of the address read). A check-in is first
    /// asked again whether it is still wanted and due (`FirstMeeting.decide`): it may wait, or be dropped.
    private func deliver(_ job: MailJob) {
        if job.kind == .referralCheckIn, let outcome = checkInHeldBack(job, now: Date()) {
            do {
                try database.recordMailAttempt(id: job.id, at: WebhookTime.format(Date()), outcome: outcome, audit: nil)
            } catch {
                failed("record", error)
            }
            return
        }
        let attempt = job.attempts + 1
        let outcome: SMTPOutcome
        var read: AuditEntry?
        do {
            let sealed = try mailer.open(job)
            read = AuditEntry(
                actor: "system", action: "mail.address_read", targetType: job.targetType, targetId: job.targetId,
                organizationId: job.organizationId, detail: "\(job.kind) \(job.messageId) attempt \(attempt)")
            guard let from = mailer.from else { return }
            outcome = session.send(from: from, to: sealed.to, message: [UInt8](sealed.message))
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

    /// Why a due check-in is not sent now (nil: send it): its first meeting moved later, or it is no
    /// longer wanted (the person answered or withdrew, the referral ended, they unsubscribed, the group is gone).
    private func checkInHeldBack(_ job: MailJob, now: Date) -> MailAttemptOutcome? {
        do {
            guard job.targetType == "referral", let id = Int64(job.targetId), let (referral, details) = try database.checkInState(referralId: id)
            else { return .notNeeded }
            switch FirstMeeting.decide(referral, group: details, now: now) {
            case .send: return nil
            case .wait(let until): return .postponed(until: WebhookTime.format(until))
            case .drop: return .notNeeded
            }
        } catch {
            failed("check-in", error)
            return .postponed(until: WebhookTime.format(now.addingTimeInterval(settings.retryBase)))
        }
    }

    private func failed(_ step: String, _ error: Error) {
        settings.onFailure?(step)
        logger.error("mail step failed", error: error, metadata: ["service": .string(name), "step": .string(step)])
    }
}
