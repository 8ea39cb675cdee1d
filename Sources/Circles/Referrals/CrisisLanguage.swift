import Foundation

/// Finds words that suggest someone may be in danger; a note holding one flags the referral, and a
/// flagged referral is urgent. The phrases are data (`CrisisPhrases`); the matching forgives what people
/// type in distress: capitals, accents, punctuation, extra spaces, and one wrong, missing, extra or
/// swapped letter in a word of five letters or more ("sucide", "suicdal", "myslef").
enum CrisisLanguage {
    /// One phrase as words; a word ending in `*` matches any word it begins ("suicid*": suicide, suicidal, suicidio).
    struct Phrase {
        var words: [String]
    }

    static let phrases: [Phrase] = (CrisisPhrases.english + CrisisPhrases.spanish).map { Phrase(words: words(of: $0, keepStars: true)) }

    static func detected(in text: String) -> Bool {
        let said = words(of: text, keepStars: false)
        guard !said.isEmpty else { return false }
        return phrases.contains { phrase in
            guard phrase.words.count <= said.count else { return false }
            return (0...(said.count - phrase.words.count)).contains { start in
                phrase.words.indices.allSatisfy { matches(said[start + $0], phrase.words[$0]) }
            }
        }
    }

    /// Lowercased words without accents or apostrophes ("Don’t" → "dont", "daño" → "dano").
    static func words(of text: String, keepStars: Bool) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .lowercased()
            .replacingOccurrences(of: "'", with: "").replacingOccurrences(of: "’", with: "")
        return folded.split { !($0.isLetter || $0.isNumber || (keepStars && $0 == "*")) }.map(String.init)
    }

    /// Whether a typed word is the phrase's word, forgiving one slip in a long word.
    static func matches(_ typed: String, _ word: String) -> Bool {
        if word.hasSuffix("*") {
            let stem = String(word.dropLast())
            if typed.hasPrefix(stem) { return true }
            guard stem.count >= 5 else { return false }
            // The typed word's beginning, one letter shorter, as long or one longer than the stem.
            return (stem.count - 1...stem.count + 1).contains { length in
                length <= typed.count && withinOneEdit(String(typed.prefix(length)), stem)
            }
        }
        if typed == word { return true }
        return word.count >= 5 && withinOneEdit(typed, word)
    }

    /// At most one letter replaced, left out, added, or swapped with its neighbour.
    static func withinOneEdit(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        if abs(x.count - y.count) > 1 { return false }
        if x.count == y.count {
            let differences = x.indices.filter { x[$0] != y[$0] }
            if differences.count <= 1 { return true }
            return differences.count == 2 && differences[1] == differences[0] + 1 && x[differences[0]] == y[differences[1]]
                && x[differences[1]] == y[differences[0]]
        }
        let (short, long) = x.count < y.count ? (x, y) : (y, x)
        var i = 0
        while i < short.count && short[i] == long[i] { i += 1 }
        return short[i...] == long[(i + 1)...]
    }
}

/// What the response says when someone may be in crisis. Circles does not answer emergencies itself.
/// In the referral's language (`referral.crisis.*` of its catalogue): in Spanish, the Lifeline's Spanish line.
struct CrisisGuidance: Encodable {
    var message: String
    var call988: String
    var call911: String
    var note: String

    init(_ t: Catalogue) {
        message = t.text("referral.crisis.message")
        call988 = t.text("referral.crisis.call988")
        call911 = t.text("referral.crisis.call911")
        note = t.text("referral.crisis.note")
    }
}
