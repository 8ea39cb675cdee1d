import Store
import Testing

/// What a person types, as the text search matches it.
@Suite struct CommonWordsTests {
    @Test func commonWordsAreLeftOutOfTheMatch() {
        #expect(GroupSearch.matchExpression("Grief support group for parents") == "\"grief\"* \"parents\"*")
        #expect(GroupSearch.matchExpression("AND the OR") == "")
        #expect(GroupSearch.matchExpression("support") == "")
        #expect(GroupSearch.matchExpression("sup") == "\"sup\"*", "a word being typed is kept as a prefix")
    }

    @Test func onlyCommonWordsMatchEverythingButNoWordsMatchNothing() {
        #expect(GroupSearch.matchesEverything("support group"))
        #expect(GroupSearch.matchesEverything("A peer meeting"))
        #expect(!GroupSearch.matchesEverything("grief support"))
        #expect(!GroupSearch.matchesEverything("!!! ..."))
        #expect(!GroupSearch.matchesEverything(""))
    }

    @Test func atMostEightWordsAreMatched() {
        let words = (1...12).map { "word\($0)" }.joined(separator: " ")
        #expect(GroupSearch.matchExpression("the " + words).split(separator: " ").count == 8)
    }
}
