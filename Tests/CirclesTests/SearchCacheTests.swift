import Foundation
import GRDB
import TestSupport
import Testing

@testable import Circles

/// Public search answers are reused only while they are exactly what the search would compute.
@Suite struct SearchCacheTests {
    @Test func anAnswerIsServedForItsGenerationUntilItsDeadline() {
        let cache = SearchCache(maximumBytes: 1 << 20)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        cache.store([1, 2, 3], for: "city=Denver", generation: 7, expires: now.addingTimeInterval(30))
        #expect(cache.body(for: "city=Denver", generation: 7, now: now) == [1, 2, 3])
        #expect(cache.body(for: "city=Denver", generation: 8, now: now) == nil)
        #expect(cache.body(for: "city=Boulder", generation: 7, now: now) == nil)
        #expect(cache.body(for: "city=Denver", generation: 7, now: now.addingTimeInterval(30)) == nil)
    }

    @Test func theDeadlineIsTheEarliestNextMeetingAndAtMostAMinute() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(SearchCache.deadline(now: now, nextMeetings: []) == now.addingTimeInterval(SearchCache.lifetime))
        #expect(SearchCache.deadline(now: now, nextMeetings: [now.addingTimeInterval(50), now.addingTimeInterval(20)]) == now.addingTimeInterval(20))
        #expect(SearchCache.deadline(now: now, nextMeetings: [now.addingTimeInterval(3600)]) == now.addingTimeInterval(SearchCache.lifetime))
    }

    @Test func aFullCacheStartsAgainAndNeverHoldsMoreThanItsSize() {
        let cache = SearchCache(maximumBytes: 1600)
        let later = Date().addingTimeInterval(60)
        for i in 0..<30 { cache.store([UInt8](repeating: 1, count: 90), for: "k\(i)", generation: 1, expires: later) }
        #expect(cache.body(for: "k29", generation: 1, now: Date()) != nil)
        #expect(cache.body(for: "k0", generation: 1, now: Date()) == nil)
        // An answer larger than a sixteenth of the cache is not kept.
        cache.store([UInt8](repeating: 1, count: 200), for: "big", generation: 1, expires: later)
        #expect(cache.body(for: "big", generation: 1, now: Date()) == nil)
        let off = SearchCache(maximumBytes: 0)
        off.store([1], for: "k", generation: 1, expires: later)
        #expect(off.body(for: "k", generation: 1, now: Date()) == nil)
    }

    @Test func everyKindOfDirectoryWriteChangesTheAnswer() throws {
        let app = try TestApp(demo: true)
        let admin = try app.key()
        func search() throws -> [[String: Any]] {
            let r = try app.get("/api/v1/groups?city=Denver")
            #expect(r.status == 200, "\(r.text)")
            return r.jsonObject["data"] as? [[String: Any]] ?? []
        }
        let first = try search()
        #expect(!first.isEmpty)
        #expect(try app.get("/api/v1/groups?city=Denver").text == (try app.get("/api/v1/groups?city=Denver").text))
        let id = first[0]["id"] as! Int

        // Through the API.
        let patched = try app.change("PATCH", "/api/v1/groups/\(id)", key: admin, json: ["summary": "Changed through the API."])
        #expect(patched.status == 200, "\(patched.text)")
        #expect(try search().first { $0["id"] as? Int == id }?["summary"] as? String == "Changed through the API.")

        // Straight into the database, as another process would.
        try app.database.pool.write { try $0.execute(sql: "UPDATE groups SET summary = 'Changed in SQL.' WHERE id = ?", arguments: [id]) }
        #expect(try search().first { $0["id"] as? Int == id }?["summary"] as? String == "Changed in SQL.")
        try app.database.pool.write { db in
            let location = try Int64.fetchOne(db, sql: "SELECT location_id FROM groups WHERE id = ?", arguments: [id])
            try db.execute(sql: "UPDATE locations SET directions = 'Side door.' WHERE id = ?", arguments: [location])
        }
        let location = try search().first { $0["id"] as? Int == id }?["location"] as? [String: Any]
        #expect(location?["directions"] as? String == "Side door.")

        // A cancelled occurrence moves the next meeting on.
        let before = try search().first { $0["next_meeting"] != nil }!
        let meeting = before["next_meeting"] as! [String: Any]
        try app.database.pool.write { db in
            try db.execute(
                sql:
                    "INSERT OR REPLACE INTO schedule_exceptions (schedule_id, occurrence_date, kind, note, created_at) VALUES (?, ?, 'cancelled', '', '2026-01-01T00:00:00Z')",
                arguments: [meeting["schedule_id"] as! Int, meeting["original_date"] as! String])
        }
        let after = try search().first { $0["id"] as? Int == before["id"] as? Int }!
        #expect((after["next_meeting"] as? [String: Any])?["starts_at"] as? String != meeting["starts_at"] as? String)
    }

    @Test func aSignedInCallerNeverGetsTheAnonymousAnswer() throws {
        let app = try TestApp(demo: true)
        let admin = try app.key()
        func privateGroup(_ key: String?) throws -> [String: Any]? {
            let r = try app.get("/api/v1/groups?topic=eating-disorders", key: key)
            #expect(r.status == 200, "\(r.text)")
            return (r.jsonObject["data"] as? [[String: Any]] ?? []).first { $0["online_details_private"] as? Bool == true }
        }
        #expect(try privateGroup(nil)?["online_url"] == nil)
        #expect(try privateGroup(nil)?["online_url"] == nil)
        #expect(try privateGroup(admin)?["online_url"] as? String != nil)
    }
}

/// Writes by another process reach cached answers within the watch's poll.
@Suite struct SearchCacheOtherProcessTests {
    @Test func aWriteFromAnotherConnectionIsSeenWithinTwoSeconds() throws {
        let app = try TestApp(demo: true)
        func summary(_ id: Int) throws -> String? {
            let r = try app.get("/api/v1/groups?city=Denver")
            return (r.jsonObject["data"] as? [[String: Any]] ?? []).first { $0["id"] as? Int == id }?["summary"] as? String
        }
        let first = try app.get("/api/v1/groups?city=Denver")
        let id = (first.jsonObject["data"] as! [[String: Any]])[0]["id"] as! Int
        _ = try summary(id)
        // Another connection, as another process would open: the server's observer does not see it.
        // It waits for the server's writer as another process would (a busy timeout), rather than
        // failing with "database is locked" when the demo's own writes are still finishing.
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let other = try DatabaseQueue(path: app.database.path, configuration: configuration)
        try other.write { try $0.execute(sql: "UPDATE groups SET summary = 'Changed elsewhere.' WHERE id = ?", arguments: [id]) }
        try other.close()
        var seen = false
        let deadline = Date().addingTimeInterval(3)
        while !seen && Date() < deadline {
            seen = try summary(id) == "Changed elsewhere."
            if !seen { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(seen)
    }
}
