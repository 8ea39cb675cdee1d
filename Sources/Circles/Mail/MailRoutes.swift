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

    /// Asks before unsubscribing: a link followed by a scanner must change nothing. A link used again says
    /// that the address was already unsubscribed, and asks nothing.
    func unsubscribePage(_ request: Request, _ caller: Principal) throws -> Response {
        guard let id = UnsubscribeLink(sealer: api.sealer).referralId(token: request.parameter("token")),
            let referral = try database.referral(id: id)
        else { return invalid(request) }
        let t = catalogue(of: referral, request)
        if referral.mailUnsubscribedAt != nil {
            return Self.page(status: 200, t, title: t.text("unsubscribe.already_title"), paragraph: t.text("unsubscribe.already_text"))
        }
        return Self.page(
            status: 200, t, title: t.text("unsubscribe.title"), paragraph: t.text("unsubscribe.text"),
            form: "<form method=\"post\"><button type=\"submit\">\(HTML.escape(t.text("unsubscribe.button")))</button></form>")
    }

    /// Unsubscribes: the form's button, or a mail program's one-click `POST` (RFC 8058). Either way the answer
    /// is 200 and the address gets no more mail; a second time, the page says it already did not.
    func unsubscribe(_ request: Request, _ caller: Principal) throws -> Response {
        guard let id = UnsubscribeLink(sealer: api.sealer).referralId(token: request.parameter("token")) else {
            return invalid(request)
        }
        let referral = try database.referral(id: id)
        let audit = AuditEntry(
            actor: "person", action: "referral.mail_unsubscribe", targetType: "referral", targetId: String(id), address: request.remoteAddress)
        guard try database.unsubscribeReferral(id: id, audit: audit) else { return invalid(request) }
        let t = catalogue(of: referral, request)
        if referral?.mailUnsubscribedAt != nil {
            return Self.page(status: 200, t, title: t.text("unsubscribe.already_title"), paragraph: t.text("unsubscribe.already_text"))
        }
        return Self.page(status: 200, t, title: t.text("unsubscribe.done_title"), paragraph: t.text("unsubscribe.done_text"))
    }

    /// The page's language: the referral's (the message the link came from was in it), else the browser's
    /// best of ours (`Accept-Language`), else English.
    private func catalogue(of referral: ReferralRecord?, _ request: Request) -> Catalogue {
        let chosen = referral.flatMap { api.catalogues[String($0.language.lowercased().prefix { $0 != "-" })] }
        return chosen ?? api.catalogues.negotiate(request.headers["Accept-Language"]) ?? api.catalogues.english
    }

    /// A link that names no referral (or one since erased), in the browser's language.
    private func invalid(_ request: Request) -> Response {
        let t = catalogue(of: nil, request)
        return Self.page(status: 404, t, title: t.text("unsubscribe.invalid_title"), paragraph: t.text("unsubscribe.invalid_text"))
    }

    /// A small page of its own (no script, no outside resource), in `t`'s language, marked not to be indexed
    /// or cached: a heading, a paragraph and the form, when it asks.
    static func page(status: Int, _ t: Catalogue, title: String, paragraph: String, form: String = "") -> Response {
        let html = """
            <!DOCTYPE html>
            <html lang="\(t.code)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex"><title>\(HTML.escape(title)) · Circles</title>
            <link rel="stylesheet" href="/css/circles.css"></head>
            <body><main id="main"><h1>\(HTML.escape(title))</h1>
            <p>\(HTML.escape(paragraph))</p>\(form.isEmpty ? "" : "\n" + form)
            </main></body>
            </html>

            """
        var response = Response.text(html, status: status, contentType: "text/html; charset=utf-8")
        response.headers.set("Cache-Control", "no-store")
        response.headers.set("Content-Language", t.code)
        // Without a referral to follow, the language came from the browser.
        response.headers.set("Vary", "Accept-Language")
        return response
    }
}
