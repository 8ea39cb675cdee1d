import Foundation
import Testing

@testable import Circles

/// A search that forgives: other endings, typing slips, synonyms and other languages, topic case,
/// language words; and the page says what it understood.
@Suite(.serialized) struct ForgivingSearchTests {
    static let app = Result { try TestApp(demo: true) }

    func slugs(_ query: String) throws -> [String] {
        let response = try Self.app.get().get("/api/v1/groups?limit=100&" + query)
        #expect(response.status == 200, "\(query): \(response.text)")
        return (response.jsonObject["data"] as? [[String: Any]] ?? []).compactMap { $0["slug"] as? String }
    }

    @Test func otherEndingsOfAWordFindTheSameGroups() throws {
        #expect(Set(try slugs("q=caregivers")) == Set(try slugs("q=caregiver")))
        #expect(!(try slugs("q=caregiver")).isEmpty)
        #expect(Set(try slugs("q=parents")).isSuperset(of: try slugs("q=parenting")))
        #expect(Set(try slugs("q=grieving")).isSuperset(of: try slugs("q=grief")), "grieving finds the grief groups")
    }

    @Test(arguments: [("greif", "grief"), ("depresion", "depression"), ("sucide", "suicide"), ("depressed", "depression"), ("duelo", "grief")])
    func aSlipOrAnotherWordFindsWhatItMeans(_ typed: String, _ meant: String) throws {
        let found = Set(try slugs("q=" + typed))
        let expected = Set(try slugs("q=" + meant))
        #expect(!expected.isEmpty, "the demo has \(meant) groups")
        #expect(found.isSuperset(of: expected), "\(typed) finds what \(meant) finds")
    }

    @Test func phrasesAndAbbreviationsHaveMeanings() throws {
        #expect(Set(try slugs("q=salud%20mental")).isSuperset(of: try slugs("q=mental%20health")))
        #expect(!(try slugs("q=AA")).isEmpty)
    }

    @Test func aTopicIsReadInAnyCase() throws {
        let lower = try slugs("topic=grief")
        let title = try slugs("topic=Grief")
        let upper = try slugs("topic=GRIEF")
        #expect(!lower.isEmpty && lower == title && lower == upper)
    }

    @Test(arguments: [("Spanish", "es"), ("español", "es"), ("Vietnamese", "vi")])
    func aLanguageWordFindsTheGroupsThatMeetInIt(_ word: String, _ code: String) throws {
        let encoded = word.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? word
        let byWord = try slugs("q=" + encoded)
        let byLanguage = try slugs("language=" + code)
        #expect(!byLanguage.isEmpty && Set(byWord).isSuperset(of: byLanguage), "\(word): \(byWord.count) of \(byLanguage.count)")
    }

    @Test func thePageSaysWhatItUnderstood() throws {
        let slip = try Self.app.get().get("/search?q=greif").text
        #expect(slip.contains("Showing results for “grief”."))
        let other = try Self.app.get().get("/search?q=duelo").text
        #expect(other.contains("Showing results for “duelo” and “grief”."))
        let language = try Self.app.get().get("/search?q=Spanish").text
        #expect(language.contains("Showing groups that meet in Spanish."))
        let plain = try Self.app.get().get("/search?q=grief").text
        #expect(!plain.contains("Showing results for"))
    }
}
