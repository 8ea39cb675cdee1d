import Foundation
import GRDB
import Store
import Testing

/// A search word is mended only when no word of the listings begins with it, as the search index stands now.
@Suite struct SpellingCorrectionTests {
    @Test func aWordIsMendedOnlyWhenNoListingHasAWordThatBeginsWithIt() throws {
        try SearchRankTests.withIndex([("Widow walk", "", ""), ("Caregivers together", "", ""), ("Window seat", "", "")]) { db in
            #expect(try db.correctedSearchText("window") == nil, "a listing has it")
            #expect(try db.correctedSearchText("windo") == nil, "a listing's word begins with it")
            #expect(try db.correctedSearchText("widaw") == "widow")
            #expect(try db.correctedSearchText("widdow") == "widow", "window is one edit away too, and as common: the first alphabetically")
            #expect(try db.correctedSearchText("widow walk") == nil)
            try db.pool.write { try $0.execute(sql: "DELETE FROM group_search WHERE rowid = 3") }
            #expect(try db.correctedSearchText("window") == "widow", "the only listing that had it is gone")
            #expect(try db.correctedSearchText("windo") == nil, "no word one edit away")
        }
    }
}
