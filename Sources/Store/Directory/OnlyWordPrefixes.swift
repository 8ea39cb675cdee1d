import GRDB

/// A prefix term of a text search (`"grief"*`) that begins exactly one word of the index is searched as
/// that word (`"grief"`): the same matches, positions and ranks. FTS5 answers a prefix by first copying
/// the postings of every word it begins into one list, and a ranked search reads its matches twice
/// (`circles_best`), where one word's postings are read in place (`q=grief` on 100,000 groups: 650 →
/// 410 µs for the ranking's SQL). Two seeks in the index's vocabulary (about 25 µs each) tell.
enum OnlyWordPrefixes {
    /// `match` (an expression of `GroupSearch.matchExpression`) with each such prefix term made whole.
    /// Prefixes of two or three letters are left alone: the index keeps their postings already merged
    /// (`prefix = '2 3'`, migration 0002).
    static func narrowed(_ match: String, in db: Database) throws -> String {
        var result = ""
        var rest = match[...]
        while let open = rest.firstIndex(of: "\""), let close = rest[rest.index(after: open)...].firstIndex(of: "\"") {
            let prefix = rest[rest.index(after: open)..<close]
            var end = rest.index(after: close)
            result += rest[..<open]
            if end < rest.endIndex, rest[end] == "*", prefix.unicodeScalars.count > 3, let word = try onlyWord(beginning: String(prefix), in: db) {
                result += "\"\(word)\""
                end = rest.index(after: end)
            } else {
                result += rest[open..<end]
            }
            rest = rest[end...]
        }
        return result + rest
    }

    /// The one word of the index that begins with `prefix`, or nil when none or several do. Words are
    /// compared as the index orders them, byte by byte; the next word after `word` is the first at or
    /// after `word` followed by the smallest character (no word of the index has a control character).
    static func onlyWord(beginning prefix: String, in db: Database) throws -> String? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT w.term, (SELECT n.term FROM group_search_instances n WHERE n.term >= w.term || char(1) LIMIT 1)
                FROM (SELECT term FROM group_search_instances WHERE term >= ? LIMIT 1) w
                """)
        guard let row = try Row.fetchOne(statement, arguments: [prefix]) else { return nil }
        let word: String = row[0]
        let next: String? = row[1]
        guard word.utf8.starts(with: prefix.utf8), !(next?.utf8.starts(with: prefix.utf8) ?? false), !word.contains("\"") else {
            return nil
        }
        return word
    }
}
