import Foundation
import HTTPServer
import Store

/// The referral pages that live at addresses of their own (`/refer`, `/referrals/status/<token>`) and
/// their forms for a browser without JavaScript: the referral itself, checked and recorded by the API's
/// own function (`ReferralRoutes.receive`: same rules, trap, rate limit, crisis check, audit, outbox), and
/// the person's steps on the status page (`ReferralRoutes.takeStep`) and "e-mail me the link", each answered with a page
/// (post/redirect/get to the status page, or the form again with every problem).
///
/// The coordinators' console itself is static files under `/admin/`, served by the fallback.
struct ReferralPageRoutes: RouteCollection {
    let api: API
    let catalogues: Catalogues
    let formPage: ReferralFormPage
    let statusPage: ReferralStatusPage
    let referrals: ReferralRoutes

    init(_ context: RouteContext) {
        api = context.api
        catalogues = context.api.catalogues
        let templates = TemplateStore(directory: context.api.settings.publicDirectory + "/templates")
        let site = Site(api: context.api, templates: templates)
        formPage = ReferralFormPage(site: site)
        statusPage = ReferralStatusPage(site: site)
        referrals = ReferralRoutes(context)
    }

    // The token is a secret: the access log records the route pattern, never the path.
    static let routes: [Route<Self>] = [
        .page("/refer", Self.referralForm),
        .pageForm("/refer", Self.sendReferral, bodyLimit: 16 * 1024),
        .page("/referrals/status/:token", Self.status, logPattern: true),
        .pageForm("/referrals/status/:token/withdraw", Self.withdraw, bodyLimit: 1024, logPattern: true),
        .pageForm("/referrals/status/:token/attended", Self.attended, bodyLimit: 1024, logPattern: true),
        .pageForm("/referrals/status/:token/not-for-me", Self.notForMe, bodyLimit: 1024, logPattern: true),
        .pageForm("/referrals/status/:token/send-link", Self.sendLink, bodyLimit: 1024, logPattern: true),
    ]

    func referralForm(_ request: Request, _ caller: Principal) throws -> Response {
        try formPage.respond(request)
    }

    /// The form posted without JavaScript, read as the API's JSON body (the group from the form's
    /// address) and recorded as an anonymous self-referral: 303 to the status page that confirms it,
    /// or the form again (422 with each problem, 429 saying how long to wait, with `Retry-After`),
    /// everything typed kept. A refused form uses up none of the referral limit (`limitingAnonymous`).
    /// The same form sent again with answers changed is led to the first referral's page, which says so.
    func sendReferral(_ request: Request, _ caller: Principal) throws -> Response {
        let form = try JSONBody(form: request, flags: ["consent", "urgent"])
        let values = form.object.compactMapValues { $0 as? String ?? ($0 as? Bool).map { $0 ? "true" : "false" } }
        // The form's own Idempotency-Key (a hidden field, new with each form drawn): a second press of
        // "Send" gets the first answer back, as the API's retries do, and the referral is made once.
        var keyed = request
        var body = form.object
        if let key = body.removeValue(forKey: ReferralFormPage.idempotencyField) as? String {
            keyed.head.headers.set("Idempotency-Key", key)
        }
        do {
            let answer = try referrals.limitingAnonymous(request) {
                guard let slug = request.query["group"], FieldRules.slug(slug) == nil, let groupId = try api.database.groupId(slug: slug) else {
                    throw HTTPError(422, detail: "The referral is incomplete.", errors: [FieldError(field: "group_id", message: "is required")])
                }
                body["group_id"] = Int(groupId)
                return try referrals.receive(keyed, .anonymous, body: JSONBody(object: body))
            }
            // A bot filled in the hidden field: it gets the API's answer, and nothing was kept.
            guard answer.status == 201, let statusURL = Self.statusURL(in: answer.body) else { return try formPage.received(request) }
            return statusPage(statusURL, done: .sent, request)
        } catch let error as HTTPError where error.status == 422 || error.status == 429 || error.status == 404 {
            // Sent before, then changed (Back, a fix, Send): the first referral stands, and its page says so.
            if error.errors.contains(where: { $0.field == "Idempotency-Key" }), let kept = try api.keptAnswer(keyed, principal: .anonymous),
                kept.status == 201, let statusURL = Self.statusURL(in: kept.body)
            {
                return statusPage(statusURL, done: .alreadySent, request)
            }
            let page = try formPage.respond(request, refusal: .init(values: values, error: error), status: error.status)
            return page.keepingRetryAfter(of: error)
        }
    }

    /// The status page's address in the API's answer to a new referral (`ReferralCreated.statusUrl`).
    private static func statusURL(in answer: [UInt8]) -> String? {
        let json = try? JSONSerialization.jsonObject(with: Data(answer)) as? [String: Any]
        return json?["status_url"] as? String
    }

    /// 303 to the referral's status page in the request's language, saying what was done.
    private func statusPage(_ statusURL: String, done: ReferralStatusPage.Done, _ request: Request) -> Response {
        Response.redirect(to: catalogues.path(statusURL, in: catalogues.for(request)) + "?done=" + done.rawValue, status: 303)
    }

    func status(_ request: Request, _ caller: Principal) throws -> Response {
        try statusPage.respond(request)
    }

    func withdraw(_ request: Request, _ caller: Principal) throws -> Response {
        try step(request, to: .withdrawn, action: "referral.withdraw", done: .withdrawn)
    }

    func attended(_ request: Request, _ caller: Principal) throws -> Response {
        try step(request, to: .attended, action: "referral.person_attended", done: .attended)
    }

    func notForMe(_ request: Request, _ caller: Principal) throws -> Response {
        try step(request, to: .notForMe, action: "referral.person_not_for_me", done: .notForMe)
    }

    private func step(_ request: Request, to status: ReferralStatus, action: String, done: ReferralStatusPage.Done) throws -> Response {
        do {
            _ = try referrals.takeStep(request, to: status, action: action)
        } catch let error as HTTPError where error.status == 409 || error.status == 429 {
            let t = catalogues.for(request)
            let problem = error.status == 429 ? t.text("status.too_many") : t.text(try Self.refusal(of: status, request, database: api.database))
            return try statusPage.respond(request, problem: problem, status: error.status).keepingRetryAfter(of: error)
        }
        let page = catalogues.path("/referrals/status/\(request.parameter("token"))", in: catalogues.for(request))
        return Response.redirect(to: "\(page)?done=\(done.rawValue)", status: 303)
    }

    /// Why the person's step `status` was refused (409), in plain words: the same step taken before ("You had
    /// already withdrawn this referral": a second tap, a second tab, the check-in mail's link after the page's
    /// button), the organization had closed the referral, or it has moved on in another way.
    static func refusal(of status: ReferralStatus, _ request: Request, database: AppDatabase) throws -> String {
        guard let hash = ReferralRoutes.tokenHash(request), let (referral, _, events) = try database.referralStatus(statusTokenHash: hash) else {
            return "status.moved_on"
        }
        // Withdrawn, then closed by the organization: still withdrawn, as far as the person is concerned.
        if events.contains(where: { $0.toStatus == status && $0.actor == "person" }) {
            switch status {
            case .withdrawn: return "status.already.withdrawn"
            case .attended: return "status.already.attended"
            case .notForMe: return "status.already.not_for_me"
            default: return "status.moved_on"
            }
        }
        return referral.status == .closed || referral.status == .declined ? "status.already.closed" : "status.moved_on"
    }

    /// "E-mail me the link": the status link mailed again to the address given with the referral, when
    /// the person chose e-mail and still gets mail (`ReferralMail.statusLink`, an audited read of the
    /// address). Asks are rate limited by address and by referral (429); messages, per referral, by
    /// `RateLimits.statusLinkMails`, whoever asks: a double click mails once, and someone else holding
    /// the link cannot flood the person's inbox. The answer is the same whether or not a message was
    /// written, so the form tells nothing about the referral's address, nor about earlier asks.
    func sendLink(_ request: Request, _ caller: Principal) throws -> Response {
        let t = catalogues.for(request)
        guard let hash = ReferralRoutes.tokenHash(request) else { return try statusPage.respond(request) }
        do {
            try API.limit(api.limits.statusSteps, request)
            try API.limit(api.limits.statusSteps, request, key: "send-link:" + hash)
        } catch let error as HTTPError where error.status == 429 {
            return try statusPage.respond(request, problem: t.text("status.too_many"), status: 429).keepingRetryAfter(of: error)
        }
        guard let referral = try api.database.referral(statusTokenHash: hash) else { return try statusPage.respond(request) }
        let token = request.parameter("token")
        if api.limits.statusLinkMails.admit(hash) {
            let mail = ReferralMail(api: api)
            // The group's name in the person's language (read before the transaction that writes the message).
            let translations = try api.database.groupTranslations(groupId: referral.groupId)
            guard
                try api.database.queueReferralMail(
                    statusTokenHash: hash, compose: { try mail.statusLink($0, group: $1, translations: translations, statusToken: token) })
            else { return try statusPage.respond(request) }
        }
        let page = catalogues.path("/referrals/status/\(token)", in: t)
        return Response.redirect(to: "\(page)?done=\(ReferralStatusPage.Done.linkSent.rawValue)", status: 303)
    }

    /// A static page served under another address, with the file's validators and gzip.
    static func page(_ relativePath: String, for request: Request, files: StaticFiles) throws -> Response {
        let head = RequestHead(method: request.method, target: "/" + relativePath, minorVersion: request.head.minorVersion, headers: request.headers)
        guard let response = files.response(for: Request(head: head, remoteAddress: request.remoteAddress)) else {
            throw HTTPError.notFound("Nothing is found at this address.")
        }
        return response
    }
}
