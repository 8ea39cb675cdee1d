import Foundation
import GRDB
import Testing

@testable import Circles
@testable import Store

/// A search is answered one of two ways: by a bounded scan (groups in name order, or the best text
/// matches) or by its filters' indexes. Both must give the same pages, in the same order, whichever is
/// taken: here scans too small to fill a page force the second way, and scans without bound the first.
@Suite(.serialized) struct SearchDrivesTests {
    static let ways: [Way] = [
        ("filters", 1, 1, false), ("small scans", 60, 12, true), ("whole scans", 1_000_000, 1_000_000, true),
    ]
    /// With `topicPlaces`, a topic at a place is read from `group_topic_places`; without, by the filters.
    typealias Way = (name: String, nameScanRows: Int, bestMatchCount: Int, topicPlaces: Bool)

    static let queries: [(String, GroupQuery)] = {
        func q(_ change: (inout GroupQuery) -> Void) -> GroupQuery {
            var query = GroupQuery()
            query.limit = 3
            change(&query)
            return query
        }
        return [
            ("topic", q { $0.topics = ["grief"] }),
            ("two topics", q { $0.topics = ["grief", "parenting"] }),
            (
                "topic and day",
                q {
                    $0.topics = ["parenting"]; $0.weekday = 2
                }
            ),
            (
                "format and language",
                q {
                    $0.format = .online; $0.language = "es"
                }
            ),
            (
                "free, evening",
                q {
                    $0.free = true; $0.partOfDay = "evening"
                }
            ),
            (
                "audience and open seats",
                q {
                    $0.audience = .veterans; $0.hasOpenSeats = true
                }
            ),
            (
                "wheelchair",
                q {
                    $0.wheelchairAccessible = true; $0.topics = ["caregivers"]
                }
            ),
            ("a filter nothing passes", q { $0.language = "xx" }),
            (
                "topic in a city",
                q {
                    $0.topics = ["the commonest topic there"]; $0.city = "the busiest city"; $0.limit = 1
                }
            ),
            (
                "topic in a state",
                q {
                    $0.topics = ["the commonest topic there"]; $0.state = "the busiest state"; $0.limit = 1
                }
            ),
            (
                "topic in a state, paused too",
                q {
                    $0.topics = ["the commonest topic there"]; $0.state = "the busiest state"; $0.limit = 1; $0.statuses = [.active, .paused]
                }
            ),
            ("text", q { $0.text = "grief" }),
            ("text prefix", q { $0.text = "gri" }),
            (
                "text and city",
                q {
                    $0.text = "circle"; $0.city = "the busiest city"
                }
            ),
            (
                "text and topic",
                q {
                    $0.text = "circle"; $0.topics = ["grief"]
                }
            ),
        ]
    }()

    /// Every id of every page, following `next` to the end.
    static func allPages(_ query: GroupQuery, way: Way, in db: AppDatabase) throws -> [Int64] {
        var ids: [Int64] = []
        var position: SearchPosition?
        repeat {
            let page = try db.pool.read {
                try GroupSearch.run(
                    query, after: position, in: $0, nameScanRows: way.nameScanRows, bestMatchCount: way.bestMatchCount, topicPlaces: way.topicPlaces)
            }
            ids += page.ids
            position = page.next
        } while position != nil && ids.count < 5000
        return ids
    }

    @Test func everyWayGivesTheSamePages() throws {
        let (db, folder) = try DemoDataTests.freshDatabase()
        defer { try? db.close(); try? FileManager.default.removeItem(atPath: folder) }
        try DemoData.generate(groups: 2000, into: db) { _ in }
        // A third of the listings unconfirmed for months, and a few paused: both tiers and the status count.
        try db.pool.write { db in
            try db.execute(sql: "UPDATE groups SET last_confirmed_at = '2026-01-05T10:00:00Z' WHERE id % 3 = 0")
            try db.execute(sql: "UPDATE groups SET last_confirmed_at = NULL WHERE id % 11 = 0")
            try db.execute(sql: "UPDATE groups SET status = 'paused' WHERE id % 17 = 0")
        }
        // The generated directory is random: the city with the most groups keeps the text search paging.
        let busiest = try db.pool.read {
            try String.fetchOne($0, sql: "SELECT l.city FROM groups g JOIN locations l ON l.id = g.location_id GROUP BY l.city ORDER BY count(*) DESC LIMIT 1")
        }
        let busiestState = try db.pool.read {
            try String.fetchOne(
                $0, sql: "SELECT l.state FROM groups g JOIN locations l ON l.id = g.location_id GROUP BY l.state ORDER BY count(*) DESC LIMIT 1")
        }!
        // The topic most groups of a place have, so that its pages are several.
        func commonestTopic(_ column: String, _ place: String) throws -> String {
            try db.pool.read {
                try String.fetchOne(
                    $0,
                    sql: """
                        SELECT t.slug FROM group_topics x JOIN topics t ON t.id = x.topic_id JOIN groups g ON g.id = x.group_id
                        JOIN locations l ON l.id = g.location_id WHERE l.\(column) = ? GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1
                        """, arguments: [place])
            }!
        }
        for (name, base) in Self.queries {
            for staleBefore in [nil, "2026-06-01T00:00:00Z"] {
                var query = base
                if query.city != nil { query.city = busiest }
                if query.state != nil { query.state = busiestState.lowercased() }
                if query.topics == ["the commonest topic there"] {
                    query.topics = [try query.city == nil ? commonestTopic("state", busiestState) : commonestTopic("city", busiest!)]
                }
                query.staleBefore = staleBefore
                let pages = try Self.ways.map { try Self.allPages(query, way: $0, in: db) }
                let label = "\(name)\(staleBefore == nil ? "" : ", stale last")"
                #expect(Set(pages[0]).count == pages[0].count, "\(label): a group was repeated")
                for (way, ids) in zip(Self.ways, pages).dropFirst() {
                    #expect(ids == pages[0], "\(label): \(way.name) differs from \(Self.ways[0].name)")
                }
                if name != "a filter nothing passes" { #expect(pages[0].count > query.limit, "\(label): fewer than two pages") }
            }
        }
    }

    /// Words in nearly every listing narrow nothing: a search leaves them out, and one made only of them
    /// lists every group.
    @Test func commonWordsAreLeftOut() throws {
        let (db, folder) = try DemoDataTests.freshDatabase()
        defer { try? db.close(); try? FileManager.default.removeItem(atPath: folder) }
        try DemoData.generate(groups: 300, into: db) { _ in }
        func ids(_ text: String?) throws -> [Int64] {
            var query = GroupQuery()
            query.text = text
            query.limit = 50
            return try db.searchGroups(query, after: nil).ids
        }
        let everyGroup = try ids(nil)
        #expect(everyGroup.count == 50)
        #expect(try ids("support group") == everyGroup)
        #expect(try ids("a peer support meeting for us") == everyGroup)
        let grief = try ids("grief")
        #expect(!grief.isEmpty && grief != everyGroup)
        #expect(try ids("Grief support groups for the family") == (try ids("grief family")))
        #expect(try ids("xyzzy support").isEmpty, "a rare word still has to match")
    }

    /// The name order the scan keeps is the order of all matches: checked against a plain SQL sort.
    @Test func aNameScanFollowsTheNameOrderOfAllMatches() throws {
        let (db, folder) = try DemoDataTests.freshDatabase()
        defer { try? db.close(); try? FileManager.default.removeItem(atPath: folder) }
        try DemoData.generate(groups: 600, into: db) { _ in }
        var query = GroupQuery()
        query.topics = ["grief"]
        query.limit = 9
        let expected = try db.pool.read {
            try Int64.fetchAll(
                $0,
                sql: """
                    SELECT g.id FROM groups g JOIN group_topics gt ON gt.group_id = g.id JOIN topics t ON t.id = gt.topic_id
                    WHERE t.slug = 'grief' AND g.status = 'active' ORDER BY g.name COLLATE NOCASE, g.id
                    """)
        }
        #expect(expected.count > 9)
        #expect(try Self.allPages(query, way: Self.ways[1], in: db) == expected)
        #expect(try Self.allPages(query, way: Self.ways[2], in: db) == expected)
    }
}
