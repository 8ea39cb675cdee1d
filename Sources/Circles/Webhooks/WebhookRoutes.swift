import Foundation
import GroupViews
import HTTPServer
import Store

/// An organization's webhooks and their delivery log. Coordinators of the organization and admins
/// manage them; to anyone else another organization's webhook does not exist (404).
struct WebhookRoutes: RouteCollection {
    let api: API
    let database: AppDatabase

    init(_ context: RouteContext) {
        api = context.api
        database = context.api.database
    }

    static let routes: [Route<Self>] = [
        .post("/api/v1/organizations/:id/webhooks", .managesOrganization, Self.create, bodyLimit: 8 * 1024),
        .get("/api/v1/organizations/:id/webhooks", .managesOrganization, Self.list),
        .get("/api/v1/webhooks/:id", .managesOrganization, Self.read),
        .delete("/api/v1/webhooks/:id", .managesOrganization, Self.delete),
        .get("/api/v1/webhooks/:id/deliveries", .managesOrganization, Self.deliveries),
    ]

    /// A webhook as the API shows it; `secret` only in the answer to its creation.
    struct WebhookView: Encodable {
        var id: Int64
        var organizationId: Int64
        var url: String
        var events: [WebhookEvent]
        var active: Bool
        var createdAt: Timestamp
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
        var event: WebhookEvent
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

    /// No Idempotency-Key here: the stored answer would keep the secret in clear.
    func create(_ request: Request, _ caller: Principal) throws -> Response {
        let organizationId = try API.id(request)
        try API.requireManage(caller, organizationId: organizationId)
        var body = try JSONBody(request)
        body.rejectUnknown(["url", "events"])
        var url = ""
        body.text("url", into: &url, required: true, max: WebhookURL.maxLength)
        switch url.isEmpty ? nil : WebhookURL.parse(url) {
        case .failure(let problem): body.fail("url", problem.message)
        case .success(let parsed): if let refusal = api.settings.webhookTargets.refusal(host: parsed.host) { body.fail("url", refusal) }
        case nil: break
        }
        var events = WebhookEvent.allCases
        body.list("events", into: &events, maxCount: WebhookEvent.allCases.count, maxLength: 64)
        if events.isEmpty { body.fail("events", "must name at least one event") }
        try body.finish()
        let secret = WebhookSignature.newSecret()
        let subscribed = WebhookEvent.allCases.filter(events.contains)
        let audit = API.auditEntry(
            caller, request, action: "webhook.create", targetType: "webhook", organizationId: organizationId,
            detail: subscribed.map(\.rawValue).joined(separator: ","))
        let saved = try API.store(notFound: "No organization with that id.") {
            try database.createWebhook(
                WebhookRecord(organizationId: organizationId, url: url, events: subscribed),
                seal: { id in
                    Data(try api.sealer.seal(Array(secret.utf8), context: "webhook:\(id)"))
                }, audit: audit)
        }
        var response = try API.json(WebhookView(saved, secret: secret), status: 201)
        response.headers.add("Location", "/api/v1/webhooks/\(saved.id!)")
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    func list(_ request: Request, _ caller: Principal) throws -> Response {
        let organizationId = try API.id(request)
        try API.requireManage(caller, organizationId: organizationId)
        return try API.json(Page(data: try database.webhooks(organizationId: organizationId).map { WebhookView($0) }, next: nil))
    }

    func read(_ request: Request, _ caller: Principal) throws -> Response {
        try API.json(WebhookView(try managed(request, caller)))
    }

    func delete(_ request: Request, _ caller: Principal) throws -> Response {
        let webhook = try managed(request, caller)
        let audit = API.auditEntry(
            caller, request, action: "webhook.delete", targetType: "webhook", targetId: String(webhook.id!),
            organizationId: webhook.organizationId)
        try API.store(notFound: "No webhook with that id.") { try database.deleteWebhook(id: webhook.id!, audit: audit) }
        return .empty(status: 204)
    }

    func deliveries(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        let limit = reader.limit(default: 50, max: 200)
        try reader.finish()
        let before = try Cursor.decode(request.query["cursor"], as: Int64.self)
        let webhook = try managed(request, caller)
        let entries = try database.webhookDeliveries(webhookId: webhook.id!, beforeId: before, limit: limit + 1)
        let page = Array(entries.prefix(limit))
        let next = entries.count > limit ? page.last.map { Cursor.nextLink(request, cursor: Cursor.encode($0.id)) } : nil
        var response = try API.json(Page(data: page.map(DeliveryView.init), next: next))
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// The webhook named by the path, when the caller manages its organization (404 otherwise).
    private func managed(_ request: Request, _ caller: Principal) throws -> WebhookRecord {
        let id = try API.id(request)
        guard let webhook = try database.webhook(id: id), caller.canManage(organizationId: webhook.organizationId) else {
            throw HTTPError.notFound("No webhook with that id.")
        }
        return webhook
    }
}
