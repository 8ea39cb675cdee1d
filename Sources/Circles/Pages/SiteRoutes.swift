import Foundation
import HTTPServer
import Store

/// The public HTML pages rendered on the server: search, groups, cities, topics, today, print,
/// and the sitemap with robots.txt. Every page is public: it always shows what anyone may see.
struct SiteRoutes {
    let api: API

    func register(on router: Router) {
        let templates = TemplateStore(directory: api.settings.publicDirectory + "/templates")
        let site = Site(api: api, templates: templates)
        let search = SearchPage(site: site)
        let group = GroupPage(site: site)
        let listings = ListingPages(site: site)
        let today = TodayPage(site: site)
        let print = PrintPage(site: site)
        let sitemap = Sitemap(site: site)

        router.get("/search") { try search.respond($0) }
        router.get("/groups/:slug") { try group.respond($0) }
        router.get("/cities") { try listings.cities($0) }
        router.get("/cities/:state/:city") { try listings.city($0) }
        router.get("/topics") { try listings.topics($0) }
        router.get("/topics/:slug") { try listings.topic($0) }
        router.get("/today") { try today.respond($0) }
        router.get("/print") { try print.respond($0) }
        router.get("/sitemap.xml") { try sitemap.sitemap($0) }
        router.get("/robots.txt") { try sitemap.robots($0) }
    }
}
