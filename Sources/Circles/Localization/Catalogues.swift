import Foundation
import HTTPServer

/// Every language the site speaks: one catalogue file each in `Public/locales/` (`en.json`, `es.json`…),
/// read once at start-up. English is the default: its pages keep their addresses (`/search`); every other
/// language has the same pages under its code (`/es/search`). A new language is one more file — start-up
/// refuses a catalogue whose keys or placeholders differ from English's, naming them.
///
/// For other code (e-mails, the API): `catalogues.for(request)` is the language of a page's address,
/// `catalogues.negotiate(request.headers["Accept-Language"])` the best match of a header, and
/// `catalogues[code]` a stored choice (a referral's language); each gives a `Catalogue` to read messages from.
struct Catalogues: Sendable {
    /// Every catalogue, English first, then by code.
    let all: [Catalogue]
    let english: Catalogue

    /// The cookie the language switch sets, so that `/` remembers the choice.
    static let cookieName = "circles_lang"

    init(_ catalogues: [Catalogue]) throws {
        guard let english = catalogues.first(where: { $0.code == "en" }) else { throw TemplateError(description: "locales: no en.json") }
        self.english = english
        all = [english] + catalogues.filter { $0.code != "en" }.sorted { $0.code < $1.code }
        let problems = Self.differences(all)
        guard problems.isEmpty else { throw TemplateError(description: "locales: " + problems.joined(separator: "; ")) }
    }

    /// Reads every `*.json` file of `directory`.
    init(directory: String) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        try self.init(
            names.filter { $0.hasSuffix(".json") }.sorted().map { name in
                guard let data = FileManager.default.contents(atPath: directory + "/" + name) else {
                    throw TemplateError(description: "cannot read \(directory)/\(name)")
                }
                let catalogue = try Catalogue(json: data, file: name)
                guard name == catalogue.code + ".json" else { throw TemplateError(description: "\(name) says it is \(catalogue.code)") }
                return catalogue
            })
    }

    /// Where each catalogue differs from English: keys missing or extra, placeholders not the same.
    static func differences(_ catalogues: [Catalogue]) -> [String] {
        guard let english = catalogues.first(where: { $0.code == "en" }) else { return ["no English catalogue"] }
        var problems: [String] = []
        for catalogue in catalogues where catalogue.code != "en" {
            let missing = Set(english.messages.keys).subtracting(catalogue.messages.keys).sorted()
            let extra = Set(catalogue.messages.keys).subtracting(english.messages.keys).sorted()
            if !missing.isEmpty { problems.append("\(catalogue.code) lacks \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { problems.append("\(catalogue.code) has keys English lacks: \(extra.joined(separator: ", "))") }
            for (key, message) in english.messages.sorted(by: { $0.key < $1.key }) {
                guard let other = catalogue.messages[key], key != "language.code" else { continue }
                if other.placeholders != message.placeholders {
                    problems.append(
                        "\(catalogue.code) \(key) has {\(other.placeholders.sorted().joined(separator: "}, {"))} instead of {\(message.placeholders.sorted().joined(separator: "}, {"))}"
                    )
                }
                if case .plural = message, case .text = other { problems.append("\(catalogue.code) \(key) is not a plural") }
            }
        }
        return problems
    }

    subscript(code: String) -> Catalogue? { all.first { $0.code == code } }

    /// For templates, which language a page is in: `{{#in.es}}…{{/in.es}}` shows only on Spanish pages.
    func membership(of catalogue: Catalogue) -> TemplateValue {
        .object(Dictionary(uniqueKeysWithValues: all.map { ($0.code, TemplateValue.bool($0.code == catalogue.code)) }))
    }

    /// The languages with an address prefix (all but English).
    var prefixed: [Catalogue] { Array(all.dropFirst()) }

    /// The language of a page's address: `/es/…` is Spanish, anything else English.
    func `for`(_ request: Request) -> Catalogue { split(request.path).catalogue }

    /// The catalogue of an address and the address without its language prefix (`/es/groups/x` → es, `/groups/x`).
    func split(_ path: String) -> (catalogue: Catalogue, path: String) {
        for catalogue in prefixed {
            let prefix = "/" + catalogue.code
            if path == prefix { return (catalogue, "/") }
            if path.hasPrefix(prefix + "/") { return (catalogue, String(path.dropFirst(prefix.count))) }
        }
        return (english, path)
    }

    /// The best language of an `Accept-Language` header (RFC 9110 §12.5.4: by weight, then order; `es-MX`
    /// matches `es`), or nil when it names none of ours.
    func negotiate(_ header: String?) -> Catalogue? {
        guard let header else { return nil }
        var best: (weight: Double, order: Int, catalogue: Catalogue)?
        for (order, part) in header.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let range = pieces.first?.lowercased(), !range.isEmpty else { continue }
            var weight = 1.0
            for parameter in pieces.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            guard weight > 0 else { continue }
            let primary = String(range.split(separator: "-").first ?? "")
            guard let catalogue = self[primary] else { continue }
            if best == nil || weight > best!.weight { best = (weight, order, catalogue) }
        }
        return best?.catalogue
    }

    /// `path` (language-neutral) in `catalogue`'s language: `/search` → `/es/search`.
    func path(_ path: String, in catalogue: Catalogue) -> String {
        catalogue.code == english.code ? path : "/" + catalogue.code + (path == "/" ? "/" : path)
    }
}
