import HTTPServer

/// The referral pages that live at addresses of their own (`/refer`, `/referrals/status/<token>`).
///
/// The coordinators' console itself is static files under `/admin/`, served by the fallback.
struct ReferralPageRoutes: RouteCollection {
    let files: StaticFiles
    let catalogues: Catalogues

    init(_ context: RouteContext) {
        files = context.files
        catalogues = context.api.catalogues
    }

    static let routes: [Route<Self>] = [
        .page("/refer", Self.referralForm, execution: .eventLoop),
        // The token is a secret: the access log records the route pattern, never the path.
        .page("/referrals/status/:token", Self.statusPage, execution: .eventLoop, logPattern: true),
    ]

    func referralForm(_ request: Request, _ caller: Principal) throws -> Response {
        try Self.page(inLanguage("refer.html", request), for: request, files: files)
    }

    func statusPage(_ request: Request, _ caller: Principal) throws -> Response {
        var response = try Self.page(inLanguage("referrals/status.html", request), for: request, files: files)
        response.headers.set("Cache-Control", "no-store")
        return response
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
