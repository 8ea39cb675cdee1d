import HTTPServer

/// How a person lands in their language: the home page's first choice, and the switch on every page.
///
/// `/` never serves two languages under one address: it is the English home page, or — for a browser
/// whose `Accept-Language` puts another of our languages first, or that chose one on the switch — a
/// redirect to that language's home (`/es/`). The answer varies on `Accept-Language` and `Cookie` and
/// says so (`Vary`), so no cache gives one person's answer to another. The redirect also sets the cookie,
/// so it happens once; choosing English on the switch sets it to `en`, and `/` is English from then on.
///
/// `/language/:code?to=/groups/x` is the switch: it remembers the choice in a cookie and goes to the same
/// page in that language (`/es/groups/x`). Without scripts, and for pages served from memory alike.
struct LanguageRoutes: RouteCollection {
    let files: StaticFiles
    let catalogues: Catalogues
    let secureCookies: Bool

    init(_ context: RouteContext) {
        files = context.files
        catalogues = context.api.catalogues
        secureCookies = context.api.settings.secureCookies
    }

    static let routes: [Route<Self>] = [
        .page("/", Self.home, execution: .eventLoop),
        .get("/language/:code", .anyone, Self.choose, execution: .eventLoop),
    ]

    /// One year: the choice is a preference, not a session.
    static let cookieLifetime = 365 * 86_400

    func home(_ request: Request, _ caller: Principal) throws -> Response {
        let (catalogue, _) = catalogues.split(request.path)
        if catalogue.code != catalogues.english.code {
            // `/es` → `/es/`, the address of the page (its links are relative to the folder).
            if !request.path.hasSuffix("/") { return Response.redirect(to: "/" + catalogue.code + "/", status: 301) }
            return try ReferralPageRoutes.page(catalogue.code + "/index.html", for: request, files: files)
        }
        let chosen = Sessions.cookie(Catalogues.cookieName, in: request).flatMap { catalogues[$0] }
        let preferred = chosen ?? catalogues.negotiate(request.headers["Accept-Language"]) ?? catalogues.english
        var response: Response
        if preferred.code == catalogues.english.code {
            response = try ReferralPageRoutes.page("index.html", for: request, files: files)
        } else {
            response = Response.redirect(to: catalogues.path("/", in: preferred), status: 302)
            if chosen == nil { response.headers.add("Set-Cookie", cookie(preferred.code)) }
        }
        response.headers.set("Cache-Control", "no-cache")
        // One Vary field: the file's own (Accept-Encoding) with ours.
        let vary = response.headers["Vary"].map { $0 + ", " } ?? ""
        response.headers.set("Vary", vary + "Accept-Language, Cookie")
        return response
    }

    func choose(_ request: Request, _ caller: Principal) throws -> Response {
        guard let catalogue = catalogues[request.parameter("code")] else { throw HTTPError.notFound("Circles has no such language.") }
        // Only a page of this site: a path, never `//host` or a scheme.
        var to = request.query["to"] ?? "/"
        if !to.hasPrefix("/") || to.hasPrefix("//") || to.contains("\\") || to.contains(where: { $0.isNewline }) { to = "/" }
        var response = Response.redirect(to: catalogues.path(catalogues.split(to).path, in: catalogue), status: 303)
        response.headers.add("Set-Cookie", cookie(catalogue.code))
        response.headers.add("Cache-Control", "no-store")
        return response
    }

    private func cookie(_ code: String) -> String {
        "\(Catalogues.cookieName)=\(code); Path=/; SameSite=Lax; Max-Age=\(Self.cookieLifetime)" + (secureCookies ? "; Secure" : "")
    }
}
