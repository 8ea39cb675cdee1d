import Foundation
import GRDB
import Store
import Testing

/// `circles_rank`, the FTS5 ranking function of group search (Sources/CSearchRank).
@Suite struct SearchRankTests {
    /// A migrated database whose search index holds the given rows (name, summary, description), ids 1, 2…
    static func withIndex(_ rows: [(String, String, String)], _ body: (AppDatabase) throws -> Void) throws {
        let (db, dir) = try SearchPlanTests.database()
        defer { try? db.close(); try? FileManager.default.removeItem(atPath: dir) }
        try db.pool.write { db in
            for (index, row) in rows.enumerated() {
                try db.execute(
                    sql: "INSERT INTO group_search (rowid, name, summary, description, topics, organization, place) VALUES (?, ?, ?, ?, '', '', '')",
                    arguments: [index + 1, row.0, row.1, row.2])
            }
        }
        try body(db)
    }

    /// Row ids matching `text`, best first, as the search orders them.
    static func ranked(_ text: String, in db: AppDatabase) throws -> [Int64] {
        try db.pool.read {
            try Int64.fetchAll(
                $0,
                sql: """
                    SELECT rowid FROM group_search WHERE group_search MATCH ? AND rank MATCH 'circles_rank(10.0, 4.0, 1.0, 6.0, 3.0, 3.0)'
                    ORDER BY rank
                    """, arguments: [GroupSearch.matchExpression(text)])
        }
    }

    static func rank(of id: Int64, _ text: String, in db: AppDatabase) throws -> Double? {
        try db.pool.read {
            try Double.fetchOne(
                $0,
                sql: """
                    SELECT circles_rank(group_search, 10.0, 4.0, 1.0, 6.0, 3.0, 3.0) FROM group_search
                    WHERE group_search MATCH ? AND rowid = ?
                    """, arguments: [GroupSearch.matchExpression(text), id])
        }
    }

    @Test func aWordInTheNameCountsMoreThanInTheSummaryOrDescription() throws {
        try Self.withIndex([
            ("Tuesday circle", "", "For anyone living with grief."),
            ("Tuesday circle", "A grief group.", ""),
            ("Grief circle", "", ""),
            ("Knitting club", "", "Nothing to do with it."),
        ]) { (db: AppDatabase) throws in
            #expect(try Self.ranked("grief", in: db) == [3, 2, 1])
        }
    }

    @Test func moreHitsRankHigherButEachAddsLess() throws {
        try Self.withIndex([
            ("Circle", "", "grief"),
            ("Circle", "", "grief and more grief"),
            ("Circle", "", "grief grief grief grief grief grief grief grief"),
            ("Circle", "grief", ""),
        ]) { (db: AppDatabase) throws in
            #expect(try Self.ranked("grief", in: db) == [4, 3, 2, 1])
            let one = try #require(try Self.rank(of: 1, "grief", in: db))
            let two = try #require(try Self.rank(of: 2, "grief", in: db))
            let eight = try #require(try Self.rank(of: 3, "grief", in: db))
            let summary = try #require(try Self.rank(of: 4, "grief", in: db))
            // Eight hits in the description (weight 1) stay below one in the summary (weight 4).
            #expect(one > two && two > eight && eight > summary)
        }
    }

    @Test func everyWordOfTheQueryAddsToTheScore() throws {
        try Self.withIndex([
            ("Grief circle", "", "parents"),
            ("Grief circle for parents", "", ""),
        ]) { (db: AppDatabase) throws in
            #expect(try Self.ranked("grief parents", in: db) == [2, 1])
            #expect(try Self.ranked("gri par", in: db) == [2, 1], "prefixes match and rank like whole words")
        }
    }

    /// Equal scores are ordered by id, and the rank is a distinct number per row: a cursor can resume after it.
    @Test func equalTextsAreOrderedByIdWithDistinctRanks() throws {
        try Self.withIndex(Array(repeating: ("Grief circle", "", ""), count: 5)) { (db: AppDatabase) throws in
            #expect(try Self.ranked("grief", in: db) == [1, 2, 3, 4, 5])
            let ranks = try (1...5).map { try #require(try Self.rank(of: Int64($0), "grief", in: db)) }
            #expect(ranks == ranks.sorted() && Set(ranks).count == 5)
        }
    }

    /// A row's rank depends on its own text and the query only, so pages of a text search keep their order
    /// while other groups are added.
    @Test func aRankDoesNotMoveWhenOtherRowsAreAdded() throws {
        try Self.withIndex([("Grief circle", "Peer support after a loss.", "")]) { (db: AppDatabase) throws in
            let before = try Self.rank(of: 1, "grief support", in: db)
            try db.pool.write { db in
                for id in 2...200 {
                    try db.execute(
                        sql:
                            "INSERT INTO group_search (rowid, name, summary, description, topics, organization, place) VALUES (?, 'Grief support', 'grief', 'support', '', '', '')",
                        arguments: [id])
                }
            }
            #expect(before != nil)
            #expect(try Self.rank(of: 1, "grief support", in: db) == before)
        }
    }

    /// `circles_best(count, after, weights…)` on a query of one phrase, read by `circles_matches`, as `[[id, rank], …]`.
    static func best(_ text: String, count: Int, after: Double?, in db: AppDatabase) throws -> [[Double]] {
        try db.pool.read {
            try Row.fetchAll(
                $0,
                sql: """
                    SELECT id, rank FROM circles_matches((
                        SELECT circles_best(group_search, ?, ?, 10.0, 4.0, 1.0, 6.0, 3.0, 3.0) FROM group_search
                        WHERE group_search MATCH ? LIMIT 1))
                    """, arguments: [count, after, GroupSearch.matchExpression(text)])
        }.map { [Double($0["id"] as Int64), $0["rank"] as Double] }
    }

    /// The best matches from C are `circles_rank`'s first ones, ids and ranks, from any rank on.
    @Test func theBestMatchesAreTheFirstByRank() throws {
        var rows: [(String, String, String)] = []
        for index in 0..<700 {
            let words = ["grief", "grief grief", "", "a circle"]
            rows.append((index % 5 == 0 ? "Grief circle" : "Circle", words[index % 4], index % 7 == 0 ? "grieving together" : "knitting"))
        }
        try Self.withIndex(rows) { (db: AppDatabase) throws in
            for text in ["grief", "gri", "together", "knitting", "zebra"] {
                #expect(!GroupSearch.matchExpression(text).isEmpty, "\(text)")
                let all = try db.pool.read {
                    try Row.fetchAll(
                        $0,
                        sql: """
                            SELECT rowid, circles_rank(group_search, 10.0, 4.0, 1.0, 6.0, 3.0, 3.0) AS rank FROM group_search
                            WHERE group_search MATCH ? ORDER BY rank
                            """, arguments: [GroupSearch.matchExpression(text)])
                }.map { [Double($0["rowid"] as Int64), $0["rank"] as Double] }
                for count in [1, 20, 300, 1000] {
                    #expect(try Self.best(text, count: count, after: nil, in: db) == Array(all.prefix(count)), "\(text), \(count)")
                    for start in [0, 1, 299, all.count - 1] where start >= 0 && start < all.count {
                        let after = all[start][1]
                        #expect(try Self.best(text, count: count, after: after, in: db) == Array(all.dropFirst(start + 1).prefix(count)))
                    }
                }
            }
        }
    }

    @Test func theBestMatchesNeedOnePhraseAndACount() throws {
        try Self.withIndex([("Grief circle", "", "")]) { (db: AppDatabase) throws in
            #expect(throws: DatabaseError.self) { try Self.best("grief circle", count: 5, after: nil, in: db) }
            #expect(throws: DatabaseError.self) { try Self.best("grief", count: 0, after: nil, in: db) }
            #expect(try Self.best("grief", count: 5, after: nil, in: db).map { $0[0] } == [1])
            #expect(try Self.best("zebra", count: 5, after: nil, in: db).isEmpty)
        }
    }

    /// `circles_matches` reads only what `circles_best` answers: anything else is refused, not misread.
    @Test func theMatchesTableReadsOnlyTheBestMatches() throws {
        try Self.withIndex([("Grief circle", "", "")]) { (db: AppDatabase) throws in
            for argument in ["'text'", "x'010203'", "42"] {
                #expect(throws: DatabaseError.self, "\(argument)") {
                    try db.pool.read { try Row.fetchAll($0, sql: "SELECT * FROM circles_matches(\(argument))") }
                }
            }
            #expect(throws: DatabaseError.self) { try db.pool.read { try Row.fetchAll($0, sql: "SELECT * FROM circles_matches") } }
            #expect(try db.pool.read { try Row.fetchAll($0, sql: "SELECT * FROM circles_matches(NULL)") }.isEmpty)
        }
    }

    /// The rows come in rank order, and SQLite relies on it: a page in rank order is not sorted again.
    @Test func theMatchesTableKeepsItsOrder() throws {
        try Self.withIndex([("Grief circle", "", ""), ("Circle", "grief", ""), ("Grief", "grief grief", "")]) { (db: AppDatabase) throws in
            let sql = """
                SELECT id FROM circles_matches((SELECT circles_best(group_search, 10, NULL, 10.0, 4.0, 1.0, 6.0, 3.0, 3.0)
                FROM group_search WHERE group_search MATCH '"grief"' LIMIT 1)) ORDER BY rank
                """
            let plan = try db.pool.read { try Row.fetchAll($0, sql: "EXPLAIN QUERY PLAN " + sql) }.map { $0["detail"] as String }
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
            let ids = try db.pool.read { try Int64.fetchAll($0, sql: sql) }
            #expect(ids == (try Self.best("grief", count: 10, after: nil, in: db)).map { Int64($0[0]) })
            #expect(ids.count == 3)
        }
    }
}
