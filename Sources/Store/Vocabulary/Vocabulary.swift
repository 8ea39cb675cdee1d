import GRDB

/// A closed set of domain words: each case is stored as its column's text (its raw value), sent as
/// the same string in JSON, and shown to people as `label`. Every mapping of one vocabulary to
/// another is an exhaustive `switch`, so a new case does not compile until each mapping says what
/// it means; `VocabularyTests` checks the raw values against the SQL `CHECK`s and the OpenAPI enums.
///
/// A word prints as its raw value (`"\(status)"` is `not_for_me`, never the case name `notForMe`),
/// so messages and audit details read as they did when these were strings.
///
/// `StatementColumnConvertible` lets GRDB decode a case straight from the column's text, without
/// going through a `DatabaseValue` (the records a search reads decode column by column).
public protocol Vocabulary: RawRepresentable<String>, CaseIterable, Codable, Hashable, Sendable, CustomStringConvertible,
    DatabaseValueConvertible, StatementColumnConvertible
where AllCases == [Self] {
    /// The word in English, as the pages and the scripts show it.
    var label: String { get }
}

extension Vocabulary {
    public var description: String { rawValue }

    /// The raw values in declaration order, for messages such as "must be one of: …".
    public static var rawValues: [String] { allCases.map(\.rawValue) }
}
