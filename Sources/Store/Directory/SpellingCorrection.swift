import Foundation
import GRDB

/// Typing slips in a text search, mended from the directory's own words (`group_search_words`, an
/// fts5vocab view of the search index, migration 0009): a word of five letters or more that begins no
/// word of any listing is replaced by the listings' most common word one edit away (a letter added,
/// removed, changed, or two neighbours swapped): greif → grief, depresion → depression, sucide → suicide.
/// Only a word that matches nothing is touched, so a correct search never changes.
enum SpellingCorrection {
    /// `text` with its slips mended, or nil when no word was changed. `found`: a search for `text` found
    /// groups, so each word it required on its own (`"grief"*`) begins a listing's word and is not looked up.
    static func correct(_ text: String, in db: Database, found: Bool = false) throws -> String? {
        let searchable = CommonWords.searchable(text)
        let matched = found ? Set(SearchWords.expression(searchable)) : []
        var changed = false
        var words: [String] = []
        for word in text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }) {
            let folded = SearchWords.fold(word)
            // A generic word left out beside others ("personas mayores") is not searched: nothing to mend.
            let leftOut = CommonWords.generic.contains(String(word)) && !searchable.contains(word)
            if folded.count >= 5, folded.allSatisfy({ $0.isLetter && $0.isASCII }), SearchWords.synonyms[folded] == nil, !leftOut,
                !matched.contains("\"\(SearchWords.stem(folded))\"*"),
                try !begins(SearchWords.stem(folded), in: db), let fixed = try closest(folded, in: db)
            {
                words.append(fixed)
                changed = true
            } else {
                words.append(String(word))
            }
        }
        return changed ? words.joined(separator: " ") : nil
    }

    /// Whether some word of the listings begins with `prefix`: its first occurrence answers
    /// (`group_search_instances`, migration 0022), where `group_search_words` would count a common word's listings.
    static func begins(_ prefix: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM group_search_instances WHERE term >= ? AND term < ?)"),
            arguments: [prefix, prefix + "\u{FFFF}"]) ?? false
    }

    /// The listings' most common word one edit from `word` (of equals, the first alphabetically), if any.
    /// The spellings are looked up by one statement: each run of a statement on `group_search_words`
    /// makes FTS5 prepare one of its own to find the index, which one lookup per spelling repeated
    /// some 290 times (`q=greif` on 100,000 groups: 9.6 ms of CPU, now 2.6–3.1).
    static func closest(_ word: String, in db: Database) throws -> String? {
        let spellings = try String(decoding: JSONEncoder().encode(Array(oneEditAway(word))), as: UTF8.self)
        let statement = try db.cachedStatement(
            sql: "SELECT term, doc FROM group_search_words WHERE term IN (SELECT value FROM json_each(?))")
        var best: (word: String, count: Int)?
        for row in try Row.fetchAll(statement, arguments: [spellings]) {
            let (candidate, count): (String, Int) = (row[0], row[1])
            // Of equally common words the first alphabetically, so that every process mends to the same.
            if count > best?.count ?? 0 || (count == best?.count && candidate < best?.word ?? "") { best = (candidate, count) }
        }
        return best?.word
    }

    /// Every word one letter added, removed, changed, or two neighbours swapped away (a–z).
    static func oneEditAway(_ word: String) -> Set<String> {
        let letters = Array(word)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz")
        var found = Set<String>()
        for i in 0...letters.count {
            for c in alphabet {
                var inserted = letters
                inserted.insert(c, at: i)
                found.insert(String(inserted))
            }
            guard i < letters.count else { continue }
            var removed = letters
            removed.remove(at: i)
            found.insert(String(removed))
            for c in alphabet where c != letters[i] {
                var replaced = letters
                replaced[i] = c
                found.insert(String(replaced))
            }
            if i + 1 < letters.count {
                var swapped = letters
                swapped.swapAt(i, i + 1)
                found.insert(String(swapped))
            }
        }
        found.remove(word)
        return found
    }
}

extension AppDatabase {
    /// What a text search looks for once its typing slips are mended ("grief" for "greif"), or nil when
    /// it looks for what was typed: for a page to say "Showing results for …".
    public func correctedSearchText(_ text: String) throws -> String? {
        try pool.read { try SpellingCorrection.correct(text, in: $0) }
    }
}
