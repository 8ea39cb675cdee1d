import Foundation
import GRDB

/// An organization's webhooks as the routes ask for them: each function one transaction.
extension AppDatabase {
    /// Stores a webhook of an existing organization (`.notFound` otherwise); `seal` seals its secret
    /// bound to the new id, and `audit`, naming the new webhook, commits with it.
    public func createWebhook(_ webhook: WebhookRecord, seal: (Int64) throws -> Data, audit: AuditEntry) throws -> WebhookRecord {
        try pool.write { db in
            guard try OrganizationRecord.fetchOne(db, id: webhook.organizationId) != nil else { throw StoreFailure.notFound }
            let saved = try WebhookWrites.insert(webhook, in: db, seal: seal)
            var audit = audit
            audit.targetId = String(saved.id!)
            try AuditWrites.record(audit, in: db)
            return saved
        }
    }

    /// An organization's webhooks, oldest first.
    public func webhooks(organizationId: Int64) throws -> [WebhookRecord] {
        try pool.read { try WebhookWrites.webhooks(organizationId: organizationId, in: $0) }
    }

    public func webhook(id: Int64) throws -> WebhookRecord? {
        try pool.read { try WebhookWrites.webhook(id: id, in: $0) }
    }

    /// Deletes a webhook with its outbox and delivery log, writing `audit` in the same transaction;
    /// `.notFound` when it is already gone.
    public func deleteWebhook(id: Int64, audit: AuditEntry) throws {
        try pool.write { db in
            guard try WebhookWrites.delete(id: id, in: db) else { throw StoreFailure.notFound }
            try AuditWrites.record(audit, in: db)
        }
    }

    /// A webhook's delivery attempts, newest first, before the attempt `beforeId`.
    public func webhookDeliveries(webhookId: Int64, beforeId: Int64?, limit: Int) throws -> [WebhookDeliveryEntry] {
        try pool.read { try WebhookWrites.deliveries(webhookId: webhookId, beforeId: beforeId, limit: limit, in: $0) }
    }
}

/// The outbox as the dispatcher works it: each function one transaction.
extension AppDatabase {
    /// Claims the outbox row due first at `now` (skipping webhooks in `busy`), hidden from other senders
    /// until `leaseUntil`; when none is due, says when the earliest one will be (RFC 3339, nil: none pending).
    public func claimWebhookDelivery(now: String, leaseUntil: String, excluding busy: Set<Int64>) throws -> (job: WebhookJob?, nextDue: String?) {
        try pool.write { db in
            if let job = try WebhookWrites.claimNext(now: now, leaseUntil: leaseUntil, excluding: busy, in: db) { return (job, nil) }
            return (nil, try WebhookWrites.nextDue(excluding: busy, in: db))
        }
    }

    /// Logs one delivery attempt and moves its outbox row on (nothing when the webhook was deleted meanwhile).
    public func recordWebhookAttempt(
        outboxId: Int64, attemptedAt: String, statusCode: Int?, error: String, durationMs: Int,
        outcome: WebhookAttemptOutcome
    ) throws {
        try pool.write { db in
            try WebhookWrites.recordAttempt(
                outboxId: outboxId, attemptedAt: attemptedAt, statusCode: statusCode, error: error,
                durationMs: durationMs, outcome: outcome, in: db)
        }
    }

    /// Deletes outbox rows delivered or given up before `cutoff`, with their attempts; returns how many went.
    @discardableResult
    public func pruneWebhookOutbox(before cutoff: String) throws -> Int {
        try pool.write { try WebhookWrites.pruneFinished(before: cutoff, in: $0) }
    }

    /// How many outbox rows are neither delivered nor given up (the outbox depth of `/metrics`).
    public func pendingWebhookDeliveries() throws -> Int {
        try pool.read { try WebhookWrites.pendingCount(in: $0) }
    }
}
