import Foundation
import GRDB

/// An organization's subscription: where to POST which events, signed with a secret sealed at rest.
public struct WebhookRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "webhooks"
    public var id: Int64?
    public var organizationId: Int64
    public var url: String
    /// The signing secret, sealed by the caller (AES-GCM bound to "webhook:<id>").
    public var secret: Data
    /// Comma-separated event names (`eventList` reads them).
    public var events: String
    public var active = true
    public var createdAt: Timestamp

    public init(organizationId: Int64, url: String, events: [WebhookEvent]) {
        self.organizationId = organizationId
        self.url = url
        self.secret = Data()
        self.events = events.map(\.rawValue).joined(separator: ",")
        self.createdAt = Timestamp.now()
    }

    /// The subscribed events as a list (a name this version does not know is left out).
    public var eventList: [WebhookEvent] { events.split(separator: ",").compactMap { WebhookEvent(rawValue: String($0)) } }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One event for one webhook, written in the transaction of the change it announces.
public struct WebhookOutboxRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "webhook_outbox"
    public var id: Int64?
    public var webhookId: Int64
    public var event: WebhookEvent
    public var payload: String
    public var createdAt: String
    public var attempts = 0
    public var nextAttemptAt: String
    public var deliveredAt: String?
    public var failedAt: String?

    public init(webhookId: Int64, event: WebhookEvent, payload: String, createdAt: String, nextAttemptAt: String) {
        self.webhookId = webhookId
        self.event = event
        self.payload = payload
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One attempt to deliver an outbox row, as the delivery log shows it (joined with its outbox row).
public struct WebhookDeliveryEntry: FetchableRecord, Sendable, Equatable {
    public var id: Int64
    public var outboxId: Int64
    public var event: WebhookEvent
    /// 1 for the first attempt at this outbox row, 2 for the first retry, …
    public var attempt: Int
    public var statusCode: Int?
    public var error: String
    public var durationMs: Int
    public var attemptedAt: String
    /// The outbox row's state now: its attempts so far and when it was delivered, given up or is next tried.
    public var attempts: Int
    public var nextAttemptAt: String
    public var deliveredAt: String?
    public var failedAt: String?

    public init(row: Row) throws {
        id = row["id"]
        outboxId = row["outbox_id"]
        event = try row.decode(forColumn: "event")
        attempt = row["attempt"]
        statusCode = row["status_code"]
        error = row["error"]
        durationMs = row["duration_ms"]
        attemptedAt = row["attempted_at"]
        attempts = row["attempts"]
        nextAttemptAt = row["next_attempt_at"]
        deliveredAt = row["delivered_at"]
        failedAt = row["failed_at"]
    }
}

/// An outbox row claimed for delivery, with what the sender needs from its webhook.
public struct WebhookJob: Sendable, Equatable {
    public var outboxId: Int64
    public var webhookId: Int64
    public var event: WebhookEvent
    public var payload: String
    /// Attempts made before this one.
    public var attempts: Int
    public var url: String
    public var sealedSecret: Data
}

/// What became of one delivery attempt.
public enum WebhookAttemptOutcome: Sendable, Equatable {
    case delivered
    case retry(at: String)
    case failed
}

/// Millisecond RFC 3339 UTC times for the outbox schedule: retries may be a fraction of a second apart
/// (in tests), and these strings sort in time order as long as every one has the same shape.
public enum WebhookTime {
    public static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let millis = min(999, Int(((date.timeIntervalSince1970 - seconds) * 1000).rounded(.down)))
        let whole = Timestamp.format(Date(timeIntervalSince1970: seconds))
        let fraction = String(millis)
        return String(whole.dropLast()) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "Z"
    }

    public static func parse(_ text: String) -> Date? { Timestamp.parse(text) }
}

/// The SQL of webhooks, their outbox and their delivery log.
public enum WebhookWrites {
    /// Inserts a webhook, then lets `seal` fill its secret (sealing binds it to the new id), in the caller's transaction.
    public static func insert(_ webhook: WebhookRecord, in db: Database, seal: (Int64) throws -> Data) throws -> WebhookRecord {
        var record = webhook
        try record.insert(db)
        record.secret = try seal(record.id!)
        try db.execute(sql: "UPDATE webhooks SET secret = ? WHERE id = ?", arguments: [record.secret, record.id])
        return record
    }

    public static func webhook(id: Int64, in db: Database) throws -> WebhookRecord? {
        try WebhookRecord.fetchOne(db, id: id)
    }

    /// An organization's webhooks, oldest first.
    public static func webhooks(organizationId: Int64, in db: Database) throws -> [WebhookRecord] {
        try WebhookRecord.filter(Column("organization_id") == organizationId).order(Column("id")).fetchAll(db)
    }

    /// Deletes a webhook with its outbox and delivery log (pending deliveries stop). Returns whether it existed.
    @discardableResult
    public static func delete(id: Int64, in db: Database) throws -> Bool {
        try db.execute(sql: "DELETE FROM webhooks WHERE id = ?", arguments: [id])
        return db.changesCount > 0
    }

    /// The active webhooks of an organization that subscribed to `event`.
    public static func subscribers(organizationId: Int64, event: WebhookEvent, in db: Database) throws -> [WebhookRecord] {
        try WebhookRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM webhooks WHERE organization_id = ? AND active = 1 ORDER BY id"), arguments: [organizationId]
        ).filter { $0.eventList.contains(event) }
    }

    /// Adds an outbox row; `payload` receives the new row's id (the payload names its own delivery).
    @discardableResult
    public static func enqueue(
        webhookId: Int64, event: WebhookEvent, createdAt: String, nextAttemptAt: String,
        in db: Database, payload: (Int64) throws -> String
    ) throws -> Int64 {
        var row = WebhookOutboxRecord(webhookId: webhookId, event: event, payload: "", createdAt: createdAt, nextAttemptAt: nextAttemptAt)
        try row.insert(db)
        try db.cachedStatement(sql: "UPDATE webhook_outbox SET payload = ? WHERE id = ?").execute(arguments: [try payload(row.id!), row.id])
        return row.id!
    }

    /// Claims the outbox row that is due first, skipping webhooks in `busy`, by moving its next attempt
    /// to `leaseUntil`: no other sender takes it meanwhile, and if this process dies it is retried then.
    public static func claimNext(now: String, leaseUntil: String, excluding busy: Set<Int64>, in db: Database) throws -> WebhookJob? {
        let skip = busy.isEmpty ? "" : "AND o.webhook_id NOT IN (\(busy.map { String($0) }.joined(separator: ",")))"
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT o.id, o.webhook_id, o.event, o.payload, o.attempts, w.url, w.secret
                    FROM webhook_outbox o JOIN webhooks w ON w.id = o.webhook_id
                    WHERE o.delivered_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= ? AND w.active = 1 \(skip)
                    ORDER BY o.next_attempt_at, o.id LIMIT 1
                    """, arguments: [now])
        else { return nil }
        let job = WebhookJob(
            outboxId: row["id"], webhookId: row["webhook_id"], event: try row.decode(forColumn: "event"), payload: row["payload"],
            attempts: row["attempts"], url: row["url"], sealedSecret: row["secret"])
        try db.execute(sql: "UPDATE webhook_outbox SET next_attempt_at = ? WHERE id = ?", arguments: [leaseUntil, job.outboxId])
        return job
    }

    /// Outbox rows neither delivered nor given up (the partial index `webhook_outbox_due` holds exactly these).
    public static func pendingCount(in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM webhook_outbox WHERE delivered_at IS NULL AND failed_at IS NULL") ?? 0
    }

    /// Deletes outbox rows delivered or given up before `cutoff` (RFC 3339), with their delivery
    /// logs (cascade), so the outbox does not grow forever; returns how many rows went.
    @discardableResult
    public static func pruneFinished(before cutoff: String, in db: Database) throws -> Int {
        try db.execute(sql: "DELETE FROM webhook_outbox WHERE delivered_at < ? OR failed_at < ?", arguments: [cutoff, cutoff])
        return db.changesCount
    }

    /// When the earliest row that `claimNext` could take is due, if any (so idle senders sleep until then).
    public static func nextDue(excluding busy: Set<Int64>, in db: Database) throws -> String? {
        let skip = busy.isEmpty ? "" : "AND o.webhook_id NOT IN (\(busy.map { String($0) }.joined(separator: ",")))"
        return try String.fetchOne(
            db,
            sql: """
                SELECT min(o.next_attempt_at) FROM webhook_outbox o JOIN webhooks w ON w.id = o.webhook_id
                WHERE o.delivered_at IS NULL AND o.failed_at IS NULL AND w.active = 1 \(skip)
                """)
    }

    /// Logs one attempt and moves the outbox row on. Nothing happens when the webhook was deleted meanwhile.
    public static func recordAttempt(
        outboxId: Int64, attemptedAt: String, statusCode: Int?, error: String, durationMs: Int,
        outcome: WebhookAttemptOutcome, in db: Database
    ) throws {
        switch outcome {
        case .delivered:
            try db.execute(sql: "UPDATE webhook_outbox SET attempts = attempts + 1, delivered_at = ? WHERE id = ?", arguments: [attemptedAt, outboxId])
        case .failed:
            try db.execute(sql: "UPDATE webhook_outbox SET attempts = attempts + 1, failed_at = ? WHERE id = ?", arguments: [attemptedAt, outboxId])
        case .retry(let at):
            try db.execute(sql: "UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?", arguments: [at, outboxId])
        }
        guard db.changesCount > 0 else { return }
        try db.execute(
            sql: """
                INSERT INTO webhook_deliveries (outbox_id, attempted_at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?)
                """, arguments: [outboxId, attemptedAt, statusCode, error, durationMs])
    }

    /// A webhook's delivery attempts, newest first, before the attempt with id `beforeId`.
    public static func deliveries(webhookId: Int64, beforeId: Int64?, limit: Int, in db: Database) throws -> [WebhookDeliveryEntry] {
        try WebhookDeliveryEntry.fetchAll(
            db,
            sql: """
                SELECT d.id, d.outbox_id, o.event, d.status_code, d.error, d.duration_ms, d.attempted_at,
                       (SELECT count(*) FROM webhook_deliveries e WHERE e.outbox_id = d.outbox_id AND e.id <= d.id) AS attempt,
                       o.attempts, o.next_attempt_at, o.delivered_at, o.failed_at
                FROM webhook_outbox o JOIN webhook_deliveries d ON d.outbox_id = o.id
                WHERE o.webhook_id = ? AND d.id < ?
                ORDER BY d.id DESC LIMIT ?
                """, arguments: [webhookId, beforeId ?? Int64.max, limit])
    }
}
