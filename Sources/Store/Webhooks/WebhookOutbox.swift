import Foundation
import GRDB

/// An event announced to one organization's webhooks: its name and its data (ids, statuses and
/// links: never anything about the person).
public struct OutboxEvent: Sendable, Equatable {
    public var name: WebhookEvent
    public var organizationId: Int64
    public var data: [String: OutboxValue]

    public init(name: WebhookEvent, organizationId: Int64, data: [String: OutboxValue]) {
        self.name = name
        self.organizationId = organizationId
        self.data = data
    }
}

/// Writes webhook events to the outbox, in the transaction of the change they announce: the event
/// exists exactly when the change committed, and the request never waits for a delivery.
public enum WebhookOutbox {
    /// The only keys an event's `data` may hold: ids, statuses and links. Never anything about the person.
    public static let allowedDataKeys: Set<String> = [
        "referral_id", "group_id", "organization_id", "status", "fhir_status", "previous_status", "urgent", "crisis_language", "link",
    ]

    /// Queues `event` for every active webhook of its organization that subscribed to it, in the
    /// caller's transaction; returns how many rows were queued. The dispatcher's `InsertSignal`
    /// wakes the senders once the transaction commits.
    @discardableResult
    public static func enqueue(_ event: OutboxEvent, in db: Database) throws -> Int {
        let subscribers = try WebhookWrites.subscribers(organizationId: event.organizationId, event: event.name, in: db)
        guard !subscribers.isEmpty else { return 0 }
        let unexpected = event.data.keys.filter { !allowedDataKeys.contains($0) }
        assert(unexpected.isEmpty, "webhook data may carry ids and links only; add \(unexpected.sorted()) to allowedDataKeys only if it is not personal data")
        let data = event.data.filter { allowedDataKeys.contains($0.key) }
        let now = Date()
        let createdAt = Timestamp.format(now)
        for webhook in subscribers {
            try WebhookWrites.enqueue(webhookId: webhook.id!, event: event.name, createdAt: createdAt, nextAttemptAt: WebhookTime.format(now), in: db) { id in
                try body(id: id, event: event.name, createdAt: createdAt, data: data)
            }
        }
        return subscribers.count
    }

    /// The JSON that is POSTed: `{"created_at":…,"data":{…},"event":…,"id":"<outbox id>"}`, keys sorted.
    static func body(id: Int64, event: WebhookEvent, createdAt: String, data: [String: OutboxValue]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Envelope(id: String(id), event: event, createdAt: createdAt, data: data)), as: UTF8.self)
    }

    private struct Envelope: Encodable {
        var id: String
        var event: WebhookEvent
        var createdAt: String
        var data: [String: OutboxValue]

        enum CodingKeys: String, CodingKey {
            case id, event, data
            case createdAt = "created_at"
        }
    }
}

/// A value of an event's data: text (statuses, links), an id written as a JSON integer (`"referral_id": 42`,
/// as the API writes it), or a yes/no flag written as a JSON boolean (`"urgent": true`), so that a receiver
/// never has to compare with the string "true". `webhooks` in `Public/openapi.json` describes each event.
public enum OutboxValue: Sendable, Equatable, Encodable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral {
    case text(String)
    case number(Int64)
    case flag(Bool)

    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .flag(value) }
    public init(integerLiteral value: Int64) { self = .number(value) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .flag(let flag): try container.encode(flag)
        }
    }
}
