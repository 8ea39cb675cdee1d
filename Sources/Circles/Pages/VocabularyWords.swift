import Foundation
import HTTPServer
import Store

/// The words of every vocabulary with their labels, as the pages and the scripts show them, so that
/// neither carries copies: the static pages' templates list them by name (`{{#referral_status}}<option
/// value="{{value}}">{{label}}</option>{{/referral_status}}`), and the scripts read `/js/vocabulary.json`
/// (through `Public/js/vocabulary.js`):
///
///     {"audience": {"everyone": "Everyone", …}, "group_format": {"in_person": "In person", …}, …}
///
/// Each vocabulary lists its words in the order of its cases (the order of a form's options), and
/// `referral_status_moves` the statuses a coordinator may move a referral to; `language`, `time_zone` and
/// `state` the languages, zones and states the console offers (`Words`); `page_language` the languages the
/// pages are in — one per catalogue loaded (`Catalogues`), English first, each by its own name
/// (`{"en": "English", "es": "Español"}`) — which a group's texts may be translated into. The file is built at
/// start-up from the Swift enums and the catalogues and served from memory like any file (ETag, Last-Modified,
/// gzip, 304): no route.
enum VocabularyWords {
    static let jsonPath = "/js/vocabulary.json"

    /// The vocabularies by the name the scripts use, each word with its label.
    static let vocabularies: [(name: String, words: [(code: String, label: String)])] = [
        ("audience", labels(Audience.allCases)),
        ("change_request_kind", labels(ChangeRequestKind.allCases)),
        ("change_request_status", labels(ChangeRequestStatus.allCases)),
        ("contact_method", labels(ContactMethod.allCases)),
        ("feedback_status", labels(FeedbackStatus.allCases)),
        ("group_format", labels(GroupFormat.allCases)),
        ("group_status", labels(GroupStatus.allCases)),
        ("join_mode", labels(JoinMode.allCases)),
        ("location_kind", labels(LocationKind.allCases)),
        ("mail_kind", labels(MailKind.allCases)),
        ("open_to", labels(OpenTo.allCases)),
        ("referral_notices", labels(ReferralNotices.allCases)),
        ("referral_status", labels(ReferralStatus.allCases)),
        ("referral_status_for_person", ReferralStatus.allCases.map { ($0.rawValue, $0.personLabel) }),
        ("referrer_type", labels(ReferrerType.allCases)),
        ("role", labels(Role.allCases)),
        ("schedule_frequency", labels(ScheduleFrequency.allCases)),
        ("webhook_event", labels(WebhookEvent.allCases)),
    ]

    static func labels<V: Vocabulary>(_ words: [V]) -> [(code: String, label: String)] {
        words.map { ($0.rawValue, $0.label) }
    }

    /// The JSON text, keys in a fixed order (a dictionary would lose the order of the words): the words in
    /// `catalogue`'s language (English's labels without one), the page languages those of `catalogues`.
    static func json(_ catalogue: Catalogue? = nil, catalogues: Catalogues? = nil) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        func string(_ text: String) throws -> String { String(decoding: try encoder.encode(text), as: UTF8.self) }
        func object(_ members: [(String, String)]) -> String { "{" + members.map { $0.0 + ": " + $0.1 }.joined(separator: ", ") + "}" }
        var members = try vocabularies.map { vocabulary in
            let words = catalogue.map { localized(vocabulary, $0) } ?? vocabulary.words
            return (try string(vocabulary.name), object(try words.map { (try string($0.code), try string($0.label)) }))
        }
        let moves = try ReferralStatus.allCases.map { status in
            let next = try ReferralWorkflow.coordinatorMoves(from: status).map { try string($0.rawValue) }
            return (try string(status.rawValue), "[" + next.joined(separator: ", ") + "]")
        }
        members.append((try string("referral_status_moves"), object(moves)))
        // Not vocabularies of the store, but codes the console shows and offers in words.
        let states = Words.states.sorted { $0.value < $1.value }.map { (code: $0.key, label: $0.value) }
        for (name, words) in [("language", Words.languages), ("time_zone", Words.timeZoneChoices), ("state", states)] {
            members.append((try string(name), object(try words.map { (try string($0.code), try string($0.label)) })))
        }
        if let catalogues {
            members.append((try string("page_language"), object(try pageLanguages(catalogues).map { (try string($0.code), try string($0.label)) })))
        }
        return Array(("{\n" + members.map { "  " + $0.0 + ": " + $0.1 }.joined(separator: ",\n") + "\n}\n").utf8)
    }

    /// The languages the pages are in, each by its own name: one per catalogue, in their order (English first).
    static func pageLanguages(_ catalogues: Catalogues) -> [(code: String, label: String)] {
        catalogues.all.map { ($0.code, $0.name) }
    }

    /// The file in another language than English: `/js/vocabulary.es.json`.
    static func jsonPath(_ catalogue: Catalogue, _ catalogues: Catalogues) -> String {
        catalogue.code == catalogues.english.code ? jsonPath : "/js/vocabulary.\(catalogue.code).json"
    }

    /// Serves the files (one per language) from memory; `lastModified` is the start-up time (the words
    /// change only with the program and its catalogues).
    static func install(into files: StaticFiles, catalogues: Catalogues, lastModified: Int = Int(Date().timeIntervalSince1970)) throws {
        for catalogue in catalogues.all {
            files.serve(try json(catalogue, catalogues: catalogues), at: jsonPath(catalogue, catalogues), lastModified: lastModified)
        }
    }

    /// Each vocabulary by its name as a list of `value` and `label`, for the templates of the static pages.
    static let templateValues: [String: TemplateValue] = Dictionary(uniqueKeysWithValues: vocabularies.map { ($0.name, options($0.words)) })

    /// The same in `catalogue`'s language.
    static func templateValues(_ catalogue: Catalogue) -> [String: TemplateValue] {
        Dictionary(uniqueKeysWithValues: vocabularies.map { ($0.name, options(localized($0, catalogue))) })
    }

    /// A vocabulary's words with their labels in `catalogue`'s language (`vocabulary.<name>.<code>`).
    static func localized(
        _ vocabulary: (name: String, words: [(code: String, label: String)]), _ catalogue: Catalogue
    ) -> [(
        code: String, label: String
    )] {
        vocabulary.words.map { word in
            let key = Wording.labelKey(word.code, in: vocabulary.name)
            return (word.code, catalogue.has(key) ? catalogue.text(key) : word.label)
        }
    }

    /// Words as a template lists them: `{{#…}}{{value}} {{label}}{{/…}}`.
    static func options(_ words: [(code: String, label: String)]) -> TemplateValue {
        .list(words.map { ["value": .text($0.code), "label": .text($0.label)] })
    }
}
