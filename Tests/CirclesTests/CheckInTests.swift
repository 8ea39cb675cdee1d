import Foundation
import GRDB
import GroupViews
import Schedules
import Store
import TestSupport
import Testing

@testable import Circles
@testable import Mail

/// The one check-in after a first meeting ("Did you go?"), and "e-mail me the link": the first meeting
/// as `FirstMeeting` reckons it (cancelled and moved meetings honoured), the check-in written with the
/// referral and held in the outbox until the morning after it, dropped once it has nothing to ask, and
/// what arrives. Time is moved by moving the referral's `created_at` and the message's due time back,
/// never by sleeping until a meeting.
@Suite(.serialized) struct CheckInTests {
    let sink: SMTPSink
    let app: TestApp
    let admin: String
    let group: Int
    let schedule: Int

    init() throws {
        let sink = try SMTPSink()
        self.sink = sink
        app = try TestApp { $0.sendMail(to: sink) }
        admin = try app.key()
        let organization = try app.makeOrganization("harbor", key: admin)
        group =
            try app.send(
                "POST", "/api/v1/groups", key: admin,
                json: [
                    "organization_id": organization, "name": "Harbor Grief Circle", "format": "online", "online_url": "https://meet.example.org/h",
                    "time_zone": "America/Denver",
                ]
            ).jsonObject["id"] as! Int
        let made = try app.send(
            "POST", "/api/v1/groups/\(group)/schedules", key: admin,
            json: [
                "frequency": "weekly", "weekdays": ["monday"], "start_time": "19:00", "duration_minutes": 90, "time_zone": "America/Denver",
                "starts_on": "2024-01-01",
            ])
        #expect(made.status == 201, "\(made.text)")
        schedule = made.jsonObject["id"] as! Int
    }

    func details() throws -> GroupDetails { try #require(try app.database.groupDetails(id: Int64(group))) }

    static func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    func refer(method: String = "email", language: String = "en") throws -> (id: Int64, statusURL: String) {
        let r = try app.send(
            "POST", "/api/v1/referrals",
            json: [
                "group_id": group, "person_name": "Jordan Quillfeather", "person_phone": "555-0123", "person_email": "jordan.q@example.net",
                "preferred_contact_method": method, "note": "Lost my brother in March", "referrer_type": "self", "consent": true,
                "consent_version": "2026-11", "language": language,
            ])
        #expect(r.status == 201, "\(r.text)")
        return (Int64(r.jsonObject["id"] as! Int), r.jsonObject["status_url"] as! String)
    }

    /// The check-in rows of a referral: (next_attempt_at, sent, failed, last_error, sealed).
    func checkIns(_ id: Int64) throws -> [Row] {
        try app.database.pool.read {
            try Row.fetchAll(
                $0,
                sql: """
                    SELECT next_attempt_at, sent_at IS NOT NULL AS sent, failed_at IS NOT NULL AS failed, last_error, sealed_message IS NOT NULL AS sealed
                    FROM mail_outbox WHERE kind = 'referral_check_in' AND target_id = ?
                    """, arguments: [String(id)])
        }
    }

    /// As if the referral had been sent `days` ago and its check-in were due now.
    func age(_ id: Int64, days: Double) throws {
        try app.database.pool.write { db in
            try db.execute(
                sql: "UPDATE referrals SET created_at = ? WHERE id = ?", arguments: [Timestamp(Date().addingTimeInterval(-days * 86_400)).text, id])
            try db.execute(
                sql: "UPDATE mail_outbox SET next_attempt_at = ? WHERE kind = 'referral_check_in' AND target_id = ? AND sent_at IS NULL AND failed_at IS NULL",
                arguments: [WebhookTime.format(Date()), String(id)])
        }
    }

    /// What `probe` finds within a few seconds, or nil.
    func eventually<T>(_ probe: () throws -> T?) throws -> T? {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if let found = try probe() { return found }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return try probe()
    }

    func messages(to recipient: String, count: Int) -> [ParsedMail] {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let found = sink.waitForMessages(0).filter { $0.recipients == [recipient] }
            if found.count >= count { return found.map(ParsedMail.init) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return sink.waitForMessages(0).filter { $0.recipients == [recipient] }.map(ParsedMail.init)
    }

    // MARK: The first meeting, one reckoning for the page and the mail

    @Test func theFirstMeetingHonoursCancelledAndMovedMeetingsAndTheCheckInIsTheMorningAfter() throws {
        // Monday 2 March 2026, noon in Denver (MST): that evening's meeting is the first.
        let sent = Self.instant("2026-03-02T19:00:00Z")
        var d = try details()
        let first = try #require(FirstMeeting.after(sent, in: d))
        #expect(first.occurrence.start == Self.instant("2026-03-03T02:00:00Z"))
        #expect(FirstMeeting.checkInDue(d, since: sent) == Self.instant("2026-03-03T17:00:00Z"))  // 10 am MST on Tuesday
        #expect(!FirstMeeting.isOver(d, since: sent, now: first.occurrence.start.addingTimeInterval(60)))
        #expect(FirstMeeting.isOver(d, since: sent, now: first.occurrence.end))

        // Cancelled: the next Monday's, after the change to daylight time (MDT, 8 March).
        let cancelled = try app.send(
            "POST", "/api/v1/schedules/\(schedule)/exceptions", key: admin, json: ["occurrence_date": "2026-03-02", "kind": "cancelled"])
        #expect(cancelled.status == 201, "\(cancelled.text)")
        d = try details()
        #expect(FirstMeeting.after(sent, in: d)?.occurrence.start == Self.instant("2026-03-10T01:00:00Z"))
        #expect(FirstMeeting.checkInDue(d, since: sent) == Self.instant("2026-03-10T16:00:00Z"))
        #expect(!FirstMeeting.isOver(d, since: sent, now: Self.instant("2026-03-04T12:00:00Z")))

        // Moved to Wednesday 11 March: the check-in follows it to Thursday morning.
        let moved = try app.send(
            "POST", "/api/v1/schedules/\(schedule)/exceptions", key: admin,
            json: ["occurrence_date": "2026-03-09", "kind": "moved", "moved_to_date": "2026-03-11"])
        #expect(moved.status == 201, "\(moved.text)")
        d = try details()
        #expect(FirstMeeting.after(sent, in: d)?.occurrence.start == Self.instant("2026-03-12T01:00:00Z"))
        #expect(FirstMeeting.checkInDue(d, since: sent) == Self.instant("2026-03-12T16:00:00Z"))
    }

    @Test func aCheckInIsSentOnlyWhenDueAndStillWanted() throws {
        let d = try details()
        let sent = Self.instant("2026-03-02T19:00:00Z")
        let due = Self.instant("2026-03-03T17:00:00Z")
        var referral = ReferralRecord(
            groupId: Int64(group), organizationId: 1, referrerType: .selfReferral, preferredContactMethod: .email, consentAt: Timestamp(sent),
            consentVersion: "2026-11", statusTokenHash: "x")
        referral.createdAt = Timestamp(sent)
        referral.personalData = Data([1])
        #expect(FirstMeeting.decide(referral, group: d, now: due.addingTimeInterval(-1)) == .wait(until: due))
        #expect(FirstMeeting.decide(referral, group: d, now: due) == .send)
        for status in ReferralStatus.allCases {
            var moved = referral
            moved.status = status
            let wanted = [ReferralStatus.new, .contacted, .waitlisted, .unreachable, .enrolled].contains(status)
            #expect((FirstMeeting.decide(moved, group: d, now: due) == .send) == wanted, "\(status)")
        }
        var unsubscribed = referral
        unsubscribed.mailUnsubscribedAt = Timestamp(sent)
        #expect(FirstMeeting.decide(unsubscribed, group: d, now: due) == .drop)
        var erased = referral
        erased.personalData = nil
        #expect(FirstMeeting.decide(erased, group: d, now: due) == .drop)
        #expect(FirstMeeting.decide(referral, group: nil, now: due) == .drop)
    }

    // MARK: End to end

    @Test func theCheckInWaitsInTheOutboxThenArrivesWithLinksThatOnlyAsk() throws {
        let (id, statusURL) = try refer()
        #expect(messages(to: "jordan.q@example.net", count: 1).count == 1)  // the receipt
        let pending = try #require(try checkIns(id).first)
        let due = try #require(WebhookTime.parse(pending["next_attempt_at"] as String))
        let referral = try #require(try app.database.referral(id: id))
        let expected = try #require(FirstMeeting.checkInDue(try details(), since: referral.createdAt.date))
        #expect(abs(due.timeIntervalSince(expected)) < 1)
        #expect(due > Date())
        #expect(try app.database.referral(id: id)?.checkInAt != nil)
        Thread.sleep(forTimeInterval: 1.5)
        #expect(messages(to: "jordan.q@example.net", count: 1).count == 1, "nothing before it is due")

        try age(id, days: 15)
        let arrived = messages(to: "jordan.q@example.net", count: 2)
        let checkIn = try #require(arrived.count == 2 ? arrived[1] : nil)
        #expect(checkIn.header("Subject") == "Did you go to Harbor Grief Circle?")
        #expect(checkIn.header("Content-Language") == "en")
        for secret in ["Quillfeather", "Jordan", "555-0123", "Lost my brother"] {
            #expect(!checkIn.raw.contains(secret) && !checkIn.text.contains(secret), "the check-in holds \(secret)")
        }
        let page = "https://circles.example.org" + statusURL
        for ask in ["attended", "not_for_me", "withdraw"] {
            #expect(checkIn.text.contains(page + "?ask=" + ask), "\(ask) in \(checkIn.text)")
        }
        #expect(checkIn.header("List-Unsubscribe") != nil)
        // The relay has the message a moment before the sender records it as sent.
        let sentRow = try #require(try eventually { try checkIns(id).first.flatMap { $0["sent"] as Bool ? $0 : nil } })
        #expect(!(sentRow["sealed"] as Bool))
        let audited = try app.database.pool.read {
            try Int.fetchOne(
                $0, sql: "SELECT count(*) FROM audit_log WHERE action = 'mail.address_read' AND target_id = ? AND detail LIKE 'referral_check_in %'",
                arguments: [String(id)])
        }
        #expect(audited == 1)

        // A link shows the question and where to answer it; it changes nothing.
        for (ask, button) in [("attended", "report-attended"), ("not_for_me", "report-not-for-me"), ("withdraw", "withdraw-yes")] {
            let shown = try app.get(statusURL + "?ask=" + ask, headers: [("Accept", "text/html")])
            #expect(shown.status == 200)
            #expect(shown.text.contains("id=\"\(button)\" autofocus"), "\(ask)")
            #expect(shown.text.contains("You came from the check-in mail"))
        }
        let token = String(statusURL.split(separator: "/").last!)
        #expect(try app.get("/api/v1/referral-status/" + token).jsonObject["status"] as? String == "new")
        // At most one check-in per referral.
        #expect(try checkIns(id).count == 1)
    }

    @Test func aSpanishSpeakerGetsItInSpanishWithSpanishPages() throws {
        let (id, statusURL) = try refer(language: "es")
        try age(id, days: 15)
        let arrived = messages(to: "jordan.q@example.net", count: 2)
        let receipt = try #require(arrived.first)
        #expect(receipt.header("Subject") == "Su solicitud para Harbor Grief Circle llegó")
        // The receipt's link opens the status page in Spanish too, not the English one.
        #expect(receipt.text.contains("https://circles.example.org/es" + statusURL))
        #expect(receipt.html.contains("href=\"https://circles.example.org/es" + statusURL + "\""))
        let checkIn = try #require(arrived.count == 2 ? arrived[1] : nil)
        #expect(checkIn.header("Subject") == "¿Fue a Harbor Grief Circle?")
        #expect(checkIn.header("Content-Language") == "es")
        #expect(checkIn.text.contains("https://circles.example.org/es" + statusURL + "?ask=attended"))
        let page = try app.get("/es" + statusURL + "?ask=attended", headers: [("Accept", "text/html")]).text
        #expect(page.contains("Viene del correo de seguimiento"))
    }

    /// Every message to a person names the group as its pages in their language do: a Spanish speaker reads
    /// the Spanish name the organization gave (receipt, check-in, the link again, a status note), an English
    /// speaker the original; the notice to the coordinators keeps the original.
    @Test func thePersonsMessagesNameTheGroupInTheirLanguage() throws {
        let spanish = "Círculo de Duelo del Puerto", english = "Harbor Grief Circle"
        let translated = try app.change("PATCH", "/api/v1/groups/\(group)", key: admin, json: ["translations": ["es": ["name": spanish]]])
        #expect(translated.status == 200, "\(translated.text)")
        let coordinator = try Accounts.add(
            in: app.database, email: "robin@example.org", name: "Robin Example", role: "coordinator", organizationSlug: "harbor",
            password: "correct horse battery staple")
        try app.database.setReferralNotices(userId: coordinator, .immediate, audit: AuditEntry(actor: "test", action: "account.referral_notices"))
        /// The subject and the body (text and HTML) name the group `name`, never `other`.
        func names(_ mail: ParsedMail, _ name: String, not other: String, subject: String, body: String) {
            #expect(mail.header("Subject") == subject)
            #expect(mail.text.contains(body) && mail.html.contains(name), "\(mail.text)")
            #expect(!mail.text.contains(other) && !mail.html.contains(other), "\(mail.text)")
        }

        let (id, statusURL) = try refer(language: "es")
        let receipt = try #require(messages(to: "jordan.q@example.net", count: 1).first)
        names(receipt, spanish, not: english, subject: "Su solicitud para \(spanish) llegó", body: "\(spanish) ya tiene su solicitud.")
        let notice = try #require(messages(to: "robin@example.org", count: 1).first)
        #expect(notice.header("Subject") == "A new referral for \(english)")

        try age(id, days: 15)
        let checkIn = try #require(messages(to: "jordan.q@example.net", count: 2).dropFirst().first)
        names(checkIn, spanish, not: english, subject: "¿Fue a \(spanish)?", body: "\(spanish) tuvo una reunión")

        let asked = try TestHTTP.send(
            app.port, "POST", "/es" + statusURL + "/send-link", headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "text/html")])
        #expect(asked.status == 303, "\(asked.text)")
        let link = try #require(messages(to: "jordan.q@example.net", count: 3).dropFirst(2).first)
        names(link, spanish, not: english, subject: "El enlace de su solicitud para \(spanish)", body: "Pidió el enlace de su solicitud para \(spanish).")

        let coordinatorKey = try app.key("coordinator", organization: "harbor")
        #expect(try app.send("POST", "/api/v1/referrals/\(id)/status", key: coordinatorKey, json: ["status": "contacted"]).status == 200)
        let update = try #require(messages(to: "jordan.q@example.net", count: 4).dropFirst(3).first)
        names(update, spanish, not: english, subject: "Noticias de su solicitud para \(spanish)", body: "\(spanish) se comunicó con usted")

        // Someone who wrote in English reads the group's own name.
        let (englishId, _) = try refer(language: "en")
        let englishReceipt = try #require(messages(to: "jordan.q@example.net", count: 5).dropFirst(4).first)
        names(englishReceipt, english, not: spanish, subject: "Your referral to \(english) has arrived", body: english)
        #expect(try app.send("POST", "/api/v1/referrals/\(englishId)/status", key: coordinatorKey, json: ["status": "contacted"]).status == 200)
        let englishUpdate = try #require(messages(to: "jordan.q@example.net", count: 6).dropFirst(5).first)
        names(englishUpdate, english, not: spanish, subject: "News of your referral to \(english)", body: "\(english) has been in touch")
    }

    @Test func aWithdrawnReferralsCheckInIsDroppedAndErased() throws {
        let (id, statusURL) = try refer()
        _ = messages(to: "jordan.q@example.net", count: 1)
        let withdrawn = try TestHTTP.send(
            app.port, "POST", statusURL + "/withdraw", headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "text/html")])
        #expect(withdrawn.status == 303)
        let row = try #require(try checkIns(id).first)
        #expect((row["failed"] as Bool) && !(row["sealed"] as Bool) && (row["last_error"] as String) == "no longer needed")
        try age(id, days: 15)
        Thread.sleep(forTimeInterval: 1.5)
        #expect(messages(to: "jordan.q@example.net", count: 1).count == 1)
        #expect(try app.database.mailSummary().failed == 0, "a dropped check-in is no failure")
    }

    @Test func aCheckInDueAfterTheReferralEndedElsewhereIsDroppedWhenDue() throws {
        let (id, _) = try refer()
        _ = messages(to: "jordan.q@example.net", count: 1)
        // Closed without the outbox hearing of it (as an older server would have): the sender asks again when due.
        try app.database.pool.write { try $0.execute(sql: "UPDATE referrals SET status = 'closed' WHERE id = ?", arguments: [id]) }
        try age(id, days: 15)
        try waitUntil { (try checkIns(id).first?["failed"] as Bool?) == true }
        #expect(try checkIns(id).first?["last_error"] as String? == "no longer needed")
        #expect(messages(to: "jordan.q@example.net", count: 1).count == 1)
    }

    @Test func phonePeopleGetNoCheckIn() throws {
        let (id, _) = try refer(method: "phone")
        #expect(try checkIns(id).isEmpty)
        #expect(try app.database.referral(id: id)?.checkInAt == nil)
    }

    @Test func theStatusLinkIsMailedAgainOnAskingAndTheAnswerSaysNothing() throws {
        let (id, statusURL) = try refer()
        _ = messages(to: "jordan.q@example.net", count: 1)
        let page = try app.get(statusURL, headers: [("Accept", "text/html")]).text
        #expect(page.contains("id=\"send-link\""))
        let asked = try TestHTTP.send(
            app.port, "POST", statusURL + "/send-link", headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "text/html")])
        #expect(asked.status == 303 && asked.headers["Location"] == statusURL + "?done=link_sent")
        let arrived = messages(to: "jordan.q@example.net", count: 2)
        let link = try #require(arrived.count == 2 ? arrived[1] : nil)
        #expect(link.header("Subject") == "The link to your referral to Harbor Grief Circle")
        #expect(link.text.contains("https://circles.example.org" + statusURL))
        #expect(!link.text.contains("Lost my brother"))
        let audited = try app.database.pool.read {
            try Int.fetchOne(
                $0, sql: "SELECT count(*) FROM audit_log WHERE action = 'referral.mail_address_read' AND target_id = ?", arguments: [String(id)])
        }
        #expect(audited == 1)

        // Someone who chose the phone is not offered it, and a post answers the same and sends nothing.
        let (_, phoneURL) = try refer(method: "phone")
        #expect(!(try app.get(phoneURL, headers: [("Accept", "text/html")]).text.contains("id=\"send-link\"")))
        let before = sink.waitForMessages(0).count
        let phoneAsked = try TestHTTP.send(
            app.port, "POST", phoneURL + "/send-link", headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "text/html")])
        #expect(phoneAsked.status == 303 && phoneAsked.headers["Location"] == phoneURL + "?done=link_sent")
        let done = try app.get(phoneAsked.headers["Location"]!, headers: [("Accept", "text/html")]).text
        #expect(done.contains("the link is on its way"))
        Thread.sleep(forTimeInterval: 1)
        #expect(sink.waitForMessages(0).count == before)
    }

    @Test func askingForTheLinkIsRateLimited() throws {
        let (_, statusURL) = try refer()
        var statuses: [Int] = []
        for _ in 0..<7 {
            statuses.append(
                try TestHTTP.send(
                    app.port, "POST", statusURL + "/send-link", headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "text/html")]
                ).status)
        }
        #expect(statuses.prefix(5).allSatisfy { $0 == 303 })
        #expect(statuses.last == 429)
    }

    @Test func beforeTheFirstMeetingThePageDoesNotAskIfTheyWent() throws {
        let (_, statusURL) = try refer()
        let page = try app.get(statusURL, headers: [("Accept", "text/html")]).text
        #expect(!page.contains("id=\"report-section\""))
    }

    func waitUntil(_ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(try condition())
    }
}
