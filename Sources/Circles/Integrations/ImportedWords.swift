import Store

/// The words of vocabularies a bulk row gives (a group's format, audiences, …) and its times: each text becomes its
/// case, and a text that is no word of its vocabulary is kept here for `ImportChecks` to report, in
/// the same words and order as the API's checks, while the record gets a fallback it never writes.
struct ImportedWords {
    private var unknown: [String: [String]] = [:]

    /// `text` as a word of `V`; `fallback` when it is absent or unknown (then kept for the checks).
    mutating func read<V: Vocabulary>(_ text: String?, field: String, fallback: V) -> V {
        guard let text else { return fallback }
        if let word = V(rawValue: text) { return word }
        unknown[field, default: []].append(text)
        return fallback
    }

    /// The known words of `texts`, in order; the others are kept for the checks.
    mutating func list<V: Vocabulary>(_ texts: [String], field: String) -> [V] {
        texts.compactMap { text in
            if let word = V(rawValue: text) { return word }
            unknown[field, default: []].append(text)
            return nil
        }
    }

    /// `text` as a time (RFC 3339); nil when it is absent or not a time (then kept for the checks).
    mutating func time(_ text: String?, field: String) -> Timestamp? {
        guard let text else { return nil }
        if let time = Timestamp(rfc3339: text) { return time }
        unknown[field, default: []].append(text)
        return nil
    }

    /// The texts of `field` that are no word of its vocabulary.
    func unknown(_ field: String) -> [String] { unknown[field] ?? [] }
}
