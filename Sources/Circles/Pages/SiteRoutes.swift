import Foundation
import HTTPServer
import Store

/// The public HTML pages rendered on the server: search (and its results alone, for the live search),
/// groups, cities, topics, today, print, and the sitemap with robots.txt. Every page is public: it
/// always shows what anyone may see.
struct SiteRoutes: RouteCollection {
    let searchPage: SearchPage
    let groupPage: GroupPage
    let listings: ListingPages
    let todayPage: TodayPage
    let printPage: PrintPage
    let sitemap: Sitemap

    init(_ context: RouteContext) {
        let templates = TemplateStore(directory: context.api.settings.publicDirectory + "/templates")
        let site = Site(api: context.api, templates: templates)
        searchPage = SearchPage(site: site)
        groupPage = GroupPage(site: site)
        listings = ListingPages(site: site)
        todayPage = TodayPage(site: site)
        printPage = PrintPage(site: site)
        sitemap = Sitemap(site: site)
    }

    static let routes: [Route<Self>] = [
        .page("/search", Self.search),
        .page("/search/results", Self.searchResults),
        .page("/groups/:slug", Self.group),
        .page("/cities", Self.cities),
        .page("/cities/:state/:city", Self.city),
        .page("/topics", Self.topics),
        .page("/topics/:slug", Self.topic),
        .page("/today", Self.today),
        .page("/print", Self.print),
        .get("/sitemap.xml", .anyone, Self.sitemapXML),
        .get("/robots.txt", .anyone, Self.robots),
    ]

    func search(_ request: Request, _ caller: Principal) throws -> Response { try searchPage.respond(request) }
    func searchResults(_ request: Request, _ caller: Principal) throws -> Response { try searchPage.results(request) }
    func group(_ request: Request, _ caller: Principal) throws -> Response { try groupPage.respond(request) }
    func cities(_ request: Request, _ caller: Principal) throws -> Response { try listings.cities(request) }
    func city(_ request: Request, _ caller: Principal) throws -> Response { try listings.city(request) }
    func topics(_ request: Request, _ caller: Principal) throws -> Response { try listings.topics(request) }
    func topic(_ request: Request, _ caller: Principal) throws -> Response { try listings.topic(request) }
    func today(_ request: Request, _ caller: Principal) throws -> Response { try todayPage.respond(request) }
    func print(_ request: Request, _ caller: Principal) throws -> Response { try printPage.respond(request) }
    func sitemapXML(_ request: Request, _ caller: Principal) throws -> Response { try sitemap.sitemap(request) }
    func robots(_ request: Request, _ caller: Principal) throws -> Response { try sitemap.robots(request) }
}
