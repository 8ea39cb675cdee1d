import Foundation
import HTTPServer
import Store

/// The embed: `GET /embed/fragment` is the list as an HTML fragment, which `Public/embed.js` (the
/// widget other sites include with one script tag) puts in its Shadow DOM; `GET /embed` is the same
/// list as a small HTML page for an `<iframe>`, for sites that forbid scripts; `GET /embed.json` is the
/// list as JSON, for integrators who draw it themselves (the widget read it until it read the fragment).
/// All take `organization` (slug or id), `topic`, `city`, `limit` and `lang` (`es` for Spanish; a
/// language Circles does not speak is English); the fragment also takes `heading` (2–6, the level of its
/// title; each group's name is one below). The fragment and the page are one template,
/// `templates/embed-list.html`, so the widget and the frame cannot drift apart.
///
/// `/embed` is the one page any site may frame: it answers with `frame-ancestors *` instead of
/// the `'none'` every other page has, and it holds nothing but public listings and links that open
/// outside the frame. Like every public read, all three may be read from any origin, without
/// credentials (`CORS`: `Access-Control-Allow-Origin: *`).
struct EmbedRoutes: RouteCollection {
    let api: API
    let templates: TemplateStore

    init(_ context: RouteContext) {
        api = context.api
        templates = TemplateStore(directory: context.api.settings.publicDirectory + "/templates")
    }

    static let routes: [Route<Self>] = [
        .get("/embed.json", .anyone, Self.listing),
        .get("/embed", .anyone, Self.frame),
        .get("/embed/fragment", .anyone, Self.fragment),
    ]

    static let cacheControl = "public, max-age=300"
    static let frameablePolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors *"

    /// The list as JSON, for integrators who draw it themselves.
    func listing(_ request: Request, _ caller: Principal) throws -> Response {
        let filters = try EmbedListing.Filters(request)
        let site = SiteAddress(request, settings: api.settings)
        let catalogue = language(request)
        guard let listing = try EmbedListing.make(filters, database: api.database, site: site, words: Wording(catalogue), catalogues: api.catalogues)
        else {
            throw HTTPError.notFound("No such organization or topic.")
        }
        var response = try API.json(listing, cache: Self.cacheControl)
        response.headers.add("Content-Language", catalogue.code)
        return response
    }

    /// The language of `lang` (a catalogue's code), English when absent or unknown.
    func language(_ request: Request) -> Catalogue {
        request.query["lang"].flatMap { api.catalogues[$0.lowercased()] } ?? api.catalogues.english
    }

    /// The list as a page for an `<iframe>`; a bad address is explained on the page itself.
    func frame(_ request: Request, _ caller: Principal) throws -> Response {
        let catalogue = language(request)
        let t = catalogue
        var listing: EmbedListing.Listing?
        var problem: String?
        do {
            listing = try EmbedListing.make(
                try EmbedListing.Filters(request), database: api.database, site: SiteAddress(request, settings: api.settings), words: Wording(catalogue),
                catalogues: api.catalogues)
            if listing == nil { problem = t.text("embed.no_such") }
        } catch let error as HTTPError {
            problem = t.text("embed.bad_address", ["detail": error.detail ?? t.text("embed.check_it")])
        }
        let context = listContext(listing, problem: problem, heading: 1, newTab: true, request: request, catalogue: catalogue)
        var response = Response(
            status: listing == nil ? (problem == t.text("embed.no_such") ? 404 : 400) : 200,
            body: Array(try templates.render("embed", context).rawValue.utf8))
        response.headers.add("Content-Type", "text/html; charset=utf-8")
        response.headers.add("Content-Language", catalogue.code)
        response.headers.add("Cache-Control", Self.cacheControl)
        response.headers.add("Content-Security-Policy", Self.frameablePolicy)
        return response
    }

    /// The list as an HTML fragment (`templates/embed-fragment.html`: a `<section>` around the same
    /// list as the frame's), for the widget's Shadow DOM. A bad address or an unknown organization or
    /// topic is a problem document, as from `/embed.json`: the widget then keeps the host's own link.
    func fragment(_ request: Request, _ caller: Principal) throws -> Response {
        let filters = try EmbedListing.Filters(request)
        let catalogue = language(request)
        guard
            let listing = try EmbedListing.make(
                filters, database: api.database, site: SiteAddress(request, settings: api.settings), words: Wording(catalogue), catalogues: api.catalogues)
        else {
            throw HTTPError.notFound("No such organization or topic.")
        }
        let context = listContext(listing, problem: nil, heading: filters.heading, newTab: false, request: request, catalogue: catalogue)
        var response = Response(status: 200, body: Array(try templates.render("embed-fragment", context).rawValue.utf8))
        response.headers.add("Content-Type", "text/html; charset=utf-8")
        response.headers.add("Content-Language", catalogue.code)
        response.headers.add("Cache-Control", Self.cacheControl)
        response.headers.add("X-Robots-Tag", "noindex")
        return response
    }

    /// What `templates/embed-list.html` shows: the listing (nil when the address named nothing, or was
    /// not understood: then `problem` says so), its title at `heading` (1–6) and each group's name one
    /// level below, its links opening a new tab or not.
    func listContext(
        _ listing: EmbedListing.Listing?, problem: String?, heading: Int, newTab: Bool, request: Request, catalogue: Catalogue
    ) -> TemplateValue {
        let t = catalogue
        let groups: [TemplateValue] = (listing?.groups ?? []).map { g in
            [
                "name": .text(g.name), "nameLang": .optional(g.nameLang), "url": .text(g.url),
                "summary": .optional(g.summary.isEmpty ? nil : g.summary), "summaryLang": .optional(g.summaryLang), "place": .text(g.place),
                "next": .optional(g.nextMeeting), "nextAt": .optional(g.nextMeetingAt), "schedule": .optional(g.schedule.isEmpty ? nil : g.schedule),
                "happeningNow": .bool(g.happeningNow), "change": .optional(g.nextMeetingChange), "full": .bool(g.full),
            ]
        }
        return [
            "t": catalogue.templateValue,
            "lang": .text(catalogue.code),
            "title": .text(listing?.title ?? t.text("embed.title")),
            // Numbers we chose (1–6), never text from the request.
            "heading": .text("h\(min(max(heading, 1), 6))"),
            "itemHeading": .text("h\(min(max(heading, 1) + 1, 6))"),
            "newTab": .bool(newTab),
            "groups": .list(groups),
            "hasGroups": .bool(!groups.isEmpty),
            "empty": .bool(listing != nil && groups.isEmpty),
            "count": .optional(listing?.count),
            "crisisLine": .text(t.text("embed.crisis_line")),
            "problem": .optional(problem),
            "more": .text(listing?.moreUrl ?? SiteAddress(request, settings: api.settings).absolute("/search")),
        ]
    }
}
