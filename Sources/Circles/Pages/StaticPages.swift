import Foundation
import HTTPServer

/// The pages that are the same for everyone — the home page, the 404 page, the referral pages and
/// the coordinators' console — kept as one fragment each and put inside their layout once, at
/// start-up, then served from memory by `StaticFiles` like any file (ETag, Last-Modified, gzip, 304).
///
/// `Public/templates/pages/a/b.html` is served at `/a/b.html` inside `layout.html` (the public
/// header, navigation, crisis banner and footer, shared with the server-rendered pages);
/// `Public/templates/console/x.html` at `/admin/x.html` inside `console-layout.html`. An
/// `index.html` is also its folder's address. A fragment starts with a comment of `name: value` lines
///
///     <!--
///     title: Feedback
///     nav: feedback
///     scripts: /admin/feedback.js
///     -->
///
/// and the rest is what goes inside `<main>` (a template: partials work, it is rendered once; the words
/// of every vocabulary are there by name, see `VocabularyWords`).
/// A changed fragment is seen after a restart.
///
/// A public page is rendered once per language (`{{t.…}}` are its catalogue's words): English at its
/// address, each other language under its code (`/es/refer`), its links kept in that language.
struct StaticPages {
    let templates: TemplateStore
    let catalogues: Catalogues

    /// One kind of page: where its fragments are, where they are served, and what a fragment may say.
    private struct Kind {
        let folder: String
        let prefix: String
        let layout: String
        let fields: Set<String>
    }

    private static let publicPages = Kind(
        folder: "pages", prefix: "/", layout: "layout",
        fields: ["title", "description", "canonical", "noindex", "scripts", "stylesheets", "switch"])
    private static let consolePages = Kind(
        folder: "console", prefix: "/admin/", layout: "console-layout",
        fields: ["title", "nav", "scripts"])

    /// Renders every fragment into its layout and hands the page to `files`; a malformed fragment
    /// stops start-up rather than serve a broken page.
    func install(into files: StaticFiles) throws {
        for catalogue in catalogues.all {
            for (relative, page) in try render(Self.publicPages, catalogue: catalogue) {
                let prefix = catalogue.code == catalogues.english.code ? "/" : "/" + catalogue.code + "/"
                files.serve(Array(page.html.rawValue.utf8), at: prefix + relative, lastModified: page.modified)
            }
        }
        for (relative, page) in try render(Self.consolePages, catalogue: catalogues.english) {
            files.serve(Array(page.html.rawValue.utf8), at: Self.consolePages.prefix + relative, lastModified: page.modified)
        }
    }

    /// The fragments of `kind` by their path inside its folder, each inside its layout.
    private func render(_ kind: Kind, catalogue: Catalogue) throws -> [(String, (html: HTML, modified: Int))] {
        let folder = templates.directory + "/" + kind.folder
        guard let names = FileManager.default.subpaths(atPath: folder) else { return [] }
        let layoutModified = max(
            Self.modified(templates.directory + "/" + kind.layout + ".html"),
            Self.modified(templates.directory + "/../locales/" + catalogue.code + ".json"))
        var words = VocabularyWords.templateValues(catalogue)
        words["t"] = catalogue.templateValue
        words["lang"] = .text(catalogue.code)
        words["in"] = catalogues.membership(of: catalogue)
        words["otherHomes"] = Site.otherHomes(catalogue, catalogues)
        return try names.filter { $0.hasSuffix(".html") }.sorted().map { relative in
            let path = folder + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else { throw TemplateError(description: "cannot read \(path)") }
            let (fields, body) = try Self.split(String(decoding: data, as: UTF8.self), allowed: kind.fields, name: kind.folder + "/" + relative)
            let content = try Template(body, name: kind.folder + "/" + relative)
                .render(.object(words), mode: templates.mode, partials: { try templates.template($0) })
            let html =
                kind.layout == "layout"
                ? try publicPage(fields, content: content, catalogue: catalogue, path: Self.address(of: relative))
                : try consolePage(fields, content: content)
            return (relative, (html, max(layoutModified, Self.modified(path))))
        }
    }

    /// The address a fragment is served at, without a language prefix: `index.html` → `/`, `refer.html` → `/refer`.
    static func address(of relative: String) -> String {
        var path = "/" + relative
        if path.hasSuffix("index.html") { path.removeLast("index.html".count) } else if path.hasSuffix(".html") { path.removeLast(5) }
        return path
    }

    /// A field's value in the page's language: a value `t.some.key` is that message of the catalogue.
    private static func field(_ value: String?, _ catalogue: Catalogue) -> String? {
        guard let value, value.hasPrefix("t.") else { return value }
        return catalogue.text(String(value.dropFirst(2)))
    }

    private func publicPage(_ fields: [String: String], content: HTML, catalogue: Catalogue, path: String) throws -> HTML {
        let shell = PageShell(
            title: Self.field(fields["title"], catalogue) ?? "Circles", description: Self.field(fields["description"], catalogue) ?? "",
            canonical: fields["canonical"], scripts: Self.words(fields["scripts"]), stylesheets: Self.words(fields["stylesheets"]),
            noindex: fields["noindex"] == "yes", switchTo: fields["switch"])
        return try Site.layout(
            shell, content: content, templates: templates, catalogue: catalogue, catalogues: catalogues, path: path,
            origin: "")
    }

    private func consolePage(_ fields: [String: String], content: HTML) throws -> HTML {
        try templates.render(
            "console-layout",
            [
                "title": .text(fields["title"] ?? ""),
                "nav": .optional(fields["nav"]),
                "scripts": .list(Self.words(fields["scripts"]).map { .text($0) }),
                "content": .html(content),
            ])
    }

    /// The `name: value` lines of the leading comment, and the rest of the fragment.
    static func split(_ source: String, allowed: Set<String>, name: String) throws -> ([String: String], String) {
        let text = source.drop { $0.isWhitespace }
        guard text.hasPrefix("<!--"), let end = text.range(of: "-->") else { return ([:], source) }
        var fields: [String: String] = [:]
        for line in text[text.index(text.startIndex, offsetBy: 4)..<end.lowerBound].split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let colon = trimmed.firstIndex(of: ":") else { throw TemplateError(description: "\(name): “\(trimmed)” is not “name: value”") }
            let key = String(trimmed[..<colon])
            guard allowed.contains(key) else {
                throw TemplateError(description: "\(name): unknown field “\(key)” (known: \(allowed.sorted().joined(separator: ", ")))")
            }
            fields[key] = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var rest = text[end.upperBound...]
        if rest.first?.isNewline == true { rest = rest.dropFirst() }
        return (fields, String(rest))
    }

    private static func words(_ text: String?) -> [String] {
        (text ?? "").split(separator: " ").map(String.init)
    }

    /// A file's modification time in whole seconds since 1970, 0 when it cannot be read.
    private static func modified(_ path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int(info.st_mtim.tv_sec)
    }
}
