import Foundation
import HTTPServer
import Store

/// Mail as people meet it: the console's view of the outbox (administrators), a member of staff's
/// choice of referral notices, and the unsubscribe link of messages to the public — a page that
/// asks first on `GET` (mail scanners follow links), and RFC 8058's one-click `POST`.
struct MailRoutes: RouteCollection {
    let api: API
    let database: AppDatabase

    init(_ context: RouteContext) {
        api = context.api
        database = context.api.database
    }

    static let routes: [Route<Self>] = [
        .get("/api/v1/mail", .admin, Self.status),
        .get("/api/v1/account/referral-notices", .session, Self.notices),
        .post("/api/v1/account/referral-notices", .session, Self.chooseNotices, bodyLimit: 1024),
        .get("/mail/unsubscribe/:token", .anyone, Self.unsubscribePage, logPattern: true),
        .post("/mail/unsubscribe/:token", .anyone, Self.unsubscribe, bodyLimit: 1024, logPattern: true),
    ]

    struct StatusView: Encodable {
        struct Failure: Encodable {
            var messageId: String
            var kind: MailKind
            var attempts: Int
            var failedAt: String
            var error: String
        }

        /// False without `--smtp-url`: nothing is written or sent.
        var enabled: Bool
        var relay: String?
        var from: String?
        var pending: Int
        var sent: Int
        var failed: Int
        var recentFailures: [Failure]
    }

    struct NoticesView: Encodable {
        var referralNotices: ReferralNotices
        /// False without `--smtp-url`: the choice is kept, but nothing is sent.
        var mailEnabled: Bool
    }

    /// The outbox in numbers and its latest failures (never a recipient or a message).
    func status(_ request: Request, _ caller: Principal) throws -> Response {
        let summary = try database.mailSummary()
        let relay = api.settings.smtpRelay
        let view = StatusView(
            enabled: api.mailer.isOn, relay: relay.map { "\($0.host):\($0.port)" }, from: api.mailer.from, pending: summary.pending,
            sent: summary.sent, failed: summary.failed,
            recentFailures: summary.recentFailures.map {
                StatusView.Failure(messageId: $0.messageId, kind: $0.kind, attempts: $0.attempts, failedAt: $0.failedAt, error: $0.error)
            })
        return try API.json(view, cache: "no-store")
    }

    func notices(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try Self.userId(caller)
        return try API.json(NoticesView(referralNotices: try database.referralNotices(userId: id), mailEnabled: api.mailer.isOn), cache: "no-store")
    }

    /// A coordinator's choice: no e-mail, at once, or an hourly or daily digest.
    func chooseNotices(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try Self.userId(caller)
        var body = try JSONBody(request)
        body.rejectUnknown(["referral_notices"])
        var notices = ReferralNotices.off
        body.choice("referral_notices", into: &notices, required: true)
        try body.finish()
        guard caller.organizationId != nil || notices == .off else {
            throw HTTPError.unprocessable([FieldError(field: "referral_notices", message: "needs an account of an organization")])
        }
        let audit = API.auditEntry(caller, request, action: "account.referral_notices", targetType: "user", targetId: String(id), detail: notices.rawValue)
        try API.store(notFound: "No such account.") { try database.setReferralNotices(userId: id, notices, audit: audit) }
        return try API.json(NoticesView(referralNotices: notices, mailEnabled: api.mailer.isOn), cache: "no-store")
    }

    private static func userId(_ caller: Principal) throws -> Int64 {
        guard caller.subject.hasPrefix("user:"), let id = Int64(caller.subject.dropFirst(5)) else {
            throw HTTPError(403, detail: "Only a signed-in account has mail settings.")
        }
        return id
    }

    /// Asks before unsubscribing: a link followed by a scanner must change nothing.
    func unsubscribePage(_ request: Request, _ caller: Principal) throws -> Response {
        guard UnsubscribeLink(sealer: api.sealer).referralId(token: request.parameter("token")) != nil else {
            return Self.page(status: 404, title: "This link is not valid", body: "<p>This unsubscribe link is not valid.</p>")
        }
        return Self.page(
            status: 200, title: "Stop e-mail about your referral",
            body: """
                <p>You will get no more e-mail from Circles about your referral. The group can still reach you the way you chose.</p>
                <form method="post"><button type="submit">Stop e-mail</button></form>
                """)
    }

    /// Unsubscribes: the form's button, or a mail program's one-click `POST` (RFC 8058).
    func unsubscribe(_ request: Request, _ caller: Principal) throws -> Response {
        guard let id = UnsubscribeLink(sealer: api.sealer).referralId(token: request.parameter("token")) else {
            return Self.page(status: 404, title: "This link is not valid", body: "<p>This unsubscribe link is not valid.</p>")
        }
        let audit = AuditEntry(
            actor: "person", action: "referral.mail_unsubscribe", targetType: "referral", targetId: String(id), address: request.remoteAddress)
        guard try database.unsubscribeReferral(id: id, audit: audit) else {
            return Self.page(status: 404, title: "This link is not valid", body: "<p>This unsubscribe link is not valid.</p>")
        }
        return Self.page(status: 200, title: "E-mail stopped", body: "<p>Done: you will get no more e-mail about your referral.</p>")
    }

    /// A small page of its own (no script, no outside resource), marked not to be indexed or cached.
    static func page(status: Int, title: String, body: String) -> Response {
        let html = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex"><title>\(HTML.escape(title)) · Circles</title>
            <link rel="stylesheet" href="/css/circles.css"></head>
            <body><main id="main"><h1>\(HTML.escape(title))</h1>
            \(body)
            </main></body>
            </html>

            """
        var response = Response.text(html, status: status, contentType: "text/html; charset=utf-8")
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}
