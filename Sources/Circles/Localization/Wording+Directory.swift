import Store

/// The directory's words in a catalogue's language: vocabulary labels, topics, languages, time zones.
/// A word the catalogue lacks (a topic added since) keeps the English the directory stores.
extension Wording {
    /// A vocabulary word's label (`vocabulary.<name>.<code>`), the enum's English label when missing.
    func label<V: Vocabulary>(_ word: V, in vocabulary: String) -> String { label(word, in: vocabulary, english: word.label) }

    /// A word's label from another list of labels than its own (`referral_status_for_person`), `english` when missing.
    func label<V: Vocabulary>(_ word: V, in vocabulary: String, english: String) -> String {
        let key = Self.labelKey(word.rawValue, in: vocabulary)
        return catalogue.has(key) ? catalogue.text(key) : english
    }

    /// The catalogue key of a word's label: `vocabulary.<name>.<code>`, a `.` in the code written `_`.
    static func labelKey(_ code: String, in vocabulary: String) -> String {
        "vocabulary.\(vocabulary).\(code.replacingLiterally(".", with: "_"))"
    }

    func format(_ format: GroupFormat) -> String { label(format, in: "group_format") }

    func audience(_ audience: Audience) -> String { label(audience, in: "audience") }

    /// The codes and labels of some words of a vocabulary, for a form's options.
    func choices<V: Vocabulary>(_ cases: [V], in vocabulary: String) -> [(code: String, label: String)] {
        cases.map { ($0.rawValue, label($0, in: vocabulary)) }
    }

    /// A topic's name (`topics.<slug>.name`, with `-` written `_`), or the stored one.
    func topicName(_ slug: String, stored: String) -> String {
        let key = "topics." + slug.replacingLiterally("-", with: "_") + ".name"
        return catalogue.has(key) ? catalogue.text(key) : stored
    }

    func topicDescription(_ slug: String, stored: String) -> String {
        let key = "topics." + slug.replacingLiterally("-", with: "_") + ".description"
        return catalogue.has(key) ? catalogue.text(key) : stored
    }

    /// Topic names by slug, for cards and headings.
    func topicNames(_ topics: [TopicSummary]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: topics.map { ($0.slug, topicName($0.slug, stored: $0.name)) })
    }

    /// A language's name inside a sentence ("Spanish", "español"), or its code when unknown.
    func language(_ code: String) -> String {
        let key = "languages.\(code.lowercased()).name"
        return catalogue.has(key) ? catalogue.text(key) : code
    }

    /// The languages people search for, as a form lists them ("Spanish (español)", "Español").
    var languageChoices: [(code: String, label: String)] {
        Words.languages.map { ($0.code, catalogue.has("languages.\($0.code).option") ? catalogue.text("languages.\($0.code).option") : $0.label) }
    }

    /// "Pacific time" / "hora del Pacífico" for the zones most groups use; "Havana time" otherwise.
    func timeZone(_ identifier: String) -> String { zoneName(identifier, section: "zones") }

    /// The zone as a card says it after a time: "Pacific" ("6:30 pm Pacific"), "hora del Pacífico".
    func timeZoneShort(_ identifier: String) -> String { zoneName(identifier, section: "zones_short") }

    private func zoneName(_ identifier: String, section: String) -> String {
        let names = [
            "America/Los_Angeles": "pacific", "America/Denver": "mountain", "America/Phoenix": "arizona", "America/Boise": "mountain",
            "America/Chicago": "central", "America/New_York": "eastern", "America/Detroit": "eastern",
            "America/Indiana/Indianapolis": "eastern", "America/Anchorage": "alaska", "Pacific/Honolulu": "hawaii",
            "America/Puerto_Rico": "atlantic", "UTC": "utc",
        ]
        if let name = names[identifier] { return catalogue.text(section + "." + name) }
        let city = identifier.split(separator: "/").last.map { $0.replacingOccurrences(of: "_", with: " ") } ?? identifier
        return catalogue.text(section + ".city", ["city": city])
    }
}
