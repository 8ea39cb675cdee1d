import Foundation
import Testing

/// A search whose words were mended pages on with its own cursor, even where the words as typed would be
/// ordered otherwise: "these" is a common word (a name-ordered search of everything), mended to the
/// listings' "theme" (ordered by relevance).
@Suite struct MendedSearchPagingTests {
    @Test func aMendedSearchPagesOnWithItsCursor() throws {
        let app = try TestApp()
        let admin = try app.key()
        let organization = try app.makeOrganization("alpha", key: admin)
        let names: Set = ["Theme Night", "Theme Walk", "Theme Supper"]
        for name in names.union(["Knitting Circle"]) {
            let made = try app.send(
                "POST", "/api/v1/groups", key: admin,
                json: ["organization_id": organization, "name": name, "format": "in_person", "time_zone": "America/Chicago"])
            #expect(made.status == 201, "\(made.text)")
        }
        var found: [String] = []
        var next: String? = "/api/v1/groups?q=these&limit=1"
        while let target = next, found.count < 10 {
            let page = try app.get(target)
            #expect(page.status == 200, "\(target): \(page.text)")
            found += ((page.jsonObject["data"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
            next = page.jsonObject["next"] as? String
        }
        #expect(found.count == 3 && Set(found) == names, "\(found)")
    }

    /// The page's "more results" goes on to the next groups, not back to the first (the page dropped a
    /// cursor of another order and started again).
    @Test func theSearchPageOfAMendedSearchPagesOn() throws {
        let app = try TestApp()
        let admin = try app.key()
        let organization = try app.makeOrganization("alpha", key: admin)
        for number in 10..<32 {
            let made = try app.send(
                "POST", "/api/v1/groups", key: admin,
                json: ["organization_id": organization, "name": "Theme \(number)", "format": "in_person", "time_zone": "America/Chicago"])
            #expect(made.status == 201, "\(made.text)")
        }
        func names(_ html: String) -> Set<String> {
            Set(html.matches(of: /Theme \d\d/).map { String($0.output) })
        }
        let first = try app.get("/search?q=these", headers: [("Accept", "text/html")]).text
        let cursor = try #require(first.firstMatch(of: /cursor=([A-Za-z0-9_-]+)/)?.output.1)
        let second = try app.get("/search?q=these&cursor=\(cursor)", headers: [("Accept", "text/html")]).text
        #expect(names(first).count == 20 && names(second).count == 2, "\(names(first).count), \(names(second).count)")
        #expect(names(first).union(names(second)).count == 22)
    }
}
