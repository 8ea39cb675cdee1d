import Foundation
import GRDB
import Testing

@testable import Store

/// A prefix that begins one word of the index is searched as that word, and finds the same, ranked the same.
@Suite struct OnlyWordPrefixesTests {
    static let rows = [
        ("Grief circle", "Peer support for caregivers", ""),
        ("Grieving parents", "", "caregiving at home"),
        ("Loss and grief", "", "after a death"),
        ("Группа поддержки", "", ""),
    ]

    static func narrowed(_ match: String, in db: AppDatabase) throws -> String {
        try db.pool.read { try OnlyWordPrefixes.narrowed(match, in: $0) }
    }

    @Test func aPrefixOfOneWordBecomesThatWord() throws {
        try SearchRankTests.withIndex(Self.rows) { (db: AppDatabase) throws in
            #expect(try Self.narrowed(#""grief"*"#, in: db) == #""grief""#, "grieving does not begin with grief")
            #expect(try Self.narrowed(#""griev"*"#, in: db) == #""grieving""#)
            #expect(try Self.narrowed(#""caregiv"*"#, in: db) == #""caregiv"*"#, "caregivers and caregiving")
            #expect(try Self.narrowed(#""dea"*"#, in: db) == #""dea"*"#, "three letters: the index has the prefix's own list")
            #expect(try Self.narrowed(#""zebra"*"#, in: db) == #""zebra"*"#, "no word: left as it is")
            #expect(try Self.narrowed(#""гру"*"#, in: db) == #""гру"*"#, "three letters of six bytes are three letters")
            #expect(try Self.narrowed(#""груп"*"#, in: db) == #""группа""#)
            #expect(try Self.narrowed(#""grief""#, in: db) == #""grief""#, "not a prefix")
            #expect(
                try Self.narrowed(#"("loss"* OR "grief"*) AND ("peer"* AND "caregiv"*)"#, in: db)
                    == #"("loss" OR "grief") AND ("peer" AND "caregiv"*)"#)
            #expect(try Self.narrowed("", in: db) == "")
        }
    }

    /// The vocabulary is the index's own: once the other word is gone, the prefix has one word.
    @Test func theWordsFollowTheIndex() throws {
        try SearchRankTests.withIndex(Self.rows) { (db: AppDatabase) throws in
            try db.pool.write { try $0.execute(sql: "DELETE FROM group_search WHERE rowid = 2") }
            #expect(try Self.narrowed(#""caregiv"*"#, in: db) == #""caregivers""#)
        }
    }

    /// Made whole or not, an expression matches the same rows with the same ranks.
    @Test func theSameMatchesAndRanks() throws {
        try SearchRankTests.withIndex(Self.rows) { (db: AppDatabase) throws in
            for text in ["grief", "grieving", "caregivers", "loss", "grieving parents", "death", "duelo"] {
                let match = GroupSearch.matchExpression(text)
                let whole = try Self.narrowed(match, in: db)
                #expect(try Self.ranked(whole, in: db) == Self.ranked(match, in: db), "\(text): \(match) → \(whole)")
                #expect(try !Self.ranked(match, in: db).isEmpty, "\(text)")
            }
        }
    }

    static func ranked(_ match: String, in db: AppDatabase) throws -> [[Double]] {
        try db.pool.read {
            try Row.fetchAll(
                $0,
                sql: """
                    SELECT rowid, circles_rank(group_search, \(GroupSearch.relevanceWeights)) AS rank FROM group_search
                    WHERE group_search MATCH ? ORDER BY rank
                    """, arguments: [match])
        }.map { [Double($0["rowid"] as Int64), $0["rank"] as Double] }
    }
}
