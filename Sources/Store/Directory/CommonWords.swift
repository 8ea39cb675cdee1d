/// Words a text search leaves out because nearly every listing has them.
///
/// English function words ("for", "and", "the"), and the words of this directory that describe every
/// group ("support", "group", "peer", "meeting"). Matching them narrows nothing, and ranking them
/// costs the most: "support group" matched all 100,000 generated groups and took 29 ms to rank, and
/// "help for parents" ranked every listing with "for" in it. A search made only of such words lists
/// every group, as an empty search does.
enum CommonWords {
    static let all: Set<String> = [
        "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but",
        "by", "can", "do", "for", "from", "had", "has", "have", "he", "her", "his", "i", "if", "in", "into",
        "is", "it", "its", "me", "my", "near", "no", "not", "of", "on", "or", "our", "she", "so", "some",
        "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to",
        "up", "us", "was", "we", "were", "what", "when", "where", "which", "who", "will", "with", "you", "your",
        "group", "groups", "meeting", "meetings", "peer", "peers", "support", "supports",
        // Spanish function words, as in the topics' names ("Trastornos de la alimentación").
        "con", "de", "del", "e", "el", "en", "la", "las", "los", "o", "para", "por", "u", "un", "una", "y",
    ]

    /// Spanish words for what every listing is ("Grupos de hombres", "Personas mayores"): left out beside
    /// other words, which name what is sought, else a search would find only the listings translated into
    /// Spanish. Alone they are searched: only translated texts have them, so they narrow.
    static let generic: Set<String> = ["apoyo", "grupo", "grupos", "persona", "personas", "reunion", "reunión", "reuniones"]

    /// The words of `text` a search matches: lowercased, split at anything but letters and digits, common
    /// words left out, and generic ones unless nothing else is left; at most eight.
    static func searchable(_ text: String) -> [Substring] {
        let words = words(text).filter { !all.contains(String($0)) }
        let specific = words.filter { !generic.contains(String($0)) }
        return Array((specific.isEmpty ? words : specific).prefix(8))
    }

    /// Whether `text` has words and every one is common (such a search lists every group).
    static func onlyCommon(_ text: String) -> Bool {
        let words = words(text)
        return !words.isEmpty && words.allSatisfy { all.contains(String($0)) }
    }

    private static func words(_ text: String) -> [Substring] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }
    }
}
