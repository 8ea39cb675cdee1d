import Foundation

/// Words that name a language a group meets in ("Spanish", "español", "Vietnamese", "Tiếng Việt",
/// "Farsi"): a text search that has one also means "groups that meet in it", so the word becomes the
/// `language` filter instead of a word the listings must contain.
enum LanguageWords {
    /// From the languages' labels ("Spanish (español)"), and the other names people use.
    static let codes: [String: String] = {
        var codes: [String: String] = [:]
        for (code, label) in Words.languages {
            for name in label.replacingOccurrences(of: ")", with: "").components(separatedBy: " (") {
                codes[key(name)] = code
            }
        }
        let others = [
            "castellano": "es", "mandarin": "zh", "cantonese": "zh", "filipino": "tl", "creole": "ht", "kreyol": "ht",
            "farsi": "fa", "asl": "ase", "sign language": "ase", "portugues": "pt", "francais": "fr", "espanol": "es",
        ]
        codes.merge(others) { mine, _ in mine }
        return codes
    }()

    static func key(_ text: some StringProtocol) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).trimmingCharacters(in: .whitespaces)
    }

    /// The language `text` names (one word, or two such as "sign language" or "tieng viet"), and the
    /// text without it; nil when it names none.
    static func find(in text: String) -> (code: String, rest: String)? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," })
        for size in [2, 1] where words.count >= size {
            for start in 0...(words.count - size) {
                let phrase = words[start..<(start + size)].map(key).joined(separator: " ")
                guard let code = codes[phrase], code != "en" else { continue }
                let rest = (words[..<start] + words[(start + size)...]).joined(separator: " ")
                return (code, rest)
            }
        }
        return nil
    }
}
