import Foundation
import GRDB
import HTTPServer
import Store

/// An organization's webhooks and their delivery log. Coordinators of the organization and admins
/// manage them; to anyone else another organization's webhook does not exist (404).
struct WebhookRoutes {
    let api: API

    /// A webhook as the API shows it; `secret` only in the answer to its creation.
    struct WebhookView: Encodable {
        var id: Int64
        var organizationId: Int64
        var url: String
        var events: [String]
        var active: Bool
        var createdAt: String
        var deliveries: String
        /// The signing secret, shown once.
        var secret: String?

        init(_ r: WebhookRecord, secret: String? = nil) {
            id = r.id!
            organizationId = r.organizationId
            url = r.url
            events = r.eventList
            active = r.active
            createdAt = r.createdAt
            deliveries = "/api/v1/webhooks/\(r.id!)/deliveries"
            self.secret = secret
        }
    }

    /// One attempt in the delivery log, with the state of its event's delivery now.
    struct DeliveryView: Encodable {
        var id: Int64
        var outboxId: Int64
        var event: String
        var attempt: Int
        var statusCode: Int?
        var error: String
        var durationMs: Int
        var attemptedAt: String
        /// "pending" (another attempt is scheduled), "delivered" or "failed" (given up).
        var state: String
        var attempts: Int
        var nextAttemptAt: String?
        var deliveredAt: String?
        var failedAt: String?

        init(_ e: WebhookDeliveryEntry) {
            id = e.id
            outboxId = e.outboxId
            event = e.event
            attempt = e.attempt
            statusCode = e.statusCode
            error = e.error
            durationMs = e.durationMs
            attemptedAt = e.attemptedAt
            state = e.deliveredAt != nil ? "delivered" : e.failedAt != nil ? "failed" : "pending"
            attempts = e.attempts
            nextAttemptAt = state == "pending" ? e.nextAttemptAt : nil
            deliveredAt = e.deliveredAt
            failedAt = e.failedAt
        }
    }

    func register(on router: Router) {
        let api = self.api
        let database = api.database

        // No Idempotency-Key here: the stored answer would keep the secret in clear.
        router.post("/api/v1/organizations/:id/webhooks", options: RouteOptions(bodyLimit: 8 * 1024)) { request in
            let principal = try api.signedIn(request)
            let organizationId = try API.id(request)
            try API.requireManage(principal, organizationId: organizationId)
            var body = try JSONBody(request)
            body.rejectUnknown(["url", "events"])
            var url = ""
            body.text("url", into: &url, required: true, max: WebhookURL.maxLength)
            if !url.isEmpty, case .failure(let problem) = WebhookURL.parse(url) { body.fail("url", problem.message) }
            var events = WebhookEvents.all
            body.textList("events", into: &events, maxCount: WebhookEvents.all.count, maxLength: 64, allowed: WebhookEvents.all)
            if events.isEmpty { body.fail("events", "must name at least one event") }
            try body.finish()
            guard try database.record(OrganizationRecord.self, id: organizationId) != nil else { throw HTTPError.notFound("No organization with that id.") }
            let secret = WebhookSignature.newSecret()
            let subscribed = WebhookEvents.all.filter(events.contains)
            let saved = try API.store {
                try database.pool.write { db in
                    let saved = try WebhookWrites.insert(WebhookRecord(organizationId: organizationId, url: url, events: subscribed), in: db) { id in
                        Data(try api.sealer.seal(Array(secret.utf8), context: "webhook:\(id)"))
                    }
                    try api.audit(principal, request, action: "webhook.create", targetType: "webhook", targetId: String(saved.id!),
                                  organizationId: organizationId, detail: subscribed.joined(separator: ","), in: db)
                    return saved
                }
            }
            var response = try API.json(WebhookView(saved, secret: secret), status: 201)
            response.headers.add("Location", "/api/v1/webhooks/\(saved.id!)")
            response.headers.set("Cache-Control", "no-store")
            return response
        }

        router.get("/api/v1/organizations/:id/webhooks") { request in
            let principal = try api.signedIn(request)
            let organizationId = try API.id(request)
            try API.requireManage(principal, organizationId: organizationId)
            let hooks = try database.pool.read { try WebhookWrites.webhooks(organizationId: organizationId, in: $0) }
            return try API.json(Page(data: hooks.map { WebhookView($0) }, next: nil))
        }

        router.get("/api/v1/webhooks/:id") { request in
            let principal = try api.signedIn(request)
            let webhook = try Self.managed(request, principal, database)
            return try API.json(WebhookView(webhook))
        }

        router.delete("/api/v1/webhooks/:id") { request in
            let principal = try api.signedIn(request)
            let webhook = try Self.managed(request, principal, database)
            try database.pool.write { db in
                guard try WebhookWrites.delete(id: webhook.id!, in: db) else { throw HTTPError.notFound("No webhook with that id.") }
                try api.audit(principal, request, action: "webhook.delete", targetType: "webhook", targetId: String(webhook.id!),
                              organizationId: webhook.organizationId, in: db)
            }
            return .empty(status: 204)
        }

        router.get("/api/v1/webhooks/:id/deliveries") { request in
            let principal = try api.signedIn(request)
            var reader = QueryReader(request)
            let limit = reader.limit(default: 50, max: 200)
            try reader.finish()
            let before = try Cursor.decode(request.query["cursor"], as: Int64.self)
            let webhook = try Self.managed(request, principal, database)
            let entries = try database.pool.read { try WebhookWrites.deliveries(webhookId: webhook.id!, beforeId: before, limit: limit + 1, in: $0) }
            let page = Array(entries.prefix(limit))
            let next = entries.count > limit ? page.last.map { Cursor.nextLink(request, cursor: Cursor.encode($0.id)) } : nil
            var response = try API.json(Page(data: page.map(DeliveryView.init), next: next))
            response.headers.set("Cache-Control", "no-store")
            return response
        }
    }

    /// The webhook named by the path, when the principal manages its organization (404 otherwise).
    static func managed(_ request: Request, _ principal: Principal, _ database: AppDatabase) throws -> WebhookRecord {
        let id = try API.id(request)
        guard let webhook = try database.pool.read({ try WebhookWrites.webhook(id: id, in: $0) }),
              principal.canManage(organizationId: webhook.organizationId) else {
            throw HTTPError.notFound("No webhook with that id.")
        }
        return webhook
    }
}
