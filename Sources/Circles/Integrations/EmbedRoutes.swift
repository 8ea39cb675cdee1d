import Foundation
import HTTPServer
import Store

/// The embed: `GET /embed.json` feeds `Public/embed.js` (the widget other sites include with one
/// script tag), and `GET /embed` is the same list as a small HTML page for an `<iframe>`, for sites
/// that forbid scripts. Both take `organization` (slug or id), `topic`, `city`, `limit` and `lang`
/// (`es` for Spanish; a language Circles does not speak is English).
///
/// `/embed` is the one page any site may frame: it answers with `frame-ancestors *` instead of
/// the `'none'` every other page has, and it holds nothing but public listings and links that open
/// outside the frame.
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
    ]

    static let cacheControl = "public, max-age=300"
    static let frameablePolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors *"

    /// The list as JSON, for the widget.
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
        let site = SiteAddress(request, settings: api.settings)
        let catalogue = language(request)
        let t = catalogue
        let filters: EmbedListing.Filters
        var listing: EmbedListing.Listing?
        var problem: String?
        do {
            filters = try EmbedListing.Filters(request)
            listing = try EmbedListing.make(filters, database: api.database, site: site, words: Wording(catalogue), catalogues: api.catalogues)
            if listing == nil { problem = t.text("embed.no_such") }
        } catch let error as HTTPError {
            problem = t.text("embed.bad_address", ["detail": error.detail ?? t.text("embed.check_it")])
        }
        let groups: [TemplateValue] = (listing?.groups ?? []).map { g in
            [
                "name": .text(g.name), "nameLang": .optional(g.nameLang), "url": .text(g.url), "summary": .optional(g.summary.isEmpty ? nil : g.summary),
                "summaryLang": .optional(g.summaryLang), "place": .text(g.place),
                "next": .optional(g.nextMeeting), "nextAt": .optional(g.nextMeetingAt), "schedule": .optional(g.schedule.isEmpty ? nil : g.schedule),
                "happeningNow": .bool(g.happeningNow), "change": .optional(g.nextMeetingChange), "full": .bool(g.full),
            ]
        }
        let context: TemplateValue = [
            "t": catalogue.templateValue,
            "lang": .text(catalogue.code),
            "title": .text(listing?.title ?? t.text("embed.title")),
            "groups": .list(groups),
            "empty": .bool(listing != nil && groups.isEmpty),
            "count": .optional(listing?.count),
            "crisisLine": .text(t.text("embed.crisis_line")),
            "problem": .optional(problem),
            "more": .text(listing?.moreUrl ?? site.absolute("/search")),
        ]
        var response = Response(
            status: listing == nil ? (problem == t.text("embed.no_such") ? 404 : 400) : 200,
            body: Array(try templates.render("embed", context).rawValue.utf8))
        response.headers.add("Content-Type", "text/html; charset=utf-8")
        response.headers.add("Content-Language", catalogue.code)
        response.headers.add("Cache-Control", Self.cacheControl)
        response.headers.add("Content-Security-Policy", Self.frameablePolicy)
        return response
    }
}
