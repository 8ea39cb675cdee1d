import Foundation
import GRDB
import HTTPServer
import Store
import TestSupport
import Testing

@testable import Circles

/// The limits a person meets when referring themselves and on their status page: mistakes on the form
/// use up none of the referral limit (only a looser limit on attempts), "too many" says how long to wait
/// in the page's language with `Retry-After`, and "e-mail me the link" mails a referral's person once in
/// ten minutes and three times a day at most, whoever presses, answering the same either way.
@Suite(.serialized) struct ReferralLimitTests {
    let sink: SMTPSink
    let app: TestApp
    let slug = "harbor-circle"
    let group: Int

    init() throws {
        let sink = try SMTPSink()
        self.sink = sink
        app = try TestApp {
            $0.sendMail(to: sink)
            // Each test client may speak for another visitor with X-Forwarded-For.
            $0.server.trustedProxies = [IPNetwork("127.0.0.1")!]
        }
        let admin = try app.key()
        let organization = try app.makeOrganization("harbor", key: admin)
        let created = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: [
                "organization_id": organization, "name": "Harbor Circle", "slug": slug, "format": "online",
                "online_url": "https://meet.example.org/h", "time_zone": "America/Denver",
            ])
        #expect(created.status == 201, "\(created.text)")
        group = created.jsonObject["id"] as! Int
    }

    static let form: [(String, String)] = [
        ("referrer_type", "self"), ("person_name", "Robin Tallgrass"), ("person_phone", "555-0177"), ("person_email", ""),
        ("preferred_contact_method", "text"), ("language", "en"), ("consent", "on"), ("consent_version", "2026-11"), ("website", ""),
    ]

    /// The form posted without JavaScript, as `name` (empty: the field the tester got wrong).
    func post(name: String = "Robin Tallgrass", language: String = "") throws -> ClientResponse {
        var query = QueryString()
        for (field, value) in Self.form { query.add(field, field == "person_name" ? name : value) }
        return try TestHTTP.send(
            app.port, "POST", language + "/refer?group=\(slug)",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "text/html")], body: Array(query.url("").dropFirst().utf8))
    }

    func apiReferral(name: String = "Jordan Quillfeather", method: String = "email") throws -> ClientResponse {
        try app.send(
            "POST", "/api/v1/referrals",
            json: [
                "group_id": group, "person_name": name, "person_phone": "555-0123", "person_email": "jordan.q@example.net",
                "preferred_contact_method": method, "referrer_type": "self", "consent": true, "consent_version": "2026-11",
            ])
    }

    func referralCount() throws -> Int {
        try app.database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM referrals") ?? 0 }
    }

    // MARK: Referrals: only those answered count

    @Test func mistakesOnTheFormUseUpNoReferral() throws {
        let refused = try (0..<8).map { _ in try post(name: "").status }
        #expect(refused.allSatisfy { $0 == 422 }, "\(refused)")
        let sent = try (0..<5).map { _ in try post().status }
        #expect(sent.allSatisfy { $0 == 303 }, "\(sent)")
        #expect(try referralCount() == 5)
    }

    @Test func theAPIsRefusedReferralsUseUpNothing() throws {
        let refused = try (0..<8).map { _ in try apiReferral(name: "").status }
        #expect(refused.allSatisfy { $0 == 422 }, "\(refused)")
        let sent = try (0..<5).map { _ in try apiReferral().status }
        #expect(sent.allSatisfy { $0 == 201 }, "\(sent)")
        let limited = try apiReferral()
        #expect(limited.status == 429)
        #expect(Int(limited.headers["Retry-After"] ?? "").map { (1...12).contains($0) } == true)
    }

    @Test func tooManyReferralsSayHowLongToWaitInThePagesLanguageWithRetryAfter() throws {
        for _ in 0..<5 { #expect(try post().status == 303) }
        let limited = try post(name: "Robin T")
        #expect(limited.status == 429)
        let wait = try #require(limited.headers["Retry-After"].flatMap { Int($0) })
        #expect((1...12).contains(wait))
        let seconds = wait == 1 ? "1 second," : "\(wait) seconds,"
        #expect(limited.text.contains("Please wait about \(seconds) then press “Send referral” again"), "\(limited.text)")
        #expect(limited.text.contains("value=\"Robin T\""), "what was typed is kept")
        #expect(!limited.text.contains("a few minutes"))

        let spanish = try post(language: "/es")
        #expect(spanish.status == 429)
        let espera = try #require(spanish.headers["Retry-After"].flatMap { Int($0) })
        #expect(spanish.text.contains("Espere más o menos \(espera) segundo" + (espera == 1 ? " " : "s ")), "\(spanish.text)")
        #expect(try referralCount() == 5)
    }

    @Test func attemptsAreBoundedApartAndMuchMoreLoosely() throws {
        var statuses: [Int] = []
        while statuses.count < 40, statuses.last != 429 { statuses.append(try post(name: "").status) }
        #expect(statuses.last == 429 && statuses.count >= 31 && statuses.dropLast().allSatisfy { $0 == 422 }, "\(statuses)")
        let limited = try post(name: "")
        #expect(limited.status == 429 && limited.headers["Retry-After"] != nil)
        #expect(try referralCount() == 0)
    }

    // MARK: "E-mail me the link": once in ten minutes, three times a day, whoever asks

    func messages(atLeast count: Int) -> Int {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, sink.waitForMessages(0).count < count { Thread.sleep(forTimeInterval: 0.05) }
        // Anything more would have come by now: the sender retries within milliseconds in tests.
        Thread.sleep(forTimeInterval: 1.5)
        return sink.waitForMessages(0).filter { $0.recipients == ["jordan.q@example.net"] }.count
    }

    func askForTheLink(_ statusURL: String, from address: String? = nil) throws -> ClientResponse {
        var headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "text/html")]
        if let address { headers.append(("X-Forwarded-For", address)) }
        return try TestHTTP.send(app.port, "POST", statusURL + "/send-link", headers: headers)
    }

    @Test func aDoubleClickMailsTheLinkOnce() throws {
        let statusURL = try #require(try apiReferral().jsonObject["status_url"] as? String)
        #expect(messages(atLeast: 1) == 1, "the receipt")
        for _ in 0..<4 {
            let asked = try askForTheLink(statusURL)
            #expect(asked.status == 303 && asked.headers["Location"] == statusURL + "?done=link_sent", "the same answer every time")
        }
        #expect(messages(atLeast: 2) == 2, "the receipt and one link")
        let spanish = try askForTheLink("/es" + statusURL)
        #expect(spanish.status == 303 && spanish.headers["Location"] == "/es" + statusURL + "?done=link_sent")
        #expect(messages(atLeast: 2) == 2)
    }

    @Test func someoneElseHoldingTheLinkCannotFloodTheInbox() throws {
        let statusURL = try #require(try apiReferral().jsonObject["status_url"] as? String)
        #expect(messages(atLeast: 1) == 1)
        // Each press from another address, as someone would to slip past the per-address limit.
        let statuses = try (1...8).map { try askForTheLink(statusURL, from: "198.51.100.\($0)").status }
        #expect(statuses.prefix(5).allSatisfy { $0 == 303 }, "\(statuses)")
        #expect(statuses.allSatisfy { $0 == 303 || $0 == 429 }, "\(statuses)")
        #expect(messages(atLeast: 2) == 2, "one link, however many ask")
    }

    @Test func tooManyAsksFromOneAddressSayWhenWithRetryAfter() throws {
        let statusURL = try #require(try apiReferral().jsonObject["status_url"] as? String)
        var last: ClientResponse?
        for _ in 0..<6 { last = try askForTheLink(statusURL) }
        let limited = try #require(last)
        #expect(limited.status == 429)
        #expect(Int(limited.headers["Retry-After"] ?? "").map { $0 >= 1 } == true)
    }

    @Test func theQuotaSpacesMessagesAndCapsADay() {
        let quota = MessageQuota(spacing: 600, perWindow: 3, window: 86_400)
        let start = 1_000_000.0
        #expect(quota.admit("a", now: start))
        #expect(!quota.admit("a", now: start + 1), "a double click")
        #expect(!quota.admit("a", now: start + 599))
        #expect(quota.admit("b", now: start + 1), "another referral is apart")
        #expect(quota.admit("a", now: start + 600))
        #expect(quota.admit("a", now: start + 1_200))
        #expect(!quota.admit("a", now: start + 3_600), "three a day")
        #expect(!quota.admit("a", now: start + 86_399))
        #expect(quota.admit("a", now: start + 86_400), "a day after the first")
        #expect(!quota.admit("a", now: start + 86_401))
    }
}
