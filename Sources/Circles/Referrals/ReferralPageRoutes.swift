import HTTPServer
import Store

/// The referral pages that live at addresses of their own (`/refer`, `/referrals/status/<token>`), and
/// the status page's forms: the person's steps for a browser without JavaScript, taken by the same
/// function as the API's (`ReferralRoutes.takeStep`: rate limit, workflow, audit, webhook), answered
/// with the status page (post/redirect/get).
///
/// The coordinators' console itself is static files under `/admin/`, served by the fallback.
struct ReferralPageRoutes: RouteCollection {
    let files: StaticFiles
    let catalogues: Catalogues
    let statusPage: ReferralStatusPage
    let referrals: ReferralRoutes

    init(_ context: RouteContext) {
        files = context.files
        catalogues = context.api.catalogues
        let templates = TemplateStore(directory: context.api.settings.publicDirectory + "/templates")
        statusPage = ReferralStatusPage(site: Site(api: context.api, templates: templates))
        referrals = ReferralRoutes(context)
    }

    // The token is a secret: the access log records the route pattern, never the path.
    static let routes: [Route<Self>] = [
        .page("/refer", Self.referralForm, execution: .eventLoop),
        .page("/referrals/status/:token", Self.status, logPattern: true),
        .pageForm("/referrals/status/:token/withdraw", Self.withdraw, bodyLimit: 1024, logPattern: true),
        .pageForm("/referrals/status/:token/attended", Self.attended, bodyLimit: 1024, logPattern: true),
        .pageForm("/referrals/status/:token/not-for-me", Self.notForMe, bodyLimit: 1024, logPattern: true),
    ]

    func referralForm(_ request: Request, _ caller: Principal) throws -> Response {
        try Self.page(inLanguage("refer.html", request), for: request, files: files)
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
            let problem = t.text(error.status == 429 ? "status.too_many" : "status.moved_on")
            return try statusPage.respond(request, problem: problem, status: error.status)
        }
        let page = catalogues.path("/referrals/status/\(request.parameter("token"))", in: catalogues.for(request))
        return Response.redirect(to: "\(page)?done=\(done.rawValue)", status: 303)
    }

    /// The page's file in the language of the request's address: `refer.html` or `es/refer.html`.
    private func inLanguage(_ relativePath: String, _ request: Request) -> String {
        let catalogue = catalogues.for(request)
        return catalogue.code == catalogues.english.code ? relativePath : catalogue.code + "/" + relativePath
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
