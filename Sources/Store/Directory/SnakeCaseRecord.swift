import GRDB
import Synchronization

/// Columns are snake_case in SQL and camelCase in Swift.
public protocol SnakeCaseRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {}

extension SnakeCaseRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .custom(SnakeCaseColumns.column(forKey:)) }
}

/// The column of a coding key, converted once per name: GRDB's `.convertToSnakeCase` converts every
/// key of every record it saves, which was a tenth of the CPU time of the single writer committing
/// referrals (`GroupCommit`). The conversion is Foundation's ("myURLValue" → "my_url_value"), which
/// GRDB copies; a test compares the two, and a wrong column name would fail every insert.
enum SnakeCaseColumns {
    private static let known = Mutex<[String: String]>([:])

    static func column(forKey key: any CodingKey) -> String {
        let name = key.stringValue
        if let column = known.withLock({ $0[name] }) { return column }
        let column = snakeCase(name)
        known.withLock { $0[name] = column }
        return column
    }

    /// Foundation's `convertToSnakeCase`, step for step: split before each uppercase letter after the
    /// first character, keep a run of capitals together up to the one a lowercase letter follows.
    static func snakeCase(_ key: String) -> String {
        let c = Array(key)
        guard !c.isEmpty else { return key }
        var words: [Range<Int>] = []
        var wordStart = 0
        var search = 1
        while let upper = (search..<c.count).first(where: { c[$0].isUppercase }) {
            words.append(wordStart..<upper)
            guard let lower = (upper..<c.count).first(where: { c[$0].isLowercase }) else {
                wordStart = upper
                break
            }
            if lower == upper + 1 {
                wordStart = upper
            } else {
                words.append(upper..<(lower - 1))
                wordStart = lower - 1
            }
            search = lower + 1
        }
        words.append(wordStart..<c.count)
        return words.map { String(c[$0]).lowercased() }.joined(separator: "_")
    }
}
