import Foundation

/// Header fields as RFC 5322 and RFC 2047 want them: folded within 78 characters, text that is not
/// ASCII as `=?UTF-8?B?…?=` encoded-words (never splitting a character), dates in RFC 5322 form.
enum MailHeader {
    /// `Name: value` with CRLF, folded at spaces so that no line passes 78 characters.
    static func folded(name: String, value: String) -> String {
        var out = ""
        var line = name + ":"
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            // Folding may come right after the colon, so that a long address gets a line of its own.
            if line.utf8.count + 1 + word.utf8.count > 78 && !line.hasSuffix(" ") && !(line.isEmpty) {
                out += line + "\r\n"
                line = ""
            }
            line += " " + word
        }
        return out + line + "\r\n"
    }

    /// Text for an unstructured field (`Subject`): as is when it is printable ASCII, otherwise
    /// encoded-words of at most 75 characters each, separated by spaces (where folding may break).
    static func encodedText(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !clean.contains("=?") { return clean }
        // 39 bytes become 52 base64 characters: "Subject: =?UTF-8?B?" + 52 + "?=" is 73.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in clean {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39 && !chunk.isEmpty {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: " ")
    }

    private static func word(_ bytes: [UInt8]) -> String { "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?=" }

    /// `Name <address>`, the name quoted or encoded as needed.
    static func mailbox(name: String, address: String) -> String {
        guard !name.isEmpty else { return "<\(address)>" }
        let plain = name.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F && !"\"\\".unicodeScalars.contains($0) }
        return (plain ? "\"\(name)\"" : encodedText(name)) + " <\(address)>"
    }

    /// `Sat, 05 Dec 2026 07:05:00 +0000`.
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
