import Foundation

/// How place names are compared: case, accents, punctuation and spacing do not count, and the usual
/// abbreviations are the words they stand for ("St. Paul" is "saint paul", "Ft Collins" is "fort collins").
public enum PlaceName {
    public static func key(_ text: String) -> String {
        // Nearly every name is ASCII: read its bytes (Foundation's folding costs microseconds a call).
        let plain =
            text.utf8.allSatisfy { $0 < 0x80 } ? text : text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        guard plain.utf8.allSatisfy({ $0 < 0x80 }) else { return unicodeKey(plain) }
        var words: [String] = []
        var word: [UInt8] = []
        func end() {
            if !word.isEmpty {
                let text = String(decoding: word, as: UTF8.self)
                words.append(abbreviations[text] ?? text)
            }
            word.removeAll(keepingCapacity: true)
        }
        for byte in plain.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
            case UInt8(ascii: "'"): break
            default: end()
            }
        }
        end()
        return words.joined(separator: " ")
    }

    /// The same for names with letters beyond ASCII once accents are gone.
    private static func unicodeKey(_ plain: String) -> String {
        var words: [String] = []
        var word = ""
        for character in plain {
            if character.isLetter || character.isNumber {
                word.append(contentsOf: character.lowercased())
            } else if character != "'" && character != "’" {
                if !word.isEmpty { words.append(abbreviations[word] ?? word) }
                word = ""
            }
        }
        if !word.isEmpty { words.append(abbreviations[word] ?? word) }
        return words.joined(separator: " ")
    }

    static let abbreviations = ["st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "point"]
}
