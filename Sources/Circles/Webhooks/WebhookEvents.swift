import Foundation
import GRDB
import Store

/// Writes webhook events to the outbox, in the transaction of the change they announce:
/// the event exists exactly when the change committed, and the request never waits for a delivery.
enum WebhookEvents {
    /// Every event a webhook may subscribe to.
    static let all = ["referral.created", "referral.status_changed"]

    /// The only keys an event's `data` may hold: ids, statuses and links. Never anything about the person.
    static let allowedDataKeys: Set<String> = ["referral_id", "group_id", "organization_id", "status", "fhir_status", "previous_status", "urgent", "link"]

    /// Queues `event` for every active webhook of the organization that subscribed to it.
    /// The payload carries ids and links only, never personal data.
    static func enqueue(_ event: String, organizationId: Int64, payload: [String: String], in db: Database) throws {
        let subscribers = try WebhookWrites.subscribers(organizationId: organizationId, event: event, in: db)
        guard !subscribers.isEmpty else { return }
        let unexpected = payload.keys.filter { !allowedDataKeys.contains($0) }
        assert(unexpected.isEmpty, "webhook data may carry ids and links only; add \(unexpected.sorted()) to allowedDataKeys only if it is not personal data")
        let data = payload.filter { allowedDataKeys.contains($0.key) }
        let now = Date()
        let createdAt = Timestamp.format(now)
        for webhook in subscribers {
            try WebhookWrites.enqueue(webhookId: webhook.id!, event: event, createdAt: createdAt, nextAttemptAt: WebhookTime.format(now), in: db) { id in
                try body(id: id, event: event, createdAt: createdAt, data: data)
            }
        }
        // The dispatcher's `InsertSignal` wakes the senders once this commits.
    }

    /// The JSON that is POSTed: `{"created_at":…,"data":{…},"event":…,"id":"<outbox id>"}`, keys sorted.
    static func body(id: Int64, event: String, createdAt: String, data: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Envelope(id: String(id), event: event, createdAt: createdAt, data: data)), as: UTF8.self)
    }

    private struct Envelope: Encodable {
        var id: String
        var event: String
        var createdAt: String
        var data: [String: String]

        enum CodingKeys: String, CodingKey {
            case id, event, data
            case createdAt = "created_at"
        }
    }
}
