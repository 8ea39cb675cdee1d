import Foundation
import TestSupport
import Testing

@testable import Circles
@testable import Store

/// A topic's name as every catalogue writes it ("Soledad y aislamiento", "Loneliness and isolation"),
/// and each word of it the search does not leave out, finds that topic's groups in a text search: on the
/// API and on the search pages of that language. A new topic or catalogue whose words the search does not
/// know fails here, naming them (`SearchSynonyms.tsv` says what a word also means).
@Suite(.serialized) struct TopicNameSearchTests {
    static let app = Result { try TestApp(demo: true) }
    static let catalogues = Result { try Catalogues(directory: TestHTTP.repositoryRoot + "/Public/locales") }

    /// Each catalogue's name of each topic, with the slugs of the topic's groups.
    struct Named {
        let catalogue: Catalogue
        let slug: String
        let name: String
        let groups: Set<String>
    }

    func everyName() throws -> [Named] {
        let topics = try Self.app.get().database.topics()
        let groups = try Dictionary(uniqueKeysWithValues: topics.map { ($0.slug, try slugs("topic=" + $0.slug)) })
        return try Self.catalogues.get().all.flatMap { catalogue in
            topics.map { topic in
                Named(
                    catalogue: catalogue, slug: topic.slug, name: Wording(catalogue).topicName(topic.slug, stored: topic.name),
                    groups: groups[topic.slug] ?? [])
            }
        }
    }

    func slugs(_ query: String) throws -> Set<String> {
        let response = try Self.app.get().get("/api/v1/groups?limit=100&" + query)
        #expect(response.status == 200, "\(query): \(response.text)")
        return Set((response.jsonObject["data"] as? [[String: Any]] ?? []).compactMap { $0["slug"] as? String })
    }

    func found(_ text: String) throws -> Set<String> { try slugs("q=" + Self.encoded(text)) }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// The words of a name a search matches on their own: not those it leaves out ("y", "de", "and"),
    /// nor "grupos" beside "hombres", nor the "s" of "Men's".
    static func significantWords(_ name: String) -> [String] {
        name.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init).filter {
            $0.count > 1 && !CommonWords.all.contains($0) && !CommonWords.generic.contains($0)
        }
    }

    @Test func everyTopicNameInEveryCatalogueFindsTheTopicsGroups() throws {
        let named = try everyName()
        #expect(Set(named.map(\.catalogue.code)).isSuperset(of: ["en", "es"]))
        for topic in named {
            #expect(!topic.groups.isEmpty, "the demo has groups of \(topic.slug)")
            let missing = topic.groups.subtracting(try found(topic.name))
            #expect(missing.isEmpty, "\(topic.catalogue.code) “\(topic.name)” misses \(missing.sorted()) of \(topic.slug)")
        }
    }

    @Test func everySignificantWordOfATopicNameFindsTheTopicsGroups() throws {
        for topic in try everyName() {
            let words = Self.significantWords(topic.name)
            #expect(!words.isEmpty, "\(topic.catalogue.code) “\(topic.name)” has a word to search")
            for word in words {
                let missing = topic.groups.subtracting(try found(word))
                #expect(missing.isEmpty, "\(topic.catalogue.code) “\(word)” (of “\(topic.name)”) misses \(missing.sorted()) of \(topic.slug)")
            }
        }
    }

    /// The search pages of each language find them too, every page of results followed.
    @Test func theSearchPagesOfEachLanguageFindThem() throws {
        let catalogues = try Self.catalogues.get()
        for topic in try everyName() {
            var shown = Set<String>()
            var next: String? = catalogues.path("/search/results", in: topic.catalogue) + "?q=" + Self.encoded(topic.name)
            var pages = 0
            while let target = next, pages < 10 {
                let page = try Self.app.get().get(target, headers: [("Accept", "text/html")])
                #expect(page.status == 200, "\(target): \(page.status)")
                shown.formUnion(page.text.matches(of: /class="result__name"><a href="[^"]*\/groups\/([a-z0-9-]+)"/).map { String($0.output.1) })
                next = page.text.firstMatch(of: /cursor=([A-Za-z0-9_-]+)/).map { String(target.prefix { $0 != "&" }) + "&cursor=" + $0.output.1 }
                pages += 1
            }
            let missing = topic.groups.subtracting(shown)
            #expect(missing.isEmpty, "\(topic.catalogue.code) page for “\(topic.name)” misses \(missing.sorted())")
        }
    }

    /// What Spanish speakers type for the topics, beyond their names.
    @Test(arguments: [
        ("alcoholismo", "alcohol"), ("alcohólicos anónimos", "alcohol"), ("Alcohólicos Anónimos", "addiction-recovery"),
        ("crianza de hijos", "parenting"), ("crianza", "parenting"), ("soledad", "isolation"), ("aislamiento", "isolation"),
        ("Soledad y aislamiento", "isolation"), ("jóvenes", "youth"), ("jovenes", "youth"), ("mayores", "seniors"),
        ("adultos mayores", "seniors"), ("inmigrantes", "immigrants"), ("recién llegados", "immigrants"),
        ("Inmigrantes y recién llegados", "immigrants"), ("Grupos de hombres", "mens-groups"), ("grupo de hombres", "mens-groups"),
        ("hombres", "mens-groups"), ("Grupos de mujeres", "womens-groups"), ("mujeres", "womens-groups"),
        ("Enfermedades crónicas", "chronic-illness"), ("enfermedad crónica", "chronic-illness"),
        ("Violencia doméstica", "domestic-violence"), ("Trastornos de la alimentación", "eating-disorders"),
        ("Consumo de sustancias", "substance-use"), ("drogas", "substance-use"), ("Pérdida por suicidio", "suicide-loss"),
        ("Embarazo y posparto", "postpartum"), ("Demencia", "dementia"), ("veteranos", "veterans"), ("salud mental", "mental-health"),
    ])
    func aSpanishWordForATopicFindsItsGroups(_ typed: String, _ topic: String) throws {
        let groups = try slugs("topic=" + topic)
        #expect(!groups.isEmpty)
        let missing = groups.subtracting(try found(typed))
        #expect(missing.isEmpty, "“\(typed)” misses \(missing.sorted()) of \(topic)")
    }

    /// "grupos" names no topic: alone it does not list every group, and beside a topic's word it does
    /// not ask for Spanish texts.
    @Test func grupos() throws {
        let every = try slugs("")
        #expect(every.count > 20)
        #expect(try found("grupos") != every, "grupos alone does not list every group")
        #expect(try found("Grupos de hombres") != every)
        #expect(!GroupSearch.matchesEverything("grupos"))
        #expect(GroupSearch.matchExpression("Grupos de hombres") == "(\"hombre\"* OR \"mens\"*)")
        #expect(GroupSearch.matchExpression("grupos") == "\"grupo\"*")
        #expect(SearchWords.meanings("Soledad y aislamiento") == ["loneliness", "isolation"], "each meaning once")
    }

    /// The Spanish page that said "Ningún grupo coincide con estos filtros" lists the groups.
    @Test func theSpanishPageNoLongerSaysNoGroupMatches() throws {
        let page = try Self.app.get().get("/es/search/results?q=soledad", headers: [("Accept", "text/html")]).text
        #expect(!page.contains("id=\"results-empty\" class=\"note\">"), "the empty note is hidden")
        #expect(page.contains("class=\"result__name\""))
    }
}
