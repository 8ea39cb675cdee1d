/// An entity tag of `If-Match` or `If-None-Match` (RFC 9110 §8.8.3): its opaque part with the quotes
/// (`"v3"`), and whether it was weak (`W/"v3"`).
public struct EntityTag: Sendable, Equatable {
    public var opaque: Substring
    public var weak: Bool
}

public enum EntityTags {
    /// The tags of a list such as `"v3", W/"v4"` (RFC 9110 §5.6.1: empty elements allowed), or nil
    /// when the text is not such a list. A comma may stand inside a tag's quotes.
    public static func list(_ text: String) -> [EntityTag]? {
        var tags: [EntityTag] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "," }
            if rest.isEmpty { return tags }
            var weak = false
            if rest.hasPrefix("W/") {
                weak = true
                rest = rest.dropFirst(2)
            }
            guard rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") else { return nil }
            let opaque = rest[...close]
            // etagc: `!`, `#`–`~` and obs-text; no spaces, controls or backslashes.
            guard opaque.dropFirst().dropLast().unicodeScalars.allSatisfy({ $0 == "!" || ($0.value >= 0x23 && $0.value <= 0x7E) || $0.value >= 0x80 })
            else { return nil }
            tags.append(EntityTag(opaque: opaque, weak: weak))
            rest = rest[rest.index(after: close)...].drop { $0 == " " || $0 == "\t" }
            guard rest.isEmpty || rest.first == "," else { return nil }
        }
    }
}
