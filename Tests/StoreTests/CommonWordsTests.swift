import Store
import Testing

/// What a person types, as the text search matches it.
@Suite struct CommonWordsTests {
    @Test func commonWordsAreLeftOutOfTheMatch() {
        #expect(GroupSearch.matchExpression("Grief support group for parents") == "\"grief\"* \"parent\"*")
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

    @Test func otherEndingsAndMeaningsAreMatchedToo() {
        #expect(GroupSearch.matchExpression("caregivers") == "\"caregiver\"*")
        #expect(GroupSearch.matchExpression("parenting") == "\"parent\"*")
        #expect(GroupSearch.matchExpression("depressed") == "\"depress\"*", "depression stems the same")
        #expect(GroupSearch.matchExpression("duelo padres") == "(\"duelo\"* OR \"grief\"*) AND (\"padre\"* OR \"parent\"*)")
        #expect(GroupSearch.matchExpression("salud mental") == "((\"salud\"* AND \"mental\"*) OR (\"mental\"* AND \"health\"*))")
        #expect(GroupSearch.matchExpression("loss") == "(\"loss\"* OR \"grief\"*)", "no plural taken off a word ending in ss")
        #expect(SearchWords.meanings("duelo") == ["grief"])
    }

    @Test func atMostEightWordsAreMatched() {
        let words = (1...12).map { "word\($0)" }.joined(separator: " ")
        #expect(GroupSearch.matchExpression("the " + words).split(separator: " ").count == 8)
    }
}
