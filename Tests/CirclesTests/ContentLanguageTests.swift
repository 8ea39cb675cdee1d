import Foundation
import Store
import TestSupport
import Testing

@testable import Circles

/// Content in the person's language (issue #17, item 4): a group's texts in more than one language,
/// through the API, the pages, search, CSV and HSDS.
@Suite struct ContentLanguageTests {
    let app: TestApp
    let admin: String
    let org: Int

    init() throws {
        app = try TestApp()
        admin = try app.key()
        org = try app.makeOrganization("harbor", key: admin)
    }

    /// A group written in English with its name, summary and first-meeting note in Spanish (not its description).
    func makeGroup(
        name: String = "Harbor Grief Circle", summary: String = "A peer-led circle for people who lost someone.",
        extra: [String: Any] = [:]
    ) throws -> [String: Any] {
        var body: [String: Any] = [
            "organization_id": org, "name": name, "format": "in_person", "time_zone": "America/Denver", "topics": ["grief"],
            "summary": summary, "description": "We meet every week and listen.", "first_meeting_note": "Come ten minutes early.",
            "translations": [
                "es": [
                    "name": "Círculo de Duelo del Puerto", "summary": "Un círculo de apoyo entre pares para quienes perdieron a alguien.",
                    "first_meeting_note": "Llegue diez minutos antes.",
                ]
            ],
        ]
        for (k, v) in extra { body[k] = v }
        let r = try app.send("POST", "/api/v1/groups", key: admin, json: body)
        #expect(r.status == 201, "\(r.text)")
        return r.jsonObject
    }

    @Test func theAPICarriesTheLanguageAndTranslationsAndTheVersionMovesWithThem() throws {
        let created = try makeGroup()
        #expect(created["content_language"] as? String == "en")
        let es = try #require((created["translations"] as? [String: Any])?["es"] as? [String: Any])
        #expect(es["name"] as? String == "Círculo de Duelo del Puerto")
        #expect(es["first_meeting_note"] as? String == "Llegue diez minutos antes.")
        #expect(es["description"] == nil, "a text not translated is left out")

        let path = "/api/v1/groups/\(created["id"] as! Int)"
        let read = try app.get(path)
        #expect(
            ((read.jsonObject["translations"] as? [String: Any])?["es"] as? [String: Any])?["summary"] as? String
                == "Un círculo de apoyo entre pares para quienes perdieron a alguien.")
        let etag = try #require(read.headers["ETag"])

        // Changing only a translation is a change of the group: a new version, a new ETag.
        let changed = try app.send(
            "PATCH", path, key: admin, json: ["translations": ["es": ["name": "Círculo del Puerto"], "fr": ["name": "Cercle du Port"]]],
            headers: [("If-Match", etag)])
        #expect(changed.status == 200, "\(changed.text)")
        #expect(changed.headers["ETag"] != etag)
        let translations = try #require(changed.jsonObject["translations"] as? [String: [String: Any]])
        #expect(translations.keys.sorted() == ["es", "fr"])
        #expect(translations["es"]?["name"] as? String == "Círculo del Puerto")
        #expect(translations["es"]?["summary"] == nil, "the object replaces the translations")
        #expect(try app.send("PATCH", path, key: admin, json: ["summary": "x"], headers: [("If-Match", etag)]).status == 412)

        // A PATCH without translations keeps them; {} removes them all.
        #expect(try app.change("PATCH", path, key: admin, json: ["summary": "Still here."]).status == 200)
        #expect((try app.get(path).jsonObject["translations"] as? [String: Any])?.count == 2)
        let cleared = try app.change("PATCH", path, key: admin, json: ["translations": [String: Any]()])
        #expect(cleared.status == 200)
        #expect((cleared.jsonObject["translations"] as? [String: Any])?.isEmpty == true)
        #expect(try app.database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM group_translations") } == 0)
    }

    @Test func badTranslationsAreA422NamingEachText() throws {
        let r = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: [
                "organization_id": org, "name": "Harbor", "format": "in_person", "time_zone": "America/Denver", "content_language": "Spanish",
                "translations": [
                    "es": ["name": String(repeating: "a", count: 151), "colour": "blue", "summary": 5],
                    "EN": ["name": "Harbor"],
                    "fr": "Cercle",
                ],
            ])
        #expect(r.status == 422, "\(r.text)")
        let errors = Dictionary(
            ((r.jsonObject["errors"] as? [[String: String]]) ?? []).map { ($0["field"] ?? "", $0["message"] ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(errors["content_language"] == "must be a lowercase language tag such as en, es or es-mx")
        #expect(errors["translations.es.name"] == "must be at most 150 characters")
        #expect(errors["translations.es.colour"] == "is not a field of this resource")
        #expect(errors["translations.es.summary"] == "must be a string")
        #expect(errors["translations.EN"] == "is not a lowercase language tag such as es or es-mx")
        #expect(errors["translations.fr"] != nil)

        // No translation into the language the group writes in.
        let own = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: [
                "organization_id": org, "name": "Círculo", "format": "in_person", "time_zone": "America/Denver", "content_language": "es",
                "translations": ["es": ["name": "Círculo"]],
            ])
        #expect(own.status == 422)
        #expect(((own.jsonObject["errors"] as? [[String: String]]) ?? []).map { $0["field"] } == ["translations.es"])
        let group = try makeGroup()
        let moved = try app.change("PATCH", "/api/v1/groups/\(group["id"] as! Int)", key: admin, json: ["content_language": "es"])
        #expect(moved.status == 422)
        #expect(((moved.jsonObject["errors"] as? [[String: String]]) ?? []).map { $0["field"] } == ["content_language"])
    }

    @Test func pagesShowThePersonsLanguageOrMarkTheOriginal() throws {
        let group = try makeGroup()
        let slug = group["slug"] as! String
        let spanish = try app.get("/es/groups/\(slug)")
        #expect(spanish.status == 200)
        #expect(spanish.text.contains("<h1>Círculo de Duelo del Puerto</h1>"), "the translated name, in the page's language")
        #expect(spanish.text.contains("<p class=\"lead\">Un círculo de apoyo entre pares para quienes perdieron a alguien.</p>"))
        #expect(spanish.text.contains("<p>Llegue diez minutos antes.</p>"))
        #expect(spanish.text.contains("<p lang=\"en\">We meet every week and listen.</p>"), "the untranslated description, marked English")
        let english = try app.get("/groups/\(slug)")
        #expect(english.text.contains("<h1>Harbor Grief Circle</h1>"))
        #expect(!english.text.contains("Círculo de Duelo"))

        // A group written in Spanish: its English page marks the original.
        let original = try makeGroup(
            name: "Círculo de Salud del Puerto", summary: "Un espacio tranquilo para hablar.",
            extra: ["content_language": "es", "translations": ["en": ["name": "Harbor Wellbeing Circle"]], "description": "Nadie tiene que hablar."])
        let originalSlug = original["slug"] as! String
        let page = try app.get("/groups/\(originalSlug)")
        #expect(page.text.contains("<h1>Harbor Wellbeing Circle</h1>"))
        #expect(page.text.contains("<p class=\"lead\" lang=\"es\">Un espacio tranquilo para hablar.</p>"))
        #expect(page.text.contains("<p lang=\"es\">Nadie tiene que hablar.</p>"))
        let itsSpanishPage = try app.get("/es/groups/\(originalSlug)")
        #expect(itsSpanishPage.text.contains("<h1>Círculo de Salud del Puerto</h1>"))

        // Search cards read the same texts.
        let cards = try app.get("/es/search?topic=grief")
        #expect(cards.text.contains(">Círculo de Duelo del Puerto</a>"))
        #expect(cards.text.contains("<p class=\"result__summary\" lang=\"es\">Un espacio tranquilo para hablar.</p>") == false)
        let englishCards = try app.get("/search?topic=grief")
        #expect(englishCards.text.contains("<a href=\"/groups/\(originalSlug)\">Harbor Wellbeing Circle</a>"))
        #expect(englishCards.text.contains("<p class=\"result__summary\" lang=\"es\">Un espacio tranquilo para hablar.</p>"))

        // The widget says which language an untranslated text is in.
        let embed = try app.get("/embed.json?organization=harbor").jsonObject
        let entries = try #require(embed["groups"] as? [[String: Any]])
        let entry = try #require(entries.first { $0["name"] as? String == "Harbor Wellbeing Circle" })
        #expect(entry["name_lang"] == nil)
        #expect(entry["summary_lang"] as? String == "es")
        // The widget's list (the frame and the fragment embed.js shows) marks it the same way.
        for path in ["/embed?organization=harbor", "/embed/fragment?organization=harbor"] {
            #expect(try app.get(path).text.contains("<p class=\"circles__summary\" lang=\"es\">Un espacio tranquilo para hablar.</p>"), "\(path)")
        }
    }

    func found(_ query: String) throws -> [String] {
        let r = try app.get("/api/v1/groups?q=\(query)")
        #expect(r.status == 200, "\(r.text)")
        return ((r.jsonObject["data"] as? [[String: Any]]) ?? []).compactMap { $0["slug"] as? String }
    }

    /// "tertulinda" is a word of no language and of no synonym: only the translation can find the group.
    @Test func theStatusPageNamesTheGroupAsItsPagesDo() throws {
        let group = try makeGroup()
        let referral = try app.send(
            "POST", "/api/v1/referrals",
            json: [
                "group_id": group["id"] as! Int, "person_name": "Robin", "person_phone": "555-0177", "preferred_contact_method": "phone",
                "referrer_type": "self", "consent": true, "consent_version": "2026-11", "language": "es",
            ])
        #expect(referral.status == 201, "\(referral.text)")
        let status = try #require(referral.jsonObject["status_url"] as? String)
        let spanish = try app.get("/es" + status + "?done=sent").text
        #expect(spanish.contains(">Círculo de Duelo del Puerto</a>"))
        #expect(spanish.contains("Círculo de Duelo del Puerto") && !spanish.contains("Harbor Grief Circle"))
        #expect(try app.get(status).text.contains(">Harbor Grief Circle</a>"))
    }

    @Test func aWordOfATranslationFindsTheGroupAfterEditsToo() throws {
        let group = try makeGroup(extra: ["translations": ["es": ["summary": "Una tertulinda de apoyo entre pares sobre el duelo."]]])
        let slug = group["slug"] as! String
        let path = "/api/v1/groups/\(group["id"] as! Int)"
        #expect(try found("tertulinda") == [slug])
        #expect(try app.change("PATCH", path, key: admin, json: ["summary": "A circle for people who lost someone dear."]).status == 200)
        #expect(try found("tertulinda") == [slug], "an edit of the English text keeps the Spanish words")
        #expect(try found("dear") == [slug])
        #expect(try app.change("PATCH", path, key: admin, json: ["translations": ["es": ["name": "Círculo"]]]).status == 200)
        #expect(try found("tertulinda").isEmpty, "a translation's words go with it")
        #expect(try app.change("DELETE", path, key: admin).status == 204)
        #expect(try found("circulo").isEmpty)
    }

    @Test func csvCarriesTheLanguageAndATextPerLanguageColumn() throws {
        _ = try makeGroup()
        _ = try makeGroup(name: "Círculo del Muelle", summary: "Para cuidadores.", extra: ["content_language": "es", "translations": [String: Any]()])
        let exported = try DirectoryTransfer.exportCSV(app.database)
        let header = try #require(try CSV.parse(exported).first?.fields)
        #expect(header.suffix(5) == ["content_language", "name@es", "summary@es", "description@es", "first_meeting_note@es"])

        let folder = TestHTTP.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = try AppDatabase(path: folder + "/copy.sqlite", migrationsDirectory: TestHTTP.repositoryRoot + "/Migrations")
        defer { try? copy.close() }
        let report = try DirectoryTransfer.importCSV(copy, text: exported, apply: true)
        #expect(report.outcome.committed, "\(report.problemLines)")
        let before = try HSDSTests.snapshot(app.database), after = try HSDSTests.snapshot(copy)
        #expect(before == after)
        #expect(
            after["harbor-grief-circle"]?.contains(
                "translation: es|Círculo de Duelo del Puerto|Un círculo de apoyo entre pares para quienes perdieron a alguien.|-|Llegue diez minutos antes.")
                == true)
        #expect(after["circulo-del-muelle"]?.contains("content language: es") == true)

        // An update names only the texts it changes; the column at fault is named as the file names it.
        let update =
            "organization,slug,name,format,time_zone,summary@es\r\nharbor,harbor-grief-circle,Harbor Grief Circle,in_person,America/Denver,Un círculo nuevo.\r\n"
        let updated = try DirectoryTransfer.importCSV(copy, text: update, apply: true, update: true)
        #expect(updated.outcome.committed && updated.outcome.groupsUpdated == 1, "\(updated.problemLines)")
        let es = try #require(try copy.groupDetails(slug: "harbor-grief-circle")?.links.translation("es"))
        #expect(es.summary == "Un círculo nuevo." && es.name == "Círculo de Duelo del Puerto")
        let bad = "organization,name,format,time_zone,content_language,name@es,summary@fr\r\nharbor,Dock,in_person,America/Denver,es,Muelle,\u{7}\r\n"
        let refused = try DirectoryTransfer.importCSV(copy, text: bad, apply: false)
        #expect(
            refused.problemLines.contains { $0.hasPrefix("line 2: content_language: is the language the group's own texts are written in") },
            "\(refused.problemLines)")
        #expect(refused.problemLines.contains("line 2: summary@fr: must not contain control characters"), "\(refused.problemLines)")
    }
}
