import Foundation
import HTTPServer
import Places
import Schedules
import Store

/// What the layout around every page needs: its title, description, links and scripts.
struct PageShell {
    var title: String
    var description: String
    /// The page's own address (path and query), for `rel=canonical`.
    var canonical: String?
    /// The main navigation entry to mark as current: "search", "today", "topics", "cities".
    var section: String?
    var alternates: [(type: String, href: String, title: String)] = []
    var jsonLD: HTML = .empty
    var scripts: [String] = []
    /// Stylesheets after `/css/circles.css`.
    var stylesheets: [String] = []
    var noindex = false
    /// A class on `<body>`, for page-specific print rules.
    var bodyClass: String?
    /// Where the language switch leads, when not to this page in the other language: a "not found" page
    /// leads to the other language's home (the same address is not found there either).
    var switchTo: String?
}

/// Everything the pages share: the templates, the database, and how a page becomes a response.
struct Site: Sendable {
    let api: API
    let templates: TemplateStore

    var database: AppDatabase { api.database }
    var catalogues: Catalogues { api.catalogues }

    /// The main navigation: section, address and the catalogue key of its label.
    static let navigation: [(section: String, href: String, key: String)] = [
        ("search", "/search", "layout.nav.search"),
        ("today", "/today", "layout.nav.today"),
        ("topics", "/topics", "layout.nav.topics"),
        ("cities", "/cities", "layout.nav.cities"),
    ]

    /// The language of the page `request` asks for (`/es/…` is Spanish).
    func catalogue(_ request: Request) -> Catalogue { catalogues.for(request) }

    /// Renders `template` inside the layout and answers it as HTML in the language of the request's
    /// address, with an ETag so that a page that has not changed costs a slow connection nothing on reload.
    func page(_ template: String, _ context: [String: TemplateValue], shell: PageShell, request: Request, status: Int = 200) throws -> Response {
        let catalogue = catalogue(request)
        let content = try templates.render(template, .object(withWords(context, catalogue)))
        let (_, path) = catalogues.split(request.path)
        let target = path + (request.head.rawQuery.isEmpty ? "" : "?" + request.head.rawQuery)
        let page = try Self.layout(
            shell, content: content, templates: templates, catalogue: catalogue, catalogues: catalogues, path: target,
            origin: address(request).origin)
        return html(page, request: request, status: status, catalogue: catalogue)
    }

    /// Renders `template` alone, without the layout: a part of a page that a script swaps in. Never
    /// indexed; the page it belongs to is.
    func fragment(_ template: String, _ context: [String: TemplateValue], request: Request) throws -> Response {
        let catalogue = catalogue(request)
        let fragment = try templates.render(template, .object(withWords(context, catalogue)))
        var response = html(Self.localizedLinks(fragment, catalogue, catalogues), request: request, status: 200, catalogue: catalogue)
        response.headers.add("X-Robots-Tag", "noindex")
        return response
    }

    /// A page's context with the words of its language (`{{t.…}}`) and its code (`{{lang}}`).
    func withWords(_ context: [String: TemplateValue], _ catalogue: Catalogue) -> [String: TemplateValue] {
        var context = context
        context["t"] = catalogue.templateValue
        context["lang"] = .text(catalogue.code)
        context["in"] = catalogues.membership(of: catalogue)
        return context
    }

    static func localizedLinks(_ html: HTML, _ catalogue: Catalogue, _ catalogues: Catalogues) -> HTML {
        catalogue.code == catalogues.english.code ? html : HTML(localizedLinksOf: html, prefix: "/" + catalogue.code)
    }

    /// `html` as the answer, revalidated on every use (`no-cache`) and with an ETag when it is a 200 (the
    /// server answers a matching `If-None-Match` with 304).
    private func html(_ html: HTML, request: Request, status: Int, catalogue: Catalogue) -> Response {
        let body = Array(html.rawValue.utf8)
        var response = Response(status: status, body: body)
        response.headers.add("Content-Type", "text/html; charset=utf-8")
        response.headers.add("Content-Language", catalogue.code)
        response.headers.add("Cache-Control", "no-cache")
        if status == 200 { response.headers.add("ETag", "\"p" + String(Self.hash(body), radix: 36) + "\"") }
        return response
    }

    /// `content` inside the public layout (`layout.html`): the crisis banner, header, navigation,
    /// language switch and footer, in `catalogue`'s language. `path` is the page's address without a
    /// language prefix (with its query), for the switch and the `hreflang` alternates; `origin` makes
    /// those absolute when known.
    static func layout(
        _ shell: PageShell, content: HTML, templates: TemplateStore, catalogue: Catalogue, catalogues: Catalogues, path: String,
        origin: String
    ) throws -> HTML {
        let nav: [TemplateValue] = navigation.map { item in
            ["href": .text(item.href), "label": .text(catalogue.text(item.key)), "current": .bool(item.section == shell.section)]
        }
        let neutralCanonical = shell.canonical
        let alternatePath = neutralCanonical ?? path
        var switchQuery = QueryString()
        switchQuery.add("to", shell.switchTo ?? path)
        let languages: [TemplateValue] = catalogues.all.filter { $0.code != catalogue.code }.map { other in
            ["code": .text(other.code), "name": .text(other.name), "href": .text(switchQuery.url("/language/" + other.code))]
        }
        let hreflang: [TemplateValue] =
            shell.noindex
            ? []
            : catalogues.all.map { c in ["code": .text(c.code), "href": .text(origin + catalogues.path(alternatePath, in: c))] }
                + [["code": "x-default", "href": .text(origin + alternatePath)]]
        let layout: TemplateValue = [
            "t": catalogue.templateValue,
            "lang": .text(catalogue.code),
            "title": .text(shell.title),
            "description": .text(shell.description),
            "canonical": .optional(neutralCanonical.map { catalogues.path($0, in: catalogue) }),
            "alternates": .list(shell.alternates.map { ["type": .text($0.type), "href": .text($0.href), "title": .optional($0.title)] }),
            "hreflang": .list(hreflang),
            "languages": .list(languages),
            "jsonLD": .html(shell.jsonLD),
            "scripts": .list(shell.scripts.map { .text($0) }),
            // Every script imports /js/lib.js: fetched beside them rather than after them.
            "hasScripts": .bool(!shell.scripts.isEmpty),
            "scriptWords": .html(shell.scripts.isEmpty ? .empty : catalogue.scriptWords),
            "stylesheets": .list(shell.stylesheets.map { .text($0) }),
            "noindex": .bool(shell.noindex),
            "bodyClass": .optional(shell.bodyClass),
            "nav": .list(nav),
            "content": .html(content),
        ]
        return localizedLinks(try templates.render("layout", layout), catalogue, catalogues)
    }

    /// A form sent without JavaScript also sends its empty fields (`topic=&day=`…): answer with a
    /// redirect to the same filters without them, so that the address is short enough to share.
    func tidyAddress(_ request: Request, form: SearchForm, path: String) -> Response? {
        guard request.query.pairs.contains(where: { $0.value.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
        var query = form.query
        query.add("cursor", request.query["cursor"])
        var response = Response.redirect(to: query.url(path), status: 303)
        response.headers.add("Cache-Control", "no-cache")
        return response
    }

    /// The friendly "not found" page, with status 404: `key` names its heading and message in the
    /// catalogue (`key.heading`, `key.message`).
    func notFound(_ request: Request, key: String) throws -> Response {
        let catalogue = catalogue(request)
        let heading = catalogue.text(key + ".heading")
        let message = catalogue.text(key + ".message")
        return try page(
            "not-found", ["heading": .text(heading), "message": .text(message), "otherHomes": Self.otherHomes(catalogue, catalogues)],
            shell: PageShell(title: heading + " — Circles", description: message, noindex: true, switchTo: "/"), request: request, status: 404)
    }

    /// The home page of every other language, named in its own words (`not_found.in_language`) and reached
    /// through the language switch (which remembers the choice): what a "not found" page offers a reader
    /// who came to the wrong language.
    static func otherHomes(_ catalogue: Catalogue, _ catalogues: Catalogues) -> TemplateValue {
        .list(
            catalogues.all.filter { $0.code != catalogue.code }.map { other in
                ["code": .text(other.code), "name": .text(other.text("not_found.in_language")), "href": .text("/language/\(other.code)?to=%2F")]
            })
    }

    /// FNV-1a, 64-bit: a cheap fingerprint of a page for its ETag.
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for b in bytes {
            hash ^= UInt64(b)
            hash = hash &* 0x100000001b3
        }
        return hash
    }

    /// Where this site is reached (the configured public URL, or the request's `Host`).
    func address(_ request: Request) -> SiteAddress {
        SiteAddress(request, settings: api.settings)
    }
}

/// Query strings for links: keys and values percent-encoded, in the order given.
struct QueryString {
    var pairs: [(String, String)] = []

    mutating func add(_ key: String, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        pairs.append((key, value))
    }

    var encoded: String {
        pairs.map { PercentDecoding.encode($0.0) + "=" + PercentDecoding.encode($0.1) }.joined(separator: "&")
    }

    /// `path`, with `?query` when there is one.
    func url(_ path: String) -> String {
        pairs.isEmpty ? path : path + "?" + encoded
    }
}

/// Words for codes: vocabularies, languages, time zones, states.
enum Words {
    /// The codes and labels of some words of a vocabulary (all of them unless narrowed), for a form's options.
    static func choices<V: Vocabulary>(_ cases: [V] = V.allCases) -> [(code: String, label: String)] {
        cases.map { ($0.rawValue, $0.label) }
    }

    /// Languages people search for, English name first and the language's own name after.
    static let languages: [(code: String, label: String)] = [
        ("en", "English"), ("es", "Spanish (español)"), ("zh", "Chinese (中文)"), ("vi", "Vietnamese (Tiếng Việt)"),
        ("ko", "Korean (한국어)"), ("tl", "Tagalog"), ("ar", "Arabic (العربية)"), ("ru", "Russian (русский)"),
        ("ht", "Haitian Creole (kreyòl)"), ("fr", "French (français)"), ("pt", "Portuguese (português)"),
        ("so", "Somali (Soomaali)"), ("hi", "Hindi (हिन्दी)"), ("fa", "Persian (فارسی)"), ("pl", "Polish (polski)"),
        ("ase", "American Sign Language"),
    ]

    static func language(_ code: String) -> String {
        languages.first { $0.code == code.lowercased() }?.label ?? code
    }

    static let weekdays: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday]

    static let partsOfDay: [(code: String, label: String)] = [
        ("morning", "Morning (before noon)"), ("afternoon", "Afternoon (noon to 5 pm)"), ("evening", "Evening (after 5 pm)"),
    ]

    /// "Pacific time" for the zones most groups use; the identifier in words otherwise.
    static func timeZone(_ identifier: String) -> String {
        let names = [
            "America/Los_Angeles": "Pacific time", "America/Denver": "Mountain time", "America/Phoenix": "Arizona time",
            "America/Boise": "Mountain time", "America/Chicago": "Central time", "America/New_York": "Eastern time",
            "America/Detroit": "Eastern time", "America/Indiana/Indianapolis": "Eastern time", "America/Anchorage": "Alaska time",
            "Pacific/Honolulu": "Hawaii time", "America/Puerto_Rico": "Atlantic time", "UTC": "UTC",
        ]
        if let name = names[identifier] { return name }
        let city = identifier.split(separator: "/").last.map { $0.replacingOccurrences(of: "_", with: " ") } ?? identifier
        return "\(city) time"
    }

    /// The zones a group in the US is usually in, as the console offers them: "Eastern time (New York)".
    static let timeZoneChoices: [(code: String, label: String)] = [
        "America/New_York", "America/Detroit", "America/Indiana/Indianapolis", "America/Chicago", "America/Denver", "America/Boise",
        "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico", "UTC",
    ].map { zone in
        let city = zone.split(separator: "/").last.map { $0.replacingOccurrences(of: "_", with: " ") } ?? zone
        return (zone, zone == "UTC" ? "UTC" : "\(timeZone(zone)) (\(city))")
    }

    static let states = USStates.names

    static func state(_ code: String) -> String { states[code.uppercased()] ?? code }

    /// "A", "A and B", "A, B and C".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        case 2: "\(items[0]) and \(items[1])"
        default: items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }

    /// "1 group", "3 groups".
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
    }

    /// The slug of a city name for addresses: "Los Angeles" → "los-angeles".
    static func slug(_ name: String) -> String { FieldRules.slugify(name) }

    /// An instant as ISO 8601 with the zone's offset: "2026-03-03T18:30:00-07:00".
    static func isoLocal(_ instant: Date, zone identifier: String) -> String {
        guard let zone = Recurrence.ianaTimeZone(identifier) else { return Timestamp.format(instant) }
        let local = ZonedTime(timeZone: zone).localDateAndTime(at: instant)
        let offset = zone.secondsFromGMT(for: instant)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return "\(local.date)T\(local.time):00\(sign)\(LocalDate.pad(minutes / 60, 2)):\(LocalDate.pad(minutes % 60, 2))"
    }

    /// Only http and https addresses become links.
    static func safeURL(_ text: String?) -> String? {
        guard let text, let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            return nil
        }
        return text
    }
}
