import Foundation
import GRDB
import Testing

@testable import Circles

/// `/sitemap.xml` is an index of parts within the protocol's limits, and its parts name every public page
/// once in each language.
@Suite(.serialized) struct SitemapTests {
    static let app = Result { try TestApp(demo: true) }

    /// The addresses of `<loc>` in `text`, with `&amp;` read back.
    static func locations(_ text: String) -> [String] {
        text.components(separatedBy: "<loc>").dropFirst().compactMap { $0.components(separatedBy: "</loc>").first }
            .map { $0.replacingOccurrences(of: "&amp;", with: "&") }
    }

    /// The parts the index lists, as the paths a client asks.
    static func parts(_ app: TestApp) throws -> [String] {
        let index = try app.get("/sitemap.xml")
        #expect(index.status == 200)
        #expect(index.headers["Content-Type"]?.hasPrefix("application/xml") == true)
        #expect(index.text.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"))
        #expect(!index.text.contains("<url>"), "the index names parts, not pages")
        return locations(index.text).map { $0.replacingOccurrences(of: "http://localhost", with: "") }
    }

    @Test func theIndexListsPartsThatNameEveryActiveGroupOnceInEachLanguage() throws {
        let app = try Self.app.get()
        let parts = try Self.parts(app)
        #expect(parts == ["/sitemap.xml?part=pages", "/sitemap.xml?part=cities-1", "/sitemap.xml?part=groups-1"])
        var pages: [String] = []
        for part in parts {
            let response = try app.get(part)
            #expect(response.status == 200, "\(part)")
            #expect(response.text.hasPrefix("<?xml") && response.text.contains("<urlset "), "\(part)")
            pages += Self.locations(response.text)
        }
        #expect(Set(pages).count == pages.count, "no page twice")
        let active = try app.database.pool.read { try String.fetchAll($0, sql: "SELECT slug FROM groups WHERE status = 'active'") }
        let listed = pages.filter { $0.hasPrefix("http://localhost/groups/") }.map { String($0.dropFirst("http://localhost/groups/".count)) }
        let listedInSpanish = pages.filter { $0.hasPrefix("http://localhost/es/groups/") }.map { String($0.dropFirst("http://localhost/es/groups/".count)) }
        #expect(!active.isEmpty && Set(listed) == Set(active) && Set(listedInSpanish) == Set(active))
        for page in ["/", "/search", "/today", "/cities", "/topics", "/topics/grief", "/cities/co/denver", "/es/", "/es/cities/co/denver"] {
            #expect(pages.contains("http://localhost" + page), "\(page)")
        }
    }

    @Test func aGroupKeepsItsPartByItsIdAndAnEmptyRunHasNone() throws {
        let app = try TestApp(demo: true)
        try app.database.pool.write { db in
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(groups)").map { $0["name"] as String }
            let copied = columns.map { $0 == "id" ? "12001" : $0 == "slug" ? "slug || '-far'" : $0 }
            try db.execute(
                sql:
                    "INSERT INTO groups (\(columns.joined(separator: ", "))) SELECT \(copied.joined(separator: ", ")) FROM groups WHERE slug = 'grief-walk-and-talk'"
            )
        }
        let parts = try Self.parts(app)
        #expect(parts.contains("/sitemap.xml?part=groups-1") && parts.contains("/sitemap.xml?part=groups-3"))
        #expect(!parts.contains("/sitemap.xml?part=groups-2"), "ids 5,001–10,000 hold no group")
        let far = try app.get("/sitemap.xml?part=groups-3").text
        #expect(Self.locations(far).filter { !$0.contains("/es/") } == ["http://localhost/groups/grief-walk-and-talk-far"])
        #expect(!(try app.get("/sitemap.xml?part=groups-1").text).contains("grief-walk-and-talk-far"))
        #expect(try app.get("/sitemap.xml?part=groups-2").status == 404)
    }

    @Test(arguments: ["groups-0", "groups-01", "groups-x", "groups-", "groups--1", "groups-+1", "groups-99999999999999999999", "everything", "", "Pages"])
    func aPartThatIsNotOneIsRefusedByName(_ part: String) throws {
        let response = try Self.app.get().get("/sitemap.xml?part=" + part)
        #expect(response.status == 400, "\(part): \(response.status)")
        #expect(response.text.contains("part"))
    }

    @Test func aPartBeyondTheLastIsNotFound() throws {
        let app = try Self.app.get()
        #expect(try app.get("/sitemap.xml?part=cities-2").status == 404)
        #expect(try app.get("/sitemap.xml?part=groups-999999999").status == 404)
    }
}
