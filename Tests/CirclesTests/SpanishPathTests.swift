import Foundation
import Schedules
import Store
import TestSupport
import Testing

@testable import Circles

/// The last English on the Spanish path: the calendar a Spanish page offers, the unsubscribe page, a
/// facilitator's words and every other text of the organization's on a Spanish page (marked with the
/// language they are written in), the printed addresses, the 404 pages' way to the other language, and a
/// step on the status page taken twice.
@Suite(.serialized) struct SpanishPathTests {
    let app: TestApp
    let admin: String
    let org: Int
    static let html = [("Accept", "text/html")]

    init() throws {
        app = try TestApp()
        admin = try app.key()
        org = try app.makeOrganization("harbor", key: admin)
    }

    func post(_ path: String, _ body: [String: Any]) throws -> [String: Any] {
        let r = try app.send("POST", path, key: admin, json: body)
        #expect(r.status == 201, "\(path): \(r.text)")
        return r.jsonObject
    }

    /// A group written in English, its name and summary also in Spanish (not its description), meeting on
    /// Tuesdays at 6:30 pm at a place with directions, led by a facilitator who wrote a bio and tags; one
    /// meeting moved, with a note.
    @discardableResult
    func makeGroup(slug: String = "harbor-grief", translated: Bool = true) throws -> Int {
        let place =
            try post(
                "/api/v1/locations",
                [
                    "organization_id": org, "name": "Harbor Library", "kind": "library", "address": "1 Main St", "city": "Denver", "state": "CO",
                    "zip": "80202", "directions": "Take the lift to the second floor.", "accessibility_notes": "Step-free entrance on Oak Street.",
                ])["id"] as! Int
        let facilitator =
            try post(
                "/api/v1/facilitators",
                [
                    "organization_id": org, "display_name": "Rosa M.", "bio": "I have led this circle for six years.",
                    "lived_experience": ["loss of a parent", "caregiving", "depression"],
                ])["id"] as! Int
        var body: [String: Any] = [
            "organization_id": org, "name": "Harbor Grief Circle", "slug": slug, "format": "in_person", "time_zone": "America/Denver",
            "topics": ["grief"], "summary": "A peer-led circle for people who lost someone.", "description": "We meet every week and listen.",
            "location_id": place, "facilitator_ids": [facilitator], "is_free": false, "cost": "Pay what you can",
        ]
        if translated {
            body["translations"] = [
                "es": ["name": "Círculo de Duelo del Puerto", "summary": "Un círculo de apoyo entre pares para quienes perdieron a alguien."]
            ]
        }
        let id = try post("/api/v1/groups", body)["id"] as! Int
        let start = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400)).adding(days: -14)
        let schedule =
            try post(
                "/api/v1/groups/\(id)/schedules",
                [
                    "frequency": "weekly", "weekdays": ["tuesday"], "start_time": "18:30", "duration_minutes": 90, "starts_on": start.description,
                    "notes": "Bring a photo if you like.",
                ])["id"] as! Int
        var moved = start.adding(days: 21)
        while moved.weekday != .tuesday { moved = moved.adding(days: 1) }
        _ = try post(
            "/api/v1/schedules/\(schedule)/exceptions",
            [
                "occurrence_date": moved.description, "kind": "moved", "moved_to_date": moved.adding(days: 1).description, "moved_to_time": "18:30",
                "note": "The library is closed that day.",
            ])
        return id
    }

    /// The logical lines of an iCalendar document (continuation lines joined).
    func lines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
    }

    // MARK: 1. The calendar

    @Test func theSpanishPageOffersASpanishCalendar() throws {
        try makeGroup()
        let page = try app.get("/es/groups/harbor-grief", headers: Self.html).text
        #expect(page.contains("href=\"/es/calendars/groups/harbor-grief.ics\" type=\"text/calendar\""), "the button")
        #expect(page.contains("href=\"webcal://localhost/es/calendars/groups/harbor-grief.ics\""), "the subscription")
        #expect(page.contains("<link rel=\"alternate\" type=\"text/calendar\" href=\"/es/calendars/groups/harbor-grief.ics\""))
        let english = try app.get("/groups/harbor-grief", headers: Self.html).text
        #expect(english.contains("href=\"/calendars/groups/harbor-grief.ics\" type=\"text/calendar\""))
        #expect(english.contains("href=\"webcal://localhost/calendars/groups/harbor-grief.ics\""))
        // The old address of a page's calendar forwards in its language.
        #expect(try app.get("/es/groups/harbor-grief.ics").headers["Location"] == "/es/calendars/groups/harbor-grief.ics")

        let r = try app.get("/es/calendars/groups/harbor-grief.ics")
        #expect(r.status == 200)
        #expect(r.headers["Content-Type"] == "text/calendar; charset=utf-8")
        #expect(r.headers["Content-Language"] == "es")
        // Spanish times keep their no-break spaces ("6:30 p. m."), as on the pages.
        let ics = lines(r.text.replacingOccurrences(of: "\u{a0}", with: " "))
        #expect(ics.contains("NAME:Círculo de Duelo del Puerto"))
        #expect(ics.contains("SUMMARY;LANGUAGE=es:Círculo de Duelo del Puerto"), "\(ics)")
        let description = try #require(ics.first { $0.hasPrefix("DESCRIPTION;LANGUAGE=es:") }).replacingOccurrences(of: "\\n", with: "\n")
        for words in [
            "Un círculo de apoyo entre pares para quienes perdieron a alguien.",
            "Todos los martes a las 6:30 p. m. (zona horaria America/Denver).",
            "Cómo llegar: Take the lift to the second floor.", "Accesibilidad: Step-free entrance on Oak Street.",
            "Lo dirige Harbor Center.", "Más sobre este grupo: http://localhost/es/groups/harbor-grief",
        ] {
            #expect(description.contains(words.replacingOccurrences(of: ",", with: "\\,")), "\(words) in \(description)")
        }
        let moved = try #require(ics.first { $0.hasPrefix("DESCRIPTION;LANGUAGE=es:Cambió: antes era el martes ") })
        #expect(moved.contains("a las 6:30 p. m. The library is closed that day."), "\(moved)")
        for english in ["Run by", "Every Tuesday", "Moved from", "More about this group", "Finding it"] {
            #expect(!r.text.contains(english), "\(english)")
        }

        // The English calendar is as it was: the original texts, English words, no LANGUAGE.
        let e = lines(try app.get("/calendars/groups/harbor-grief.ics").text)
        #expect(e.contains("SUMMARY:Harbor Grief Circle"))
        #expect(!e.contains { $0.contains("LANGUAGE=") })
        let englishDescription = try #require(e.first { $0.hasPrefix("DESCRIPTION:A peer-led circle") && $0.contains("\\n") })
        #expect(englishDescription.contains("Every Tuesday at 6:30 pm (America/Denver time)."))
        #expect(englishDescription.contains("Run by Harbor Center.\\nMore about this group: http://localhost/groups/harbor-grief"))
        #expect(e.contains { $0.hasPrefix("DESCRIPTION:Moved from Tuesday\\, ") && $0.contains(" at 6:30 pm. The library is closed that day.") })
    }

    @Test func anUntranslatedNameIsMarkedWithItsLanguageInTheSpanishCalendar() throws {
        try makeGroup(slug: "plain", translated: false)
        let ics = lines(try app.get("/es/calendars/groups/plain.ics").text)
        #expect(ics.contains("SUMMARY;LANGUAGE=en:Harbor Grief Circle"), "\(ics)")
        #expect(ics.contains { $0.hasPrefix("DESCRIPTION;LANGUAGE=es:A peer-led circle") })
    }

    // MARK: 2. Unsubscribing

    func unsubscribeToken(_ referral: Int64) throws -> String {
        let key = try SecretKey.load(environmentValue: nil, file: app.directory + "/circles.key")
        return UnsubscribeLink(sealer: Sealer(key: key)).token(referralId: referral)
    }

    func refer(language: String) throws -> (id: Int64, statusURL: String) {
        let group = try makeGroup(slug: "refer-\(language)-" + UUID().uuidString.prefix(8).lowercased())
        let r = try app.send(
            "POST", "/api/v1/referrals",
            json: [
                "group_id": group, "person_name": "Robin Tallgrass", "person_phone": "555-0177", "preferred_contact_method": "phone",
                "referrer_type": "self", "consent": true, "consent_version": "2026-11", "language": language,
            ])
        #expect(r.status == 201, "\(r.text)")
        let id = try #require(try app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT max(id) FROM referrals") })
        return (id, r.jsonObject["status_url"] as! String)
    }

    func form(_ path: String, body: String = "", headers: [(String, String)] = []) throws -> ClientResponse {
        try TestHTTP.send(
            app.port, "POST", path, headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "text/html")] + headers,
            body: Array(body.utf8))
    }

    @Test func theUnsubscribePageSpeaksTheReferralsLanguageAndSaysWhenItIsDoneAlready() throws {
        let spanish = try refer(language: "es")
        let path = UnsubscribeLink.pathPrefix + (try unsubscribeToken(spanish.id))
        let ask = try app.get(path, headers: Self.html + [("Accept-Language", "en")])
        #expect(ask.status == 200)
        #expect(ask.headers["Content-Language"] == "es")
        #expect(ask.text.contains("<html lang=\"es\">"))
        #expect(ask.text.contains("Dejar de recibir correos sobre su solicitud"))
        #expect(ask.text.contains("<form method=\"post\"><button type=\"submit\">Dejar de recibir correos</button></form>"))
        #expect(!ask.text.contains("You will get"))

        // RFC 8058's one click, as mail programs send it: 200, and no more mail.
        let done = try form(path, body: "List-Unsubscribe=One-Click")
        #expect(done.status == 200)
        #expect(done.text.contains("Listo: ya no recibirá más correos sobre su solicitud."))
        #expect(try app.database.referralUnsubscribed(id: spanish.id))

        // The link used again: it says so, plainly, and asks nothing.
        let again = try app.get(path, headers: Self.html)
        #expect(again.status == 200)
        #expect(again.text.contains("Ya había dejado de recibir correos"))
        #expect(!again.text.contains("<form"))
        let twice = try form(path, body: "List-Unsubscribe=One-Click")
        #expect(twice.status == 200)
        #expect(twice.text.contains("Esta dirección ya estaba dada de baja"))

        // In English for an English referral, whatever the browser says.
        let english = try refer(language: "en")
        let englishPath = UnsubscribeLink.pathPrefix + (try unsubscribeToken(english.id))
        let englishAsk = try app.get(englishPath, headers: [("Accept-Language", "es")])
        #expect(englishAsk.text.contains("<html lang=\"en\">") && englishAsk.text.contains("Stop e-mail about your referral"))
        #expect(try form(englishPath).text.contains("Done: you will get no more e-mail about your referral."))
        #expect(try form(englishPath).text.contains("This address was already unsubscribed"))

        // A link that names no referral: in the browser's language.
        let invalid = try app.get(UnsubscribeLink.pathPrefix + "7-AAAAAAAAAAAAAAAA", headers: [("Accept-Language", "es-MX,es;q=0.9")])
        #expect(invalid.status == 404)
        #expect(invalid.text.contains("Este enlace no es válido"))
        #expect(invalid.headers["Vary"]?.contains("Accept-Language") == true)
    }

    // MARK: 3, 4. The organization's words on a Spanish page

    @Test func englishTextsOnASpanishGroupPageAreMarkedEnglish() throws {
        try makeGroup()
        let page = try app.get("/es/groups/harbor-grief", headers: Self.html).text
        // Translated: in Spanish, unmarked.
        #expect(page.contains("<h1>Círculo de Duelo del Puerto</h1>"))
        // The organization's other words, in English: each element says so.
        for marked in [
            "<p lang=\"en\">We meet every week and listen.</p>",
            "<p lang=\"en\">I have led this circle for six years.</p>",
            "<span lang=\"en\">loss of a parent</span>, <span lang=\"en\">caregiving</span> y <span lang=\"en\">depression</span></p>",
            "<li class=\"tag\" lang=\"en\">Pay what you can</li>", "<dd lang=\"en\">Pay what you can</dd>",
            "<p lang=\"en\">Step-free entrance on Oak Street.</p>", "<span lang=\"en\">Take the lift to the second floor.</span>",
            "<span lang=\"en\">Bring a photo if you like.</span>", "lang=\"en\">The library is closed that day.</span>",
        ] {
            #expect(page.contains(marked), "\(marked)")
        }
        // The English page marks nothing and reads as before.
        let english = try app.get("/groups/harbor-grief", headers: Self.html).text
        #expect(english.components(separatedBy: " lang=\"en\"").count == 2, "only <html lang=\"en\">")
        #expect(english.contains("<strong>Lived experience:</strong> <span>loss of a parent</span>, <span>caregiving</span> and <span>depression</span></p>"))
    }

    @Test func aListInPiecesKeepsTheCataloguesWords() throws {
        let catalogues = try Catalogues(directory: CatalogueTests.locales)
        let spanish = Wording(try #require(catalogues["es"]))
        let english = Wording(catalogues.english)
        for words in [english, spanish] {
            for items in [["a"], ["a", "b"], ["a", "b", "c"], ["uno", "dos", "tres", "cuatro"]] {
                #expect(words.listPieces(items).map { $0.text + $0.after }.joined() == words.list(items))
                #expect(words.listPieces(items).map(\.text) == items)
            }
        }
        #expect(spanish.listPieces(["a", "b", "c"]).map(\.after) == [", ", " y ", ""])
    }

    // MARK: 5. Printed addresses

    @Test func printedAddressesLeadBackToTheSpanishPages() throws {
        try makeGroup()
        let group = try app.get("/es/groups/harbor-grief", headers: Self.html).text
        #expect(group.contains("Esta página: http://localhost/es/groups/harbor-grief"), "the group page's printed footer")
        let english = try app.get("/groups/harbor-grief", headers: Self.html).text
        #expect(english.contains("This page: http://localhost/groups/harbor-grief"))
        let list = try app.get("/es/print?organization_id=\(org)", headers: Self.html).text
        #expect(list.contains("desde localhost/es.") && list.contains("revise localhost/es antes de ir"), "the printed list's address")
        #expect(list.contains("lang=\"en\">The library is closed that day.</span>"), "a change's note")
        let englishList = try app.get("/print?organization_id=\(org)", headers: Self.html).text
        #expect(englishList.contains("check localhost before you go"))
    }

    // MARK: 6. Not found

    @Test func notFoundPagesLeadToTheOtherLanguage() throws {
        for (path, lang) in [("/es/groups/nope", "es"), ("/es/no-such-page", "es"), ("/groups/nope", "en"), ("/no-such-page", "en")] {
            let r = try app.get(path, headers: Self.html)
            #expect(r.status == 404, "\(path)")
            #expect(r.text.contains("<html lang=\"\(lang)\">"), "\(path)")
            // The switch leads to the other language's home: the same address is not found there either.
            let other = lang == "es" ? "en" : "es"
            #expect(r.text.contains("<a href=\"/language/\(other)?to=%2F\" lang=\"\(other)\" hreflang=\"\(other)\" rel=\"alternate\">"), "\(path)")
            let home = other == "es" ? "En español" : "In English"
            #expect(r.text.contains("<a href=\"/language/\(other)?to=%2F\" lang=\"\(other)\" hreflang=\"\(other)\">\(home)</a>"), "\(path)")
        }
        #expect(try app.get("/es/no-such-page", headers: Self.html).text.contains("No encontramos esa página"))
        #expect(try app.get("/language/en?to=%2F").headers["Location"] == "/")
    }

    // MARK: 7. A step taken twice

    @Test func aSecondWithdrawalSaysItWasAlreadyWithdrawn() throws {
        let (id, statusURL) = try refer(language: "es")
        let spanish = "/es" + statusURL
        #expect(try form(spanish + "/withdraw").status == 303)
        let again = try form(spanish + "/withdraw")
        #expect(again.status == 409)
        #expect(again.text.contains("Usted ya había retirado esta solicitud."), "\(again.text)")
        #expect(!again.text.contains("ya avanzó"))

        // Withdrawn, then closed by the organization: still "already withdrawn" to the person (in English here).
        // (Five steps a minute from one address: this test takes five.)
        let closed = try app.send("POST", "/api/v1/referrals/\(id)/status", key: admin, json: ["status": "closed"])
        #expect(closed.status == 200, "\(closed.text)")
        #expect(try form(statusURL + "/withdraw").text.contains("You had already withdrawn this referral."))

        // Closed by the organization before the person withdrew: it says that.
        let (other, otherURL) = try refer(language: "es")
        #expect(try app.send("POST", "/api/v1/referrals/\(other)/status", key: admin, json: ["status": "closed"]).status == 200)
        let late = try form("/es" + otherURL + "/withdraw")
        #expect(late.status == 409)
        #expect(late.text.contains("La organización ya había cerrado esta solicitud"), "\(late.text)")
        #expect(try form(otherURL + "/withdraw").text.contains("The organization had already closed this referral"))
    }
}
