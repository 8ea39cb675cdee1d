/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text: lines end in CRLF, none is longer than 76
/// characters (soft breaks `=`), and every byte outside printable ASCII, `=`, and a space or tab
/// before a line break is written as `=XX`.
enum QuotedPrintable {
    static func encode(_ text: String) -> String {
        var out = ""
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            var current = ""
            let bytes = Array(line.utf8)
            for (position, byte) in bytes.enumerated() {
                let last = position == bytes.count - 1
                let piece: String
                if (byte == 0x20 || byte == 0x09) && last {
                    piece = hex(byte)
                } else if byte == 0x20 || byte == 0x09 || (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) {
                    piece = String(UnicodeScalar(byte))
                } else {
                    piece = hex(byte)
                }
                // Keep room for the soft break's "=" within 76 characters.
                if current.utf8.count + piece.utf8.count > 75 {
                    out += current + "=\r\n"
                    current = ""
                }
                current += piece
            }
            out += current
            if index < lines.count - 1 { out += "\r\n" }
        }
        return out
    }

    private static let digits = Array("0123456789ABCDEF")

    private static func hex(_ byte: UInt8) -> String {
        "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
