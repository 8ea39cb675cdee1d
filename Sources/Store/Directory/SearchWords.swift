import Foundation

/// What a text search looks for: each word a person typed, in a form that also finds its other
/// endings (caregivers → caregiver*, parenting → parent*, depressed → depress*), and what it also means
/// in `SearchSynonyms.tsv` (duelo → grief, "salud mental" → mental health, AA → addiction recovery).
///
/// Only the query changes, never the index: FTS5 matches each form as a prefix, so a shorter stem only
/// widens what a word finds, and a row's score still depends on its own text alone (stable pages).
public enum SearchWords {
    /// One FTS5 term per word, in order: `"grief"*`, or `("duelo"* OR "grief"*)` when it has synonyms
    /// (FTS5 wants an explicit AND beside a parenthesis: `GroupSearch.matchExpression` joins them).
    static func expression(_ words: [Substring]) -> [String] {
        var terms: [String] = []
        var index = 0
        while index < words.count {
            let word = fold(words[index])
            if index + 1 < words.count, let meanings = synonyms[word + " " + fold(words[index + 1])] {
                terms.append(alternatives([[word, fold(words[index + 1])]] + meanings))
                index += 2
                continue
            }
            terms.append(alternatives([[word]] + (synonyms[word] ?? [])))
            index += 1
        }
        return terms
    }

    /// The words a search also looked for, in the order typed ("grief" for "duelo"), each once, for "Showing
    /// results for…" ("soledad y aislamiento": loneliness, isolation).
    public static func meanings(_ text: String) -> [String] {
        let words = CommonWords.searchable(text).map(fold)
        var found: [String] = []
        var index = 0
        while index < words.count {
            if index + 1 < words.count, let meanings = synonyms[words[index] + " " + words[index + 1]] {
                found += meanings.map { $0.joined(separator: " ") }
                index += 2
            } else {
                found += (synonyms[words[index]] ?? []).map { $0.joined(separator: " ") }
                index += 1
            }
        }
        var said = Set<String>()
        return found.filter { said.insert($0).inserted }
    }

    private static func alternatives(_ forms: [[String]]) -> String {
        var seen = Set<[String]>()
        let terms = forms.map { $0.map(stem) }.filter { seen.insert($0).inserted }.map { form in
            form.count == 1 ? "\"\(form[0])\"*" : "(" + form.map { "\"\($0)\"*" }.joined(separator: " AND ") + ")"
        }
        return terms.count == 1 ? terms[0] : "(" + terms.joined(separator: " OR ") + ")"
    }

    /// A word without accents, as the index keeps it (`remove_diacritics 2`).
    static func fold(_ word: Substring) -> String {
        word.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    }

    /// The shortest beginning of an English word that its other endings share: plurals, -ing, -ed, -ion,
    /// a final y or e. Only for words of five letters or more, and never shorter than four.
    static func stem(_ word: String) -> String {
        guard word.count >= 5, word.allSatisfy({ $0.isLetter && $0.isASCII }) else { return word }
        var w = word
        func strip(_ suffix: String, keeping: Int = 4) -> Bool {
            guard w.hasSuffix(suffix), w.count - suffix.count >= keeping else { return false }
            w.removeLast(suffix.count)
            return true
        }
        if strip("ies") { return w }
        if w.hasSuffix("ss") || w.hasSuffix("us") || w.hasSuffix("is") {
            // loss, illness, focus, crisis: no plural to take off.
        } else if strip("s") {
            // parents → parent, then -ing/-er forms below do not apply to a plural.
            return w
        }
        if strip("ing") || strip("ed") || strip("ion", keeping: 5) { return w }
        if strip("y") || strip("e") { return w }
        return w
    }

    /// Word (or two-word phrase) → what it also means, each meaning as its words.
    static let synonyms: [String: [[String]]] = {
        guard let url = Bundle.module.url(forResource: "SearchSynonyms", withExtension: "tsv"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [:] }
        return parse(text)
    }()

    static func parse(_ text: String) -> [String: [[String]]] {
        var table: [String: [[String]]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t")
            guard fields.count == 2 else { continue }
            let meanings = fields[1].split(separator: ",").map { meaning in
                meaning.split(separator: " ").map { fold($0) }
            }
            table[fold(fields[0]).trimmingCharacters(in: .whitespaces), default: []] += meanings
        }
        return table
    }
}
