import Foundation
import GRDB
import GroupViews
import Store
import Testing

@testable import Circles

/// A search page made of groups kept from earlier searches is byte for byte the page made by reading
/// every group again, at every instant, and a kept group is given back only while it is still right.
@Suite struct GroupJSONCacheTests {
    static let freshness = Freshness(staleAfterDays: 60)

    /// A Denver search of the demo directory in each of its orders.
    static func queries() -> [GroupQuery] {
        var byName = GroupQuery()
        byName.city = "Denver"
        var near = GroupQuery()
        near.near = (39.74, -104.99)
        var text = GroupQuery()
        text.text = "grief"
        var remote = GroupQuery()
        remote.remote = true
        return [byName, near, text, remote]
    }

    @Test func keptGroupsGiveTheSamePageAsReadingThemAgainAtEveryInstant() throws {
        let app = try TestApp(demo: true)
        let catalogues = try Catalogues(directory: CatalogueTests.locales)
        for language in [catalogues.english, try #require(catalogues["es"])] {
            for query in Self.queries() {
                // Time goes forward for each cache, as it does in a server.
                let kept = GroupJSONCache(maximumBytes: 64 << 20)
                var now = Date()
                // Each round moves to the instant the page said it would change (a meeting begins or
                // ends, the freshness cut-off moves), and checks just before, at and after it.
                for _ in 0..<4 {
                    var query = query
                    query.staleBefore = Self.freshness.cutoff(now)
                    let first = try page(query, now, kept, language, app)
                    #expect(!first.groups.isEmpty)
                    for instant in [now, first.expires.addingTimeInterval(-1), first.expires, first.expires.addingTimeInterval(1)] {
                        var q = query
                        q.staleBefore = Self.freshness.cutoff(instant)
                        let fromKept = try page(q, instant, kept, language, app)
                        let readAgain = try page(q, instant, GroupJSONCache(maximumBytes: 64 << 20), language, app)
                        #expect(text(fromKept) == text(readAgain), "\(language.code) at \(instant)")
                        #expect(fromKept.expires == readAgain.expires)
                        #expect(fromKept.expires > instant)
                    }
                    now = first.expires.addingTimeInterval(1)
                }
            }
        }
    }

    @Test func aPagesGroupsAreKeptForTheGenerationTheyWereReadAt() throws {
        let app = try TestApp(demo: true)
        let kept = GroupJSONCache(maximumBytes: 64 << 20)
        let now = Date()
        var query = Self.queries()[0]
        query.staleBefore = Self.freshness.cutoff(now)
        let shown = try page(query, now, kept, try Catalogues(directory: CatalogueTests.locales).english, app)
        let ids = try app.database.searchGroups(query, after: nil).ids
        let generation = try app.database.directoryGeneration()
        let keys = ids.map { GroupJSONKey(id: $0, language: "en") }
        #expect(kept.entries(for: keys, generation: generation, now: now).count == ids.count)
        #expect(kept.entries(for: keys, generation: generation + 1, now: now).isEmpty)
        #expect(kept.entries(for: keys.map { GroupJSONKey(id: $0.id, language: "es") }, generation: generation, now: now).isEmpty)
        #expect(kept.entries(for: keys, generation: generation, now: shown.expires).count < ids.count)
    }

    @Test func aGroupIsNeitherKeptForNorTakenByWhoMayManageIt() throws {
        let app = try TestApp(demo: true)
        let kept = GroupJSONCache(maximumBytes: 64 << 20)
        let english = Wording(try Catalogues(directory: CatalogueTests.locales).english)
        let now = Date()
        var query = GroupQuery()
        query.topics = ["eating-disorders"]
        func privateGroup(_ caller: Principal) throws -> [String: Any] {
            let found = try SearchPageGroups.find(
                query, after: nil, caller: caller, words: english, now: now, in: app.database, kept: kept, freshness: Self.freshness)
            let body = SearchPageJSON.encode(found.groups, next: nil)
            let data = try JSONSerialization.jsonObject(with: Data(body)) as! [String: Any]
            return try #require((data["data"] as! [[String: Any]]).first { $0["online_details_private"] as? Bool == true })
        }
        let admin = Principal(role: .admin, organizationId: nil, subject: "test")
        let first = try privateGroup(admin)
        #expect(first["online_url"] as? String != nil)
        let id = first["id"] as! Int
        let organization = Int64((first["organization"] as! [String: Any])["id"] as! Int)
        let manager = Principal(role: .coordinator, organizationId: organization, subject: "test")
        let other = Principal(role: .coordinator, organizationId: organization + 1, subject: "test")
        #expect(try privateGroup(.anonymous)["online_url"] == nil)
        #expect(try privateGroup(manager)["online_url"] as? String != nil)
        #expect(try privateGroup(other)["online_url"] == nil)
        // A change hidden from the counter shows who read the group again: whoever may manage it.
        try app.database.pool.write { db in
            try db.execute(sql: "UPDATE groups SET summary = 'Hidden change.' WHERE id = ?", arguments: [id])
            try db.execute(sql: "UPDATE directory_generation SET value = value - 1")
        }
        #expect(try privateGroup(other)["summary"] as? String == first["summary"] as? String)
        #expect(try privateGroup(.anonymous)["summary"] as? String == first["summary"] as? String)
        #expect(try privateGroup(manager)["summary"] as? String == "Hidden change.")
        #expect(try privateGroup(admin)["summary"] as? String == "Hidden change.")
    }

    /// Over HTTP with whole answers not kept (`--search-cache-mb 0`): the groups are, and a change shows.
    @Test func aChangeToAGroupShowsInTheNextSearch() throws {
        let app = try TestApp(demo: true) { $0.searchCacheMegabytes = 0 }
        let admin = try app.key()
        func search() throws -> (text: String, first: [String: Any]) {
            let r = try app.get("/api/v1/groups?city=Denver")
            #expect(r.status == 200, "\(r.text)")
            return (r.text, (r.jsonObject["data"] as! [[String: Any]])[0])
        }
        let before = try search()
        #expect(try search().text == before.text)
        let id = before.first["id"] as! Int
        // A write that hides from the counter (it puts the generation back) is not seen: the search
        // really did reuse the group it kept, and did not read it again.
        try app.database.pool.write { db in
            try db.execute(sql: "UPDATE groups SET summary = 'Hidden change.' WHERE id = ?", arguments: [id])
            try db.execute(sql: "UPDATE directory_generation SET value = value - 1")
        }
        #expect(try search().text == before.text)
        let patched = try app.change("PATCH", "/api/v1/groups/\(id)", key: admin, json: ["summary": "Changed through the API."])
        #expect(patched.status == 200, "\(patched.text)")
        #expect(try search().first["summary"] as? String == "Changed through the API.")
    }

    private func page(_ query: GroupQuery, _ now: Date, _ kept: GroupJSONCache, _ language: Catalogue, _ app: TestApp) throws -> SearchPageGroups {
        try SearchPageGroups.find(
            query, after: nil, caller: .anonymous, words: Wording(language), now: now, in: app.database, kept: kept, freshness: Self.freshness)
    }

    private func text(_ found: SearchPageGroups) -> String {
        String(decoding: SearchPageJSON.encode(found.groups, next: nil), as: UTF8.self)
    }
}
