import Foundation

/// The messages of one language, read from `Public/locales/<code>.json` at start-up.
///
/// The file is nested JSON: sections hold messages or further sections, and a message is text with
/// `{name}` placeholders. A plural message is an object of CLDR categories (`one`, `other`; `other` is
/// required) whose text may hold `{count}`:
///
///     {"language": {"code": "es", "name": "Español"},
///      "search": {"found": {"one": "{count} grupo encontrado.", "other": "{count} grupos encontrados."}}}
///
/// Swift reads a message by its dotted key (`catalogue.text("search.heading")`, `catalogue.plural(
/// "search.found", count: 3)`); templates read the same tree as `{{t.search.heading}}` (strict mode: a
/// key the catalogue lacks fails the page); scripts fetch the file itself (`/locales/es.json`).
struct Catalogue: Sendable {
    /// A message: text, or the forms of a plural.
    enum Message: Sendable, Equatable {
        case text(String)
        case plural([String: String])

        /// Every `{name}` the message uses, in all its forms.
        var placeholders: Set<String> {
            switch self {
            case .text(let text): Catalogue.placeholders(in: text)
            case .plural(let forms): forms.values.reduce(into: Set()) { $0.formUnion(Catalogue.placeholders(in: $1)) }
            }
        }
    }

    /// The BCP 47 code, as in `lang` attributes and addresses (`/es/…`).
    let code: String
    /// The language's own name, shown on the switch ("Español").
    let name: String
    /// Every message by its dotted key.
    let messages: [String: Message]
    /// The same messages as nested template values, for `{{t.…}}`.
    let templateValue: TemplateValue
    /// The `script` section as a JSON data element for pages with scripts: `t()` of `Public/js/lib.js`
    /// reads its words from there, synchronously, with the address prefix of the page's language.
    let scriptWords: HTML

    static let pluralCategories: Set<String> = ["zero", "one", "two", "few", "many", "other"]

    /// Reads a catalogue file; a malformed file or a missing `language.code`/`language.name` is an error naming the file.
    init(json data: Data, file: String) throws {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TemplateError(description: "\(file): not a JSON object")
        }
        var messages: [String: Message] = [:]
        let tree = try Self.read(root, prefix: "", file: file, into: &messages)
        guard case .text(let code) = messages["language.code"], case .text(let name) = messages["language.name"] else {
            throw TemplateError(description: "\(file): needs language.code and language.name")
        }
        self.code = code
        self.name = name
        self.messages = messages
        templateValue = tree
        let prefix = code == "en" ? "" : "/" + code
        scriptWords = HTML.jsonScript(
            type: "application/json", id: "circles-words",
            ["prefix": prefix, "words": (root["script"] as? [String: Any] ?? [:]).merging(["languages": root["languages"] ?? [:]]) { a, _ in a }]
                as [String: Any])
    }

    private static func read(_ object: [String: Any], prefix: String, file: String, into messages: inout [String: Message]) throws -> TemplateValue {
        var fields: [String: TemplateValue] = [:]
        for (key, value) in object {
            let path = prefix.isEmpty ? key : prefix + "." + key
            switch value {
            case let text as String:
                messages[path] = .text(text)
                fields[key] = .text(text)
            case let nested as [String: Any]:
                if let forms = nested as? [String: String], forms["other"] != nil, Set(forms.keys).isSubset(of: pluralCategories) {
                    messages[path] = .plural(forms)
                    fields[key] = .text(forms["other"]!)
                } else {
                    fields[key] = try read(nested, prefix: path, file: file, into: &messages)
                }
            default:
                throw TemplateError(description: "\(file): \(path) is neither text, a plural nor a section")
            }
        }
        return .object(fields)
    }

    /// The message `key` with its placeholders filled; the key itself when the catalogue lacks it
    /// (start-up refuses catalogues that disagree on their keys, so this shows only a typo in code).
    func text(_ key: String, _ values: [String: String] = [:]) -> String {
        switch messages[key] {
        case .text(let text): Self.fill(text, values)
        case .plural(let forms): Self.fill(forms["other"] ?? key, values)
        case nil: key
        }
    }

    /// The form of plural `key` for `count` (`one` for exactly 1 when the language has it, else `other`),
    /// with `{count}` and the other placeholders filled.
    func plural(_ key: String, count: Int, _ values: [String: String] = [:]) -> String {
        guard case .plural(let forms) = messages[key] else { return text(key, values.merging(["count": String(count)]) { a, _ in a }) }
        let form = (count == 1 ? forms["one"] : nil) ?? forms["other"] ?? key
        return Self.fill(form, values.merging(["count": String(count)]) { a, _ in a })
    }

    /// Whether the catalogue has `key` (for tests and optional wording).
    func has(_ key: String) -> Bool { messages[key] != nil }

    /// Replaces each `{name}` by its value; an unknown name stays as it is. A value that ends a sentence
    /// with its own period ("7:00 a. m.") is not given a second one: "En lugar de {was}." ends once.
    static func fill(_ text: String, _ values: [String: String]) -> String {
        guard !values.isEmpty, text.contains("{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
            if let value = values[name] {
                out += value
                if value.hasSuffix("."), rest.first == "." { rest = rest.dropFirst() }
            } else {
                out += text[open...close]
            }
        }
        out += rest
        return out
    }

    static func placeholders(in text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
