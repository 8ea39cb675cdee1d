import Store

/// A group's own texts as a page in one language shows them: the organization's translation into the
/// page's language where it gave one, otherwise the original with the language it is written in when
/// that is not the page's (for its element's `lang`, so screen readers switch voice). The one place
/// that choice is made: the group page, the cards (search, topics, cities, the referral form), today,
/// print and the widget all read a group's texts through it, and so do the messages to a person
/// (`ReferralMail`: the group's name in the language they wrote in).
struct GroupTexts {
    /// One text and, when it is not in the page's language, the language it is in.
    struct Text {
        let text: String
        let language: String?
    }

    let name: Text
    let summary: Text
    let description: Text
    let firstMeetingNote: Text
    /// The language of the organization's other texts about the group, which have no translation (a facilitator's
    /// bio, lived experience and trainings, the organization's description, the cost, a place's directions and
    /// access notes, a schedule's or a meeting's note), when it is not the page's: they are taken to be written
    /// in the group's own language, `content_language`. Nil on a page in that language.
    let othersLanguage: String?

    /// The group's name in `language`, as its pages in that language name it: for text that cannot mark
    /// another language (a message to the person, the answer to their referral).
    static func name(of group: GroupRecord, _ translations: [GroupTranslation], language: String) -> String {
        GroupTexts(group, translations: translations, language: language).name.text
    }

    /// The texts for a page in `language` (a catalogue's code: `en`, `es`).
    init(_ d: GroupDetails, language: String) {
        self.init(d.group, translations: d.links.translations, language: language)
    }

    /// The same from a group's own columns and its translations (`GroupLinks.translations`).
    init(_ g: GroupRecord, translations: [GroupTranslation], language: String) {
        let own = g.contentLanguage
        let translation = own == language ? nil : Self.translation(translations, into: language)
        let mark = Self.othersLanguage(of: g, language: language)
        func pick(_ original: String, _ field: GroupTranslation.Field) -> Text {
            if let translated = translation?[field] { return Text(text: translated, language: nil) }
            return Text(text: original, language: original.isEmpty ? nil : mark)
        }
        name = pick(g.name, .name)
        summary = pick(g.summary, .summary)
        description = pick(g.description, .description)
        firstMeetingNote = pick(g.firstMeetingNote, .firstMeetingNote)
        othersLanguage = mark
    }

    /// `othersLanguage` alone, without choosing the group's texts: the group's own language, unless the
    /// page is in it.
    static func othersLanguage(of g: GroupRecord, language: String) -> String? {
        sameLanguage(g.contentLanguage, language) ? nil : g.contentLanguage
    }

    /// Another text of the organization's (see `othersLanguage`), marked with its language for the page.
    func original(_ text: String) -> Text {
        Text(text: text, language: text.isEmpty ? nil : othersLanguage)
    }

    init(_ d: GroupDetails, _ words: Wording) {
        self.init(d, language: words.catalogue.code)
    }

    /// The translation into `language` itself, else one into a regional form of it (`es-mx` for `es`).
    static func translation(_ translations: [GroupTranslation], into language: String) -> GroupTranslation? {
        translations.first { $0.language == language } ?? translations.first { sameLanguage($0.language, language) }
    }

    /// `es-mx` is Spanish on a Spanish page: it needs no `lang` of its own there.
    static func sameLanguage(_ tag: String, _ language: String) -> Bool {
        tag == language || tag.hasPrefix(language + "-")
    }
}

extension GroupTexts.Text {
    /// The text for a template (absent when empty).
    var value: TemplateValue { .optional(text) }
    /// Its language for `{{#nameLang}} lang="{{nameLang}}"{{/nameLang}}`: absent in the page's language.
    var lang: TemplateValue { .optional(language) }
}
