// Server-rendered pages from templates in Public/templates/.
//
// Why: the pages people read (search results, a group, a city, today's meetings, a printable list)
// must work without JavaScript, on an old phone and a slow connection, and be read by search
// engines and screen readers as plain HTML. So the server renders them from Store data; a little
// plain JavaScript (Public/js/) only improves what is already there. The HTML lives in
// Public/templates/ next to the static pages and the stylesheet, so whoever edits the look edits
// HTML, not Swift; FileFallback refuses to serve that folder as files.
//
// The renderer is a small subset of Mustache, kept safe by construction:
//   {{name}}      the value, HTML-escaped — always, whatever its type;
//   {{{name}}}    a trusted fragment (`HTML`) as is; a plain string given here is still escaped,
//                 so only HTML built by this file (escaping, JSON-LD, rendered templates) goes out raw;
//   {{#name}}…{{/name}}  a list repeats its body with each item on top of the context,
//                 an object is entered once, true or a non-empty value shows the body once;
//   {{^name}}…{{/name}}  the body when the value is missing, false, empty or an empty list;
//   {{> partial}} another template, rendered with the current context;  {{! comment }};
//   {{* name}}    a message (a catalogue's text, `{{* t.group.paused}}`): its `{placeholder}`s are filled with
//                 the context's values of those names, each escaped (“{organization} has closed this group”).
// Names are looked up from the innermost context outwards; `a.b` walks into objects; `.` is the current item.
// In strict mode (every `TemplateStore`, so every page) a name the context lacks is an error that
// names the template and the variable, instead of an empty string: a misspelled `{{#canceled}}`
// would otherwise hide a "Cancelled" badge without a sound. A value that may be absent is given
// as false (`TemplateValue.optional`), never left out.
// Templates are parsed once and cached; a changed file is re-read (checked at most once a second).

import Foundation
import Synchronization

/// A fragment of HTML that is safe to send as is: made only by escaping text, by rendering a
/// template (which escapes every value), or by the few constructors in this file.
struct HTML: Sendable, Equatable, CustomStringConvertible {
    let rawValue: String

    fileprivate init(trusted: String) { rawValue = trusted }

    /// Text, escaped for use in an element or in a quoted attribute.
    init(escaping text: String) { rawValue = HTML.escape(text) }

    static let empty = HTML(trusted: "")

    /// `html` with its links to pages in another language's addresses (see `LocalizedLinks`).
    init(localizedLinksOf html: HTML, prefix: String) {
        rawValue = LocalizedLinks.prefix(html.rawValue, with: prefix)
    }

    var description: String { rawValue }
    var isEmpty: Bool { rawValue.isEmpty }

    /// Escapes `& < > " '`, the characters that matter in text and quoted attributes.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A `<script type="application/ld+json">` element holding `object` as JSON. `<`, `>` and `&`
    /// are written as `\u003c`… so that no value can close the element or open a comment.
    static func jsonLD(_ object: Any) -> HTML {
        jsonScript(type: "application/ld+json", object)
    }

    /// A `<script type="…">` data element (never run) holding `object` as JSON, escaped as `jsonLD` is.
    static func jsonScript(type: String, id: String? = nil, _ object: Any) -> HTML {
        guard JSONSerialization.isValidJSONObject(object),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return .empty }
        var json = ""
        for scalar in String(decoding: data, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "<": json += "\\u003c"
            case ">": json += "\\u003e"
            case "&": json += "\\u0026"
            case "\u{2028}": json += "\\u2028"
            case "\u{2029}": json += "\\u2029"
            default: json.unicodeScalars.append(scalar)
            }
        }
        return HTML(trusted: "<script type=\"\(type)\"" + (id.map { " id=\"\($0)\"" } ?? "") + ">" + json + "</script>")
    }
}

/// A value a template can show.
enum TemplateValue: Sendable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByIntegerLiteral
{
    case text(String)
    case html(HTML)
    case bool(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])

    init(stringLiteral value: String) { self = .text(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    init(integerLiteral value: Int) { self = .text(String(value)) }
    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// Text, or false when it is nil or empty (so that `{{#x}}` hides missing values).
    static func optional(_ text: String?) -> TemplateValue {
        guard let text, !text.isEmpty else { return .bool(false) }
        return .text(text)
    }

    var isTruthy: Bool {
        switch self {
        case .text(let s): !s.isEmpty
        case .html(let h): !h.isEmpty
        case .bool(let b): b
        case .list(let l): !l.isEmpty
        case .object: true
        }
    }

    /// The escaped (or, for `HTML`, trusted) form of a scalar; lists and objects show nothing.
    var html: String {
        switch self {
        case .text(let s): HTML.escape(s)
        case .html(let h): h.rawValue
        case .bool, .list, .object: ""
        }
    }

    subscript(key: String) -> TemplateValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }
}

/// A template or a template store failed: a missing file, a malformed tag, or (in strict mode) a
/// variable the context lacks.
struct TemplateError: Error, CustomStringConvertible {
    var description: String
}

/// What rendering does with a name the context lacks.
enum TemplateMode: Sendable {
    /// Shows nothing: `{{x}}` is empty, `{{#x}}` is skipped, `{{^x}}` is shown.
    case lenient
    /// Throws a `TemplateError` naming the template and the variable.
    case strict
}

/// A parsed template.
struct Template: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case variable(String, raw: Bool)
        case message(String)
        case section(String, inverted: Bool, [Node])
        case partial(String)
    }

    let nodes: [Node]
    /// The file name, for errors.
    let name: String

    /// Parses a template; throws on an unclosed or mismatched section or an unterminated tag.
    init(_ source: String, name: String = "template") throws {
        var parser = Parser(source: Array(source.unicodeScalars), name: name)
        nodes = try parser.parse()
        self.name = name
    }

    /// Renders with `context` (the outermost scope); `partials` resolves `{{> name}}`.
    func render(
        _ context: TemplateValue, mode: TemplateMode = .lenient,
        partials: (String) throws -> Template = { throw TemplateError(description: "no partial \($0)") }
    ) throws -> HTML {
        try withoutActuallyEscaping(partials) { partials in
            var renderer = Renderer(mode: mode, partials: partials)
            var stack = [context]
            try renderer.render(nodes, of: name, stack: &stack, depth: 0)
            return HTML(trusted: renderer.out)
        }
    }

    /// One rendering: the output so far and what it needs to resolve partials and missing names.
    ///
    /// The scopes are one stack, pushed and popped around a section (a list's body runs once per item),
    /// and each partial is resolved once per rendering: copying the stack for every item and asking
    /// the store (a lock, a clock) for every `{{> card}}` of a list were a tenth of a search page.
    private struct Renderer {
        let mode: TemplateMode
        let partials: (String) throws -> Template
        var out = ""
        var resolved: [String: Template] = [:]

        mutating func render(_ nodes: [Node], of template: String, stack: inout [TemplateValue], depth: Int) throws {
            guard depth < 32 else { throw TemplateError(description: "partials nested too deeply") }
            for node in nodes {
                switch node {
                case .text(let text):
                    out += text
                case .variable(let name, _):
                    // `raw` only lets `HTML` through unescaped; `.html` decides, not the braces.
                    if let value = try find(name, of: template, in: stack) { out += value.html }
                case .message(let name):
                    guard let value = try find(name, of: template, in: stack), case .text(let text) = value else { continue }
                    out += try fill(text, of: template, in: stack)
                case .section(let name, let inverted, let body):
                    let value = try find(name, of: template, in: stack)
                    if inverted {
                        if !(value?.isTruthy ?? false) { try render(body, of: template, stack: &stack, depth: depth) }
                        continue
                    }
                    guard let value, value.isTruthy else { continue }
                    switch value {
                    case .list(let items):
                        for item in items {
                            stack.append(item)
                            defer { stack.removeLast() }
                            try render(body, of: template, stack: &stack, depth: depth)
                        }
                    default:
                        stack.append(value)
                        defer { stack.removeLast() }
                        try render(body, of: template, stack: &stack, depth: depth)
                    }
                case .partial(let name):
                    let partial: Template
                    if let known = resolved[name] {
                        partial = known
                    } else {
                        partial = try partials(name)
                        resolved[name] = partial
                    }
                    try render(partial.nodes, of: partial.name, stack: &stack, depth: depth + 1)
                }
            }
        }

        /// A message's text, escaped, with each `{name}` replaced by the context's value of `name` (escaped).
        private func fill(_ text: String, of template: String, in stack: [TemplateValue]) throws -> String {
            var out = ""
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                out += HTML.escape(String(rest[..<open]))
                let name = String(rest[rest.index(after: open)..<close])
                out += try find(name, of: template, in: stack)?.html ?? ""
                rest = rest[rest.index(after: close)...]
            }
            return out + HTML.escape(String(rest))
        }

        /// `lookup`, or in strict mode an error when the context lacks the name.
        private func find(_ name: String, of template: String, in stack: [TemplateValue]) throws -> TemplateValue? {
            let value = Template.lookup(name, in: stack)
            if value == nil, mode == .strict {
                throw TemplateError(description: "\(template): the context has no “\(name)”")
            }
            return value
        }
    }

    /// `name` from the innermost scope that has its first part; `.` is the innermost value.
    static func lookup(_ name: String, in stack: [TemplateValue]) -> TemplateValue? {
        if name == "." { return stack.last }
        // Most names are one word: no need to split them.
        if !name.utf8.contains(UInt8(ascii: ".")) {
            for scope in stack.reversed() {
                if let value = scope[name] { return value }
            }
            return nil
        }
        let parts = name.split(separator: ".").map(String.init)
        guard let first = parts.first else { return nil }
        for scope in stack.reversed() {
            guard var value = scope[first] else { continue }
            for part in parts.dropFirst() {
                guard let next = value[part] else { return nil }
                value = next
            }
            return value
        }
        return nil
    }

    private struct Parser {
        let source: [Unicode.Scalar]
        let name: String
        var i = 0

        init(source: [Unicode.Scalar], name: String) {
            self.source = source
            self.name = name
        }

        /// Builds the node tree; a tag alone on its line (section, close, partial, comment) takes the line with it.
        mutating func parse() throws -> [Node] {
            var stack: [(name: String, inverted: Bool, nodes: [Node])] = [("", false, [])]
            var text = ""
            func flush() {
                if !text.isEmpty { stack[stack.count - 1].nodes.append(.text(text)); text = "" }
            }
            while i < source.count {
                guard source[i] == "{", i + 1 < source.count, source[i + 1] == "{" else {
                    text.unicodeScalars.append(source[i])
                    i += 1
                    continue
                }
                let tagStart = i
                let triple = i + 2 < source.count && source[i + 2] == "{"
                let close: [Unicode.Scalar] = triple ? ["}", "}", "}"] : ["}", "}"]
                let contentStart = i + (triple ? 3 : 2)
                guard let end = find(close, from: contentStart) else { throw error("unterminated tag", at: tagStart) }
                var content = String(String.UnicodeScalarView(source[contentStart..<end])).trimmingCharacters(in: .whitespaces)
                i = end + close.count
                if triple {
                    flush()
                    stack[stack.count - 1].nodes.append(.variable(content, raw: true))
                    continue
                }
                let sigil = content.first
                if sigil == "*" {
                    flush()
                    let name = String(content.dropFirst()).trimmingCharacters(in: .whitespaces)
                    guard !name.isEmpty else { throw error("empty message name", at: tagStart) }
                    stack[stack.count - 1].nodes.append(.message(name))
                    continue
                }
                if let sigil, "#^/>!".contains(sigil) {
                    content = String(content.dropFirst()).trimmingCharacters(in: .whitespaces)
                    standalone(tagStart: tagStart, text: &text)
                    flush()
                    switch sigil {
                    case "#", "^":
                        guard !content.isEmpty else { throw error("empty section name", at: tagStart) }
                        stack.append((content, sigil == "^", []))
                    case "/":
                        guard stack.count > 1, stack[stack.count - 1].name == content else {
                            throw error("{{/\(content)}} closes nothing open", at: tagStart)
                        }
                        let section = stack.removeLast()
                        stack[stack.count - 1].nodes.append(.section(section.name, inverted: section.inverted, section.nodes))
                    case ">":
                        stack[stack.count - 1].nodes.append(.partial(content))
                    default:
                        break
                    }
                    continue
                }
                flush()
                guard !content.isEmpty else { throw error("empty tag", at: tagStart) }
                stack[stack.count - 1].nodes.append(.variable(content, raw: false))
            }
            flush()
            guard stack.count == 1 else { throw TemplateError(description: "\(name): {{#\(stack.last!.name)}} is never closed") }
            return stack[0].nodes
        }

        /// When only spaces separate the tag from the start of its line and the end of its line,
        /// drops those spaces and the line break, so control tags leave no blank lines behind.
        private mutating func standalone(tagStart: Int, text: inout String) {
            var before = tagStart - 1
            while before >= 0, source[before] == " " || source[before] == "\t" { before -= 1 }
            guard before < 0 || source[before] == "\n" else { return }
            var after = i
            while after < source.count, source[after] == " " || source[after] == "\t" { after += 1 }
            if after < source.count, source[after] == "\r" { after += 1 }
            guard after >= source.count || source[after] == "\n" else { return }
            // Remove the indentation already collected into `text`.
            while let last = text.unicodeScalars.last, last == " " || last == "\t" { text.unicodeScalars.removeLast() }
            i = min(source.count, after + 1)
        }

        private func find(_ needle: [Unicode.Scalar], from start: Int) -> Int? {
            var j = start
            while j + needle.count <= source.count {
                if Array(source[j..<j + needle.count]) == needle { return j }
                j += 1
            }
            return nil
        }

        private func error(_ message: String, at index: Int) -> TemplateError {
            let line = source[..<index].filter { $0 == "\n" }.count + 1
            return TemplateError(description: "\(name):\(line): \(message)")
        }
    }
}

/// Templates read from a folder, parsed once and re-read when the file changes.
final class TemplateStore: Sendable {
    private struct Entry: Sendable {
        var template: Template
        var modified: Date
        var checkedAt: Date
    }

    let directory: String
    /// Strict unless told otherwise: every page passes, and a missing name is a bug to see, not a blank to ship.
    let mode: TemplateMode
    private let cache = Mutex<[String: Entry]>([:])
    private let recheckInterval: TimeInterval

    init(directory: String, recheckInterval: TimeInterval = 1, mode: TemplateMode = .strict) {
        self.directory = directory
        self.recheckInterval = recheckInterval
        self.mode = mode
    }

    /// The template `name` (a file `name.html` in the folder).
    func template(_ name: String) throws -> Template {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw TemplateError(description: "bad template name \(name)")
        }
        let now = Date()
        if let entry = cache.withLock({ $0[name] }), now.timeIntervalSince(entry.checkedAt) < recheckInterval {
            return entry.template
        }
        let path = directory + "/" + name + ".html"
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let modified = attributes?[.modificationDate] as? Date ?? .distantPast
        if let entry = cache.withLock({ $0[name] }), entry.modified == modified {
            cache.withLock { $0[name]?.checkedAt = now }
            return entry.template
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw TemplateError(description: "no template \(path)") }
        let template = try Template(String(decoding: data, as: UTF8.self), name: name + ".html")
        cache.withLock { $0[name] = Entry(template: template, modified: modified, checkedAt: now) }
        return template
    }

    /// Renders `name` with `context` in the store's mode; partials come from the same folder.
    func render(_ name: String, _ context: TemplateValue) throws -> HTML {
        try template(name).render(context, mode: mode, partials: { try self.template($0) })
    }
}
