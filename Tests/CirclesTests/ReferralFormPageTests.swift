import Foundation
import GRDB
import HTTPServer
import Store
import TestSupport
import Testing

@testable import Circles

/// The referral form works without JavaScript: rendered by the server with the group's card, posted as
/// an ordinary form, recorded by the API's own function (rules, trap, rate limit, crisis check), answered
/// with the status page that confirms it (post/redirect/get), or with the form again and every problem.
@Suite(.serialized) struct ReferralFormPageTests {
    let app: TestApp
    let slug = "harbor-circle"

    init() throws {
        app = try TestApp()
        let admin = try app.key()
        let org = try app.send(
            "POST", "/api/v1/organizations", key: admin,
            json: ["name": "Harbor Peer Center", "slug": "harbor", "phone": "555-0142", "email": "hello@harbor.example.org"])
        #expect(org.status == 201, "\(org.text)")
        let place = try app.send(
            "POST", "/api/v1/locations", key: admin,
            json: [
                "organization_id": org.jsonObject["id"] as! Int, "name": "Harbor Hall", "address": "12 Dock Street", "city": "Portland",
                "state": "ME", "zip": "04101", "kind": "community_center",
            ])
        #expect(place.status == 201, "\(place.text)")
        let created = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: [
                "organization_id": org.jsonObject["id"] as! Int, "name": "Harbor Circle", "slug": slug, "format": "in_person",
                "location_id": place.jsonObject["id"] as! Int, "time_zone": "America/New_York", "join_mode": "registration", "contact_phone": "555-0142",
            ])
        #expect(created.status == 201, "\(created.text)")
        let schedule = try app.send(
            "POST", "/api/v1/groups/\(created.jsonObject["id"] as! Int)/schedules", key: admin,
            json: [
                "frequency": "weekly", "weekdays": ["monday", "wednesday"], "start_time": "19:00", "duration_minutes": 60,
                "time_zone": "America/New_York", "starts_on": "2024-01-01",
            ])
        #expect(schedule.status == 201, "\(schedule.text)")
    }

    static let complete: [(String, String)] = [
        ("referrer_type", "self"), ("person_name", "Robin Tallgrass"), ("person_phone", "555-0177"), ("person_email", ""),
        ("preferred_contact_method", "text"), ("preferred_times", "weekday evenings"), ("language", "en"),
        ("note", "I would like to try it."), ("consent", "on"), ("consent_version", "2026-11"), ("website", ""),
    ]

    /// `complete` with some fields changed (nil leaves one out, as an unticked box is left out).
    static func fields(_ changes: [String: String?] = [:]) -> [(String, String)] {
        var fields = complete.compactMap { name, value in changes[name].map { $0.map { (name, $0) } } ?? (name, value) }
        for (name, value) in changes where !complete.contains(where: { $0.0 == name }) { if let value { fields.append((name, value)) } }
        return fields
    }

    func post(_ fields: [(String, String)], language: String = "") throws -> ClientResponse {
        var form = QueryString()
        for (name, value) in fields { form.add(name, value) }
        let body = String(form.url("").dropFirst())
        return try TestHTTP.send(
            app.port, "POST", language + "/refer?group=\(slug)", headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "text/html")],
            body: Array(body.utf8))
    }

    func referralCount() throws -> Int {
        try app.database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM referrals") ?? 0 }
    }

    @Test func theFormIsRenderedWithTheGroupsCardAndPostsToTheServer() throws {
        let r = try app.get("/refer?group=\(slug)", headers: [("Accept", "text/html")])
        #expect(r.status == 200)
        let text = r.text
        let form = try #require(text.firstMatch(of: /<form id="refer-form"[^>]*>/)).0
        #expect(form.contains("method=\"post\"") && form.contains("action=\"/refer?group=\(slug)\""))
        #expect(text.contains("Ask to join Harbor Circle"))
        #expect(text.contains("<a href=\"/groups/\(slug)\">Harbor Circle</a>"))
        #expect(text.contains("7:00\u{a0}pm Eastern") && text.contains("Harbor Hall"))
        #expect(text.contains("Sign up before your first meeting."))
        #expect(text.contains("name=\"consent_version\" value=\"2026-11\""))
        #expect(!text.contains("Consent wording version"))
        #expect(!text.contains("<noscript>"))
    }

    @Test func withAGroupWeDoNotKnowThePageSaysSoAndOffersTheSearch() throws {
        for path in ["/refer?group=no-such-group", "/refer?group=Bad%20Slug"] {
            let r = try app.get(path, headers: [("Accept", "text/html")])
            #expect(r.status == 404, "\(path)")
            #expect(r.text.contains("We couldn’t find that group") && r.text.contains("action=\"/search\""), "\(path)")
            #expect(!r.text.contains("id=\"refer-form\""), "\(path)")
        }
    }

    @Test func withoutAGroupThePageAsksWhichAndFindsOne() throws {
        let r = try app.get("/refer", headers: [("Accept", "text/html")])
        #expect(r.status == 200)
        #expect(r.text.contains("Which group would you like to join?") && !r.text.contains("We couldn’t find that group"))
        let form = try #require(r.text.range(of: "id=\"refer-find\"").map { String(r.text[$0.lowerBound...].prefix(1500)) })
        #expect(form.contains("action=\"/search\"") && form.contains("name=\"q\"") && form.contains("name=\"where\""))
        #expect(r.text.contains("href=\"/search?remote=true\""))
        #expect(!r.text.contains("id=\"refer-form\""))
        let spanish = try app.get("/es/refer", headers: [("Accept", "text/html")])
        #expect(spanish.status == 200 && spanish.text.contains("¿A qué grupo le gustaría unirse?") && spanish.text.contains("action=\"/es/search\""))
    }

    @Test func aCompleteFormRedirectsToTheStatusPageThatConfirmsIt() throws {
        let before = try referralCount()
        let r = try post(Self.fields())
        #expect(r.status == 303, "\(r.text)")
        let location = try #require(r.headers["Location"])
        #expect(location.wholeMatch(of: /\/referrals\/status\/[A-Za-z0-9]{16,64}\?done=sent/) != nil, "\(location)")
        #expect(try referralCount() == before + 1)
        let page = try app.get(location, headers: [("Accept", "text/html")])
        #expect(page.status == 200)
        #expect(page.text.contains("Your referral was sent"))
        #expect(page.text.contains("Harbor Circle has your referral") && page.text.contains("within a few days"))
        #expect(page.text.contains("id=\"status-link\"") && page.text.contains(String(location.prefix { $0 != "?" })))
        #expect(page.text.contains("7:00 pm") && page.text.contains("Harbor Hall"))
        #expect(page.text.contains("href=\"/calendars/groups/\(slug).ics\""))
        #expect(!page.text.contains("Consent wording version") && !page.text.contains("Robin"))
        // Once: the status link itself (without the flag) no longer says it was just sent.
        let later = try app.get(String(location.prefix { $0 != "?" }), headers: [("Accept", "text/html")])
        #expect(later.status == 200 && !later.text.contains("Your referral was sent"))
        // What the organization gets is what the form said.
        let stored = try #require(try app.database.pool.read { try Row.fetchOne($0, sql: "SELECT * FROM referrals") })
        #expect(stored["preferred_contact_method"] as String == "text" && stored["referrer_type"] as String == "self")
        #expect(stored["consent_version"] as String == "2026-11" && stored["urgent"] as Bool == false)
    }

    @Test func theSameFormSentTwiceMakesOneReferral() throws {
        let form = try app.get("/refer?group=\(slug)", headers: [("Accept", "text/html")]).text
        let key = try #require(form.firstMatch(of: /name="idempotency_key" value="([A-Za-z0-9]+)"/)).1
        let fields = Self.fields(["idempotency_key": String(key)])
        let first = try post(fields)
        let second = try post(fields)
        #expect(first.status == 303 && second.status == 303)
        #expect(first.headers["Location"] != nil && first.headers["Location"] == second.headers["Location"])
        #expect(try referralCount() == 1)
        // Another form drawn is another key: another referral.
        let other = try app.get("/refer?group=\(slug)", headers: [("Accept", "text/html")]).text
        #expect(!other.contains("value=\"\(key)\""))
    }

    /// Back after "Send", a name fixed, "Send" again: the referral was made, so its status page says so
    /// (it said "not sent", with a new key that made a second referral).
    @Test func theSameFormSentAgainChangedLeadsToTheFirstReferral() throws {
        let first = try post(Self.fields(["idempotency_key": "resent-form"]))
        #expect(first.status == 303)
        let changed = try post(Self.fields(["idempotency_key": "resent-form", "person_name": "Robin T."]))
        #expect(changed.status == 303, "\(changed.text)")
        let location = try #require(changed.headers["Location"])
        #expect(location.hasSuffix("?done=already_sent") && location.hasPrefix((first.headers["Location"] ?? "").components(separatedBy: "?")[0]))
        let page = try app.get(location, headers: [("Accept", "text/html")]).text
        #expect(page.contains("You had already sent this referral, so it was not sent again"), "\(page)")
        #expect(try referralCount() == 1)
        let spanish = try post(Self.fields(["idempotency_key": "resent-form", "person_name": "Robin Tallgrass Jr."]), language: "/es")
        #expect(spanish.headers["Location"]?.hasPrefix("/es/referrals/status/") == true && spanish.headers["Location"]?.hasSuffix("?done=already_sent") == true)
        #expect(try referralCount() == 1)
    }

    @Test func aMissingFieldIsNamedBesideItWithEverythingTypedKept() throws {
        let before = try referralCount()
        let r = try post(Self.fields(["person_name": nil, "consent": nil]))
        #expect(r.status == 422)
        let text = r.text
        #expect(text.contains("<a href=\"#person_name\">Enter your name, or a nickname</a>"))
        #expect(text.contains("<a href=\"#consent\">Tick the box to agree, so the group can contact you</a>"))
        #expect(text.contains("id=\"person_name-error\"><span class=\"visually-hidden\">Error: </span>Enter your name, or a nickname</p>"))
        #expect(text.contains("aria-describedby=\"person_name-hint person_name-error\" aria-invalid=\"true\""))
        #expect(text.contains("Please check <span id=\"error-count\">these 2 answers</span>"))
        #expect(text.contains("value=\"555-0177\"") && text.contains("value=\"weekday evenings\"") && text.contains(">I would like to try it.</textarea>"))
        #expect(text.contains("value=\"text\" checked"))
        #expect(try referralCount() == before)
    }

    @Test func aFilledTrapGetsTheAPIsAnswerAndNothingIsKept() throws {
        let api = try app.send(
            "POST", "/api/v1/referrals",
            json: [
                "group_id": 1, "person_name": "Bot", "person_phone": "555-0100", "preferred_contact_method": "phone", "referrer_type": "self",
                "consent": true, "consent_version": "2026-11", "website": "http://spam.example",
            ])
        let r = try post(Self.fields(["website": "http://spam.example"]))
        #expect(r.status == api.status && r.status == 202)
        #expect(r.headers["Location"] == nil)
        #expect(try referralCount() == 0)
    }

    @Test func theSpanishFormAnswersInSpanish() throws {
        let refused = try post(Self.fields(["person_name": nil, "language": "es"]), language: "/es")
        #expect(refused.status == 422)
        #expect(refused.headers["Content-Language"] == "es")
        #expect(refused.text.contains("Escriba su nombre o un apodo"))
        #expect(refused.text.contains("action=\"/es/refer?group=\(slug)\""))
        let sent = try post(Self.fields(["language": "es"]), language: "/es")
        #expect(sent.status == 303)
        let location = try #require(sent.headers["Location"])
        #expect(location.hasPrefix("/es/referrals/status/"))
        let page = try app.get(location, headers: [("Accept", "text/html")])
        #expect(page.text.contains("Su solicitud fue enviada") && page.text.contains("Harbor Circle ya tiene su solicitud"))
        #expect(try app.database.pool.read { try String.fetchOne($0, sql: "SELECT language FROM referrals") } == "es")
    }

    @Test func aCrisisPhraseInTheNoteMakesItUrgentAndPromisesNoDays() throws {
        let r = try post(Self.fields(["note": "honestly i want to end it all"]))
        #expect(r.status == 303)
        let flags = try #require(try app.database.pool.read { try Row.fetchOne($0, sql: "SELECT urgent, crisis_flag FROM referrals") })
        #expect(flags["urgent"] as Bool && flags["crisis_flag"] as Bool)
        let page = try app.get(try #require(r.headers["Location"]), headers: [("Accept", "text/html")])
        #expect(page.text.contains("marked urgent") && page.text.contains("href=\"tel:988\""))
        #expect(!page.text.contains("within a few days"))
    }

    /// Five referrals from one connection go through; the sixth is refused in words that keep what was
    /// typed (a form with a mistake uses up nothing: `ReferralLimitTests`).
    @Test func tooManyFormsAreRefusedInWords() throws {
        var last: ClientResponse?
        for index in 0..<6 { last = try post(Self.fields(["idempotency_key": "too-many-\(index)"])) }
        let r = try #require(last)
        #expect(r.status == 429)
        #expect(r.text.contains("Too many referrals have come from this connection") && r.text.contains("value=\"555-0177\""))
        #expect(try referralCount() == 5)
    }
}
