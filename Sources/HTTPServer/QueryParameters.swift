/// Query-string parameters, percent-decoded, with repeated keys kept in order.
public struct QueryParameters: Sendable {
    public private(set) var pairs: [(key: String, value: String)] = []

    public init(parsing raw: String) {
        guard !raw.isEmpty else { return }
        for part in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let key: Substring, value: Substring
            if let eq = part.firstIndex(of: "=") {
                key = part[..<eq]
                value = part[part.index(after: eq)...]
            } else {
                key = part
                value = ""
            }
            pairs.append(
                (
                    key: PercentDecoding.decode(key, plusAsSpace: true) ?? String(key),
                    value: PercentDecoding.decode(value, plusAsSpace: true) ?? String(value)
                ))
        }
    }

    public init(_ pairs: [(String, String)]) {
        self.pairs = pairs.map { (key: $0.0, value: $0.1) }
    }

    /// The first value of a key.
    public subscript(key: String) -> String? {
        pairs.first { $0.key == key }?.value
    }

    /// Every value of a key, in order (`topic=a&topic=b`).
    public func all(_ key: String) -> [String] {
        pairs.filter { $0.key == key }.map(\.value)
    }

    public var keys: [String] {
        var seen = Set<String>()
        return pairs.compactMap { seen.insert($0.key).inserted ? $0.key : nil }
    }
}

/// Percent-decoding that refuses malformed escapes and invalid UTF-8.
public enum PercentDecoding {
    /// Returns nil when an escape is malformed or the result is not UTF-8.
    /// A `String` without escapes is returned as it is, checked here rather than through the generic
    /// version, which other modules call unspecialized (a twentieth of the CPU time of a static file).
    public static func decode(_ text: String, plusAsSpace: Bool = false) -> String? {
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) { return text }
        return decode(Substring(text), plusAsSpace: plusAsSpace)
    }

    public static func decode<S: StringProtocol>(_ text: S, plusAsSpace: Bool = false) -> String? {
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(text)
        }
        let utf8 = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            let c = utf8[i]
            if c == UInt8(ascii: "%") {
                guard i + 2 < utf8.count, let h = hexValue(utf8[i + 1]), let l = hexValue(utf8[i + 2]) else { return nil }
                out.append(h << 4 | l)
                i += 3
            } else if plusAsSpace && c == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
                i += 1
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Encodes everything but unreserved characters (RFC 3986), for building links.
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(UnicodeScalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(UnicodeScalar(hex[Int(byte & 15)]))
            }
        }
        return out
    }
}
