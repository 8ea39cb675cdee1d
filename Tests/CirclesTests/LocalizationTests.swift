import Foundation
import Schedules
import TestSupport
import Testing

@testable import Circles

/// The catalogues themselves: every language has every key with the same placeholders, and every key
/// the code, the templates and the scripts name exists.
@Suite struct CatalogueTests {
    static let locales = TestHTTP.repositoryRoot + "/Public/locales"

    func catalogues() throws -> Catalogues { try Catalogues(directory: Self.locales) }

    @Test func everyKeyIsInEveryCatalogueWithTheSamePlaceholders() throws {
        let catalogues = try catalogues()
        #expect(catalogues.all.map(\.code).contains("es"))
        #expect(Catalogues.differences(catalogues.all).isEmpty)
        for catalogue in catalogues.all {
            #expect(Set(catalogue.messages.keys) == Set(catalogues.english.messages.keys), "\(catalogue.code)")
        }
    }

    @Test func aMissingKeyOrAChangedPlaceholderIsFound() throws {
        let english = try Catalogue(json: Data(#"{"language": {"code": "en", "name": "English"}, "a": "Hi {name}", "b": "Bye"}"#.utf8), file: "en.json")
        let other = try Catalogue(json: Data(#"{"language": {"code": "xx", "name": "X"}, "a": "Hola {nombre}"}"#.utf8), file: "xx.json")
        let problems = Catalogues.differences([english, other])
        #expect(problems.contains { $0.contains("lacks b") })
        #expect(problems.contains { $0.contains("xx a has {nombre}") })
        #expect(throws: TemplateError.self) { try Catalogues([english, other]) }
    }

    /// The public pages' templates hold no sentence of their own: every one comes from the catalogues, so
    /// a Spanish page has no English left in it (the console, English by design, has its own layout).
    @Test func publicTemplatesHoldNoSentenceOfTheirOwn() throws {
        let folder = TestHTTP.repositoryRoot + "/Public/templates"
        let sentence = try NSRegularExpression(pattern: #"[A-Za-z][A-Za-z’']+(?:[ \t]+[A-Za-z’']+)+"#)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".html") && name != "console-layout.html" {
            var text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            for pattern in [#"<!--[\s\S]*?-->"#, #"<script[\s\S]*?</script>"#, #"<style[\s\S]*?</style>"#, #"\{\{[\s\S]*?\}\}"#] {
                text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
            }
            text = text.replacingOccurrences(of: "<[^>]*>", with: "\n", options: .regularExpression)
            let found = sentence.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) }
            #expect(found.isEmpty, "\(name) says: \(found)")
        }
    }

    /// A value that ends with its own period ("7:00 a. m.") ends the sentence once.
    @Test func aSentenceEndsOnce() throws {
        #expect(
            Catalogue.fill("En lugar de {was}.", ["was": "miércoles 9 de diciembre a las 7:00 a. m."])
                == "En lugar de miércoles 9 de diciembre a las 7:00 a. m.")
        #expect(Catalogue.fill("Instead of {was}.", ["was": "Wednesday at 7:00 am"]) == "Instead of Wednesday at 7:00 am.")
        #expect(Catalogue.fill("{a}.{b}", ["a": "x.", "b": "y"]) == "x.y")
        #expect(Catalogue.fill("Keep {unknown}.", ["was": "z."]) == "Keep {unknown}.")
    }

    @Test func pluralsAndPlaceholders() throws {
        let es = try #require(try catalogues()["es"])
        #expect(es.plural("results.found", count: 1) == "Se encontró 1 grupo.")
        #expect(es.plural("results.found", count: 3) == "Se encontraron 3 grupos.")
        #expect(es.text("group.run_by", ["name": "Casa"]) == "Lo dirige Casa")
    }

    /// Every key named in Swift (`.text("…")`, `.plural("…")`), in templates (`{{t.…}}`, `{{* t.…}}`, `t.…` fields)
    /// and in scripts (`t('…')`) is in the English catalogue, so none shows as its key.
    @Test func everyKeyTheCodeNamesExists() throws {
        let english = try catalogues().english
        let root = TestHTTP.repositoryRoot
        var named: [(String, String)] = []
        func scan(_ folder: String, suffix: String, patterns: [String]) throws {
            let files = try #require(FileManager.default.enumerator(atPath: root + "/" + folder)?.allObjects as? [String]).filter { $0.hasSuffix(suffix) }
            for file in files {
                let text = try String(contentsOfFile: root + "/" + folder + "/" + file, encoding: .utf8)
                for pattern in patterns {
                    let regex = try NSRegularExpression(pattern: pattern)
                    for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                        named.append((folder + "/" + file, String(text[Range(match.range(at: 1), in: text)!])))
                    }
                }
            }
        }
        try scan("Sources/Circles", suffix: ".swift", patterns: [#"\b(?:t|catalogue|words\.catalogue)\.(?:text|plural)\("([a-z_]+\.[a-z0-9_.]+)""#])
        try scan(
            "Public/templates", suffix: ".html",
            patterns: [#"\{\{[*]?\s*t\.([a-z0-9_.]+)\s*\}\}"#, #"\{\{[#^/]t\.([a-z0-9_.]+)\}\}"#, #"^(?:title|description): t\.([a-z0-9_.]+)$"#])
        try scan("Public/js", suffix: ".js", patterns: [#"\bt\('([a-z0-9_.]+)'"#])
        #expect(named.count > 300, "the keys were not found")
        let missing = named.filter { file, key in
            // A prefix completed at run time ("dates.weekday." + name), or an example in a comment.
            if key.hasSuffix(".") || key.hasSuffix("_") || file.hasSuffix("lib.js") || file.hasSuffix("Catalogue.swift") { return false }
            let full = file.hasPrefix("Public/js") ? (key.hasPrefix("languages.") ? key : "script." + key) : key
            return !english.has(full) && !english.messages.keys.contains { $0.hasPrefix(full + ".") }
        }
        #expect(missing.isEmpty, "keys no catalogue has: \(missing.map { "\($0.0): \($0.1)" })")
    }
}

/// Dates, times and schedules in the catalogues' words.
@Suite struct WordingTests {
    let english: Wording
    let spanish: Wording

    init() throws {
        let catalogues = try Catalogues(directory: CatalogueTests.locales)
        english = Wording(catalogues.english)
        spanish = Wording(try #require(catalogues["es"]))
    }

    func rule(_ frequency: Frequency, _ days: [Weekday], week: Int? = nil, at time: String, ends: String? = nil) throws -> Recurrence {
        Recurrence(
            frequency: frequency, weekdays: days, weekOfMonth: week, startTime: try #require(LocalTime(time)), durationMinutes: 90,
            timeZone: "America/Denver", startsOn: try #require(LocalDate("2026-03-14")), endsOn: ends.flatMap(LocalDate.init))
    }

    @Test func spanishDatesAndTimesFollowUSSpanishUsage() throws {
        let date = try #require(LocalDate("2026-12-08"))
        let time = try #require(LocalTime("18:30"))
        #expect(spanish.full(date, time, today: date) == "martes 8 de diciembre, 6:30\u{a0}p.\u{a0}m.")
        #expect(english.full(date, time, today: date) == "Tuesday, December 8, 6:30 pm")
        #expect(spanish.date(date, withYear: true) == "8 de diciembre de 2026")
    }

    @Test func spanishSchedulesReadAsSpanish() throws {
        #expect(spanish.schedule(try rule(.monthly, [.thursday], week: 1, at: "18:30")) == "El primer jueves de cada mes a las 6:30\u{a0}p.\u{a0}m.")
        #expect(spanish.schedule(try rule(.weekly, [.saturday, .sunday], at: "13:00")) == "Todos los sábados y domingos a la 1:00\u{a0}p.\u{a0}m.")
        #expect(spanish.schedule(try rule(.biweekly, [.tuesday], at: "10:00")) == "Cada dos semanas, los martes, a las 10:00\u{a0}a.\u{a0}m.")
        #expect(
            spanish.schedule(try rule(.weekly, [.monday], at: "19:00", ends: "2026-06-30"))
                == "Todos los lunes a las 7:00\u{a0}p.\u{a0}m., hasta el 30 de junio de 2026")
    }

    /// The English catalogue says exactly what the recurrence engine's English says.
    @Test func englishSchedulesAreTheEnginesWords() throws {
        let rules = [
            try rule(.weekly, [.tuesday], at: "19:00"), try rule(.weekly, Weekday.allCases, at: "07:15"),
            try rule(.biweekly, [.monday, .thursday], at: "10:30"), try rule(.monthly, [.friday], week: -1, at: "18:00", ends: "2026-06-30"),
            try rule(.weekly, [.monday, .wednesday, .friday], at: "12:00"), try rule(.once, [.saturday], at: "09:00"),
        ]
        for r in rules { #expect(english.schedule(r) == r.englishDescription) }
    }
}

/// Spanish end to end: addresses, the switch, the first visit, pages with no English words left, the API.
@Suite(.serialized) struct SpanishTests {
    let app: TestApp
    static let html = [("Accept", "text/html")]

    init() throws { app = try TestApp(demo: true) }

    static let pages = [
        "/", "/search", "/search?q=grief", "/search?state=CO&day=tuesday&time=evening", "/search/results?state=CO",
        "/groups/eastside-mental-health-peer-circle", "/cities", "/cities/co/denver", "/topics", "/topics/grief", "/today",
        "/print?city=Denver&state=CO", "/refer?group=eastside-mental-health-peer-circle", "/referrals/status/abcdefghijklmnop0123",
        "/groups/no-such-group", "/no-such-page",
    ]

    /// English messages long enough to be sure a page that holds one was not translated there (but not
    /// those the demo directory's own texts contain: what organizations write stays in their words).
    func englishMessages() throws -> [String] {
        let demo = try FileManager.default.contentsOfDirectory(atPath: TestHTTP.repositoryRoot + "/Demo/directory").map {
            (try? String(contentsOfFile: TestHTTP.repositoryRoot + "/Demo/directory/" + $0, encoding: .utf8)) ?? ""
        }.joined()
        let catalogues = try Catalogues(directory: CatalogueTests.locales)
        let spanish = try #require(catalogues["es"])
        var found: Set<String> = []
        for (key, message) in catalogues.english.messages where !key.hasPrefix("script.") && !key.hasPrefix("language.") {
            let forms: [String] =
                switch message {
                case .text(let text): [text]
                case .plural(let forms): Array(forms.values)
                }
            for form in forms {
                // The words around placeholders are what a page shows.
                for piece in form.components(separatedBy: "{").map({ $0.components(separatedBy: "}").last ?? $0 }) {
                    let words = piece.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
                    if words.count >= 14, words.contains(" "), spanish.text(key) != form, !demo.contains(words) { found.insert(HTML.escape(words)) }
                }
            }
        }
        return found.sorted()
    }

    @Test func spanishPagesCarryNoEnglishCatalogueString() throws {
        let english = try englishMessages()
        #expect(english.count > 200)
        for path in Self.pages {
            let spanish = try app.get("/es" + (path == "/" ? "/" : path), headers: Self.html)
            #expect([200, 404].contains(spanish.status), "\(path): \(spanish.status)")
            let shown = spanish.text.replacingOccurrences(of: #"<!--.*?-->"#, with: "", options: .regularExpression)
            let left = english.filter { shown.contains($0) }
            #expect(left.isEmpty, "/es\(path) still says: \(left)")
            if path != "/search/results?state=CO" { #expect(spanish.text.contains("<html lang=\"es\">"), "/es\(path)") }
            // And the English page is English.
            let page = try app.get(path, headers: Self.html + [("Accept-Language", "en")])
            if path != "/search/results?state=CO", page.status != 302 { #expect(page.text.contains("<html lang=\"en\">"), "\(path)") }
        }
    }

    @Test func spanishPagesKeepTheReaderInSpanish() throws {
        let page = try app.get("/es/search?state=CO", headers: Self.html).text
        #expect(page.contains("href=\"/es/groups/"))
        #expect(page.contains("action=\"/es/search\""))
        #expect(!page.contains("href=\"/groups/"))
        #expect(page.contains("href=\"/css/circles.css\""), "files keep their addresses")
        #expect(page.contains("Llame al 988"))
        #expect(page.contains("sms:988?body=AYUDA"), "the Lifeline's Spanish text line")
        #expect(page.contains("marque 2"))
        let group = try app.get("/es/groups/eastside-mental-health-peer-circle", headers: Self.html)
        #expect(group.headers["Content-Language"] == "es")
        #expect(group.text.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"http://localhost/groups/eastside-mental-health-peer-circle\">"))
        #expect(group.text.contains("<link rel=\"alternate\" hreflang=\"es\" href=\"http://localhost/es/groups/eastside-mental-health-peer-circle\">"))
        #expect(group.text.contains("href=\"/language/en?to=%2Fgroups%2Feastside-mental-health-peer-circle\""), "the switch keeps the page")
        #expect(group.text.contains("<link rel=\"canonical\" href=\"/es/groups/eastside-mental-health-peer-circle\">"))
        let english = try app.get("/groups/eastside-mental-health-peer-circle", headers: Self.html).text
        #expect(english.contains(">Español</a>"))
        #expect(english.contains("href=\"/language/es?to=%2Fgroups%2Feastside-mental-health-peer-circle\""))
    }

    @Test func theSwitchRemembersTheChoiceAndStaysOnTheSite() throws {
        let chosen = try app.get("/language/es?to=%2Fsearch%3Fq%3Dgrief")
        #expect(chosen.status == 303)
        #expect(chosen.headers["Location"] == "/es/search?q=grief")
        #expect(chosen.headers["Set-Cookie"]?.hasPrefix("circles_lang=es;") == true)
        #expect(try app.get("/language/en?to=/es/topics").headers["Location"] == "/topics")
        #expect(try app.get("/language/es?to=//evil.example/x").headers["Location"] == "/es/")
        #expect(try app.get("/language/es?to=https://evil.example/").headers["Location"] == "/es/")
        #expect(try app.get("/language/xx").status == 404)
    }

    @Test func theFirstVisitFollowsAcceptLanguageOnceWithoutMixingLanguagesUnderOneAddress() throws {
        let spanish = try app.get("/", headers: Self.html + [("Accept-Language", "es-MX,es;q=0.9,en;q=0.5")])
        #expect(spanish.status == 302)
        #expect(spanish.headers["Location"] == "/es/")
        #expect(spanish.headers["Vary"]?.contains("Accept-Language") == true)
        #expect(spanish.headers["Set-Cookie"]?.hasPrefix("circles_lang=es;") == true)
        let english = try app.get("/", headers: Self.html + [("Accept-Language", "en-US,en;q=0.9,es;q=0.8")])
        #expect(english.status == 200)
        #expect(english.text.contains("<html lang=\"en\">"))
        #expect(english.headers["Vary"]?.contains("Accept-Language") == true)
        // Chose English on the switch: `/` is English, whatever the browser says.
        let chose = try app.get("/", headers: Self.html + [("Accept-Language", "es"), ("Cookie", "circles_lang=en")])
        #expect(chose.status == 200)
        #expect(chose.text.contains("<html lang=\"en\">"))
        let home = try app.get("/es/", headers: Self.html)
        #expect(home.status == 200)
        #expect(home.text.contains("<html lang=\"es\">"))
        #expect(try app.get("/es").headers["Location"] == "/es/")
    }

    @Test func theSitemapNamesBothLanguages() throws {
        let text = try app.get("/sitemap.xml?part=pages").text + app.get("/sitemap.xml?part=groups-1").text
        #expect(text.contains("<loc>http://localhost/es/groups/eastside-mental-health-peer-circle</loc>"))
        #expect(text.contains("<xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"http://localhost/es/topics/grief\"/>"))
        #expect(text.contains("<loc>http://localhost/es/</loc>"))
    }

    @Test func theAPIGivesLabelsInTheLanguageAsked() throws {
        let spanish = try app.get("/api/v1/topics/grief", headers: [("Accept-Language", "es-US,es;q=0.9")])
        #expect(spanish.headers["Content-Language"] == "es")
        #expect(spanish.headers["Vary"]?.contains("Accept-Language") == true)
        #expect(spanish.jsonObject["name"] as? String == "Duelo y pérdida")
        #expect(spanish.jsonObject["slug"] as? String == "grief")
        let english = try app.get("/api/v1/topics/grief")
        #expect(english.headers["Content-Language"] == "en")
        #expect(english.jsonObject["name"] as? String == "Grief and loss")
        // A language Circles does not speak gets English, and says so.
        #expect(try app.get("/api/v1/topics/grief", headers: [("Accept-Language", "fr")]).headers["Content-Language"] == "en")
        let groups = try app.get("/api/v1/groups?state=CO", headers: [("Accept-Language", "es")])
        #expect(groups.headers["Content-Language"] == "es")
        let summaries = ((groups.jsonObject["data"] as? [[String: Any]]) ?? []).flatMap { ($0["schedules"] as? [[String: Any]]) ?? [] }
            .compactMap { $0["summary"] as? String }
        #expect(!summaries.isEmpty)
        #expect(summaries.allSatisfy { $0.hasPrefix("Todos") || $0.hasPrefix("El ") || $0.hasPrefix("Cada") || $0.hasPrefix("Una") }, "\(summaries)")
        // The cache keeps the languages apart.
        let again = try app.get("/api/v1/groups?state=CO")
        #expect(again.headers["Content-Language"] == "en")
        #expect(!again.text.contains("Todos los"))
    }

    @Test func theEmbedTakesLang() throws {
        let frame = try app.get("/embed?organization=front-range-recovery&lang=es")
        #expect(frame.status == 200)
        #expect(frame.text.contains("<html lang=\"es\">"))
        #expect(frame.text.contains("Todos los grupos en Circles"))
        let listing = try app.get("/embed.json?organization=front-range-recovery&lang=es").jsonObject
        #expect(listing["language"] as? String == "es")
        #expect((listing["more_url"] as? String)?.contains("/es/search") == true)
        #expect(try app.get("/embed?organization=front-range-recovery").text.contains("<html lang=\"en\">"))
    }

    @Test func aSpanishReferralIsAnsweredInSpanishAndItsCrisisWordsAreSeen() throws {
        #expect(CrisisLanguage.detected(in: "A veces quiero quitarme la vida"))
        #expect(CrisisLanguage.detected(in: "Ya no quiero VIVIR"))
        #expect(CrisisLanguage.detected(in: "pensé en hacerme daño"))
        #expect(!CrisisLanguage.detected(in: "Quiero conocer a otras madres"))
        let group = try app.get("/api/v1/groups/by-slug/eastside-mental-health-peer-circle").jsonObject
        let id = try #require(group["id"] as? Int)
        let body: [String: Any] = [
            "group_id": id, "person_name": "Ana", "person_phone": "555-0100", "preferred_contact_method": "phone", "language": "es",
            "note": "A veces quiero quitarme la vida", "consent": true, "consent_version": "2026-11", "referrer_type": "self",
        ]
        let sent = try app.send("POST", "/api/v1/referrals", json: body)
        #expect(sent.status == 201, "\(sent.text)")
        let answer = sent.jsonObject
        #expect((answer["what_happens_next"] as? String)?.contains("ya tiene su solicitud") == true)
        // The group as its Spanish pages name it (the demo gives it a Spanish name).
        #expect((answer["what_happens_next"] as? String)?.contains("Círculo de Apoyo entre Pares en Salud Mental de Eastside") == true)
        let guidance = try #require(answer["crisis_guidance"] as? [String: Any])
        #expect((guidance["call988"] as? String)?.contains("marque 2") == true)
    }
}
