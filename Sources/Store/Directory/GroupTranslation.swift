import GRDB

/// A group's texts in a language other than the one it writes in (`GroupRecord.contentLanguage`).
/// A nil text is not translated: pages show the original, marked with its own language.
public struct GroupTranslation: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "group_translations"
    public var groupId: Int64 = 0
    /// A lowercase language tag (`es`, `es-mx`): `ContentLanguage.isTag`.
    public var language: String
    public var name: String?
    public var summary: String?
    public var description: String?
    public var firstMeetingNote: String?

    public init(language: String, name: String? = nil, summary: String? = nil, description: String? = nil, firstMeetingNote: String? = nil) {
        self.language = language
        self.name = name
        self.summary = summary
        self.description = description
        self.firstMeetingNote = firstMeetingNote
    }

    /// Nothing translated: such a translation is not stored.
    public var isEmpty: Bool { name == nil && summary == nil && description == nil && firstMeetingNote == nil }

    /// The texts a translation may give, by their API, CSV and column names.
    public enum Field: String, CaseIterable, Sendable {
        case name, summary, description
        case firstMeetingNote = "first_meeting_note"

        /// The longest text, as for the group's own field.
        public var maxLength: Int {
            switch self {
            case .name: 150
            case .summary: 300
            case .description: 5000
            case .firstMeetingNote: 1000
            }
        }
    }

    public subscript(field: Field) -> String? {
        get {
            switch field {
            case .name: name
            case .summary: summary
            case .description: description
            case .firstMeetingNote: firstMeetingNote
            }
        }
        set {
            switch field {
            case .name: name = newValue
            case .summary: summary = newValue
            case .description: description = newValue
            case .firstMeetingNote: firstMeetingNote = newValue
            }
        }
    }
}

/// The language a group's texts are written in: open data (any language an organization writes in),
/// so a checked tag rather than an enum. The same form as the `CHECK`s of migration 0018.
public enum ContentLanguage {
    /// Texts are English unless the organization says otherwise.
    public static let original = "en"

    /// A lowercase primary language tag of two or three letters, with an optional region of two
    /// letters or three digits: `en`, `es`, `haw`, `es-mx`, `es-419`.
    public static func isTag(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), (2...3).contains(parts[0].count), parts[0].allSatisfy({ $0.isASCII && $0.isLowercase }) else {
            return false
        }
        guard parts.count == 2 else { return true }
        let region = parts[1]
        return (region.count == 2 && region.allSatisfy { $0.isASCII && $0.isLowercase })
            || (region.count == 3 && region.allSatisfy { $0.isASCII && $0.isNumber })
    }
}

extension GroupTranslation {
    public init(row: Row) throws {
        self.init(
            language: try row.decode(forColumn: "language"), name: try row.decode(forColumn: "name"),
            summary: try row.decode(forColumn: "summary"), description: try row.decode(forColumn: "description"),
            firstMeetingNote: try row.decode(forColumn: "first_meeting_note"))
        groupId = try row.decode(forColumn: "group_id")
    }
}
