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
    let statusPage: ReferralStatusPage
    let referrals: ReferralRoutes

    init(_ context: RouteContext) {
        files = context.files
        let templates = TemplateStore(directory: context.api.settings.publicDirectory + "/templates")
        statusPage = ReferralStatusPage(site: Site(api: context.api, templates: templates))
        referrals = ReferralRoutes(context)
    }

    // The token is a secret: the access log records the route pattern, never the path.
    static let routes: [Route<Self>] = [
        .get("/refer", .anyone, Self.referralForm, execution: .eventLoop),
        .get("/referrals/status/:token", .anyone, Self.status, logPattern: true),
        .post("/referrals/status/:token/withdraw", .anyone, Self.withdraw, bodyLimit: 1024, logPattern: true),
        .post("/referrals/status/:token/attended", .anyone, Self.attended, bodyLimit: 1024, logPattern: true),
        .post("/referrals/status/:token/not-for-me", .anyone, Self.notForMe, bodyLimit: 1024, logPattern: true),
    ]

    func referralForm(_ request: Request, _ caller: Principal) throws -> Response {
        try Self.page("refer.html", for: request, files: files)
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
            let problem =
                error.status == 429
                ? "Too many tries from this connection. Please wait a few minutes and try again."
                : "This referral has moved on, so this can no longer be changed here."
            return try statusPage.respond(request, problem: problem, status: error.status)
        }
        return Response.redirect(to: "/referrals/status/\(request.parameter("token"))?done=\(done.rawValue)", status: 303)
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
