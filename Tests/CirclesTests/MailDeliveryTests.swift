import Foundation
import GRDB
import Store
import TestSupport
import Testing

@testable import Circles
@testable import Mail

/// Mail end to end: a referral's event writes its messages in its transaction, the sender hands them
/// to a real SMTP listener, and what arrives says only what it may.
@Suite(.serialized) struct MailDeliveryTests {
    let sink: SMTPSink
    let app: TestApp
    let admin: String
    let group: Int

    init() throws {
        let sink = try SMTPSink()
        self.sink = sink
        app = try TestApp { $0.sendMail(to: sink) }
        admin = try app.key()
        let organization = try app.makeOrganization("harbor", key: admin)
        group =
            try app.send(
                "POST", "/api/v1/groups", key: admin,
                json: ["organization_id": organization, "name": "Harbor Grief Circle", "format": "in_person", "time_zone": "America/Denver"]
            ).jsonObject["id"] as! Int
    }

    /// A coordinator of harbor who chose `notices`.
    @discardableResult
    func coordinator(_ email: String = "robin@example.org", notices: ReferralNotices = .immediate) throws -> Int64 {
        let user = try Accounts.add(
            in: app.database, email: email, name: "Robin Example", role: "coordinator", organizationSlug: "harbor", password: "correct horse battery staple")
        try app.database.setReferralNotices(userId: user, notices, audit: AuditEntry(actor: "test", action: "account.referral_notices"))
        return user
    }

    func refer(email: Bool = true, urgent: Bool = false, language: String = "en") throws -> ClientResponse {
        var body: [String: Any] = [
            "group_id": group, "person_name": "Jordan Quillfeather", "person_phone": "555-0123", "person_email": "jordan.q@example.net",
            "preferred_contact_method": email ? "email" : "phone", "note": "Lost my brother in March", "referrer_type": "self", "consent": true,
            "consent_version": "2026-11", "urgent": urgent, "language": language,
        ]
        if !email { body["person_email"] = NSNull() }
        let response = try app.send("POST", "/api/v1/referrals", json: body)
        #expect(response.status == 201, "\(response.text)")
        return response
    }

    @Test func aReferralNotifiesTheCoordinatorWithoutPersonalDataAndSendsTheReceipt() throws {
        try coordinator()
        let response = try refer()
        let messages = sink.waitForMessages(2)
        #expect(messages.count == 2)
        let notice = try #require(messages.first { $0.recipients == ["robin@example.org"] }.map(ParsedMail.init))
        let receipt = try #require(messages.first { $0.recipients == ["jordan.q@example.net"] }.map(ParsedMail.init))
        #expect(notice.header("Subject") == "A new referral for Harbor Grief Circle")
        #expect(notice.text.contains("https://circles.example.org/admin/referrals.html"))
        for secret in ["Quillfeather", "Jordan", "555-0123", "jordan.q@example.net", "Lost my brother"] {
            #expect(!notice.raw.contains(secret) && !notice.text.contains(secret) && !notice.html.contains(secret), "the notice holds \(secret)")
        }
        #expect(notice.header("List-Unsubscribe") == nil)
        #expect(notice.header("Auto-Submitted") == "auto-generated")
        let statusURL = try #require(response.jsonObject["status_url"] as? String)
        #expect(receipt.text.contains("https://circles.example.org" + statusURL))
        #expect(receipt.html.contains("href=\"https://circles.example.org" + statusURL + "\""))
        #expect(!receipt.text.contains("Lost my brother"))
        let unsubscribe = try #require(receipt.header("List-Unsubscribe"))
        #expect(unsubscribe.hasPrefix("<https://circles.example.org/mail/unsubscribe/") && unsubscribe.hasSuffix(">"))
        #expect(receipt.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        #expect(Set(messages.compactMap { ParsedMail($0).header("Message-ID") }).count == 2)
        // Once sent, nothing of the message stays in the outbox.
        try waitUntil { try app.database.mailSummary().sent == 2 }
        let kept = try app.database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM mail_outbox WHERE sealed_message IS NOT NULL") }
        #expect(kept == 0)
        // Every opening of a sealed address to send it is on record.
        let reads = try app.get("/api/v1/audit?action=mail.address_read", key: admin).jsonObject["data"] as? [Any]
        #expect(reads?.count == 2)
    }

    /// A visitor names the host: the links in the notice and the receipt are still the site's own.
    @Test func aForgedHostLeadsNoLinkOfAMessageAway() throws {
        try coordinator()
        let response = try app.send(
            "POST", "/api/v1/referrals",
            json: [
                "group_id": group, "person_name": "Jordan Quillfeather", "person_email": "jordan.q@example.net", "preferred_contact_method": "email",
                "referrer_type": "self", "consent": true, "consent_version": "2026-11",
            ], headers: [("Host", "evil.example"), ("X-Forwarded-Proto", "http")])
        #expect(response.status == 201, "\(response.text)")
        let messages = sink.waitForMessages(2).map(ParsedMail.init)
        #expect(messages.count == 2)
        for message in messages {
            #expect(!message.raw.contains("evil.example") && !message.text.contains("evil.example"), "\(message.text)")
            #expect(message.text.contains("https://circles.example.org/"))
        }
    }

    @Test func urgentSaysSoAndPhoneOnlyPeopleGetNoMail() throws {
        try coordinator(notices: .daily)
        _ = try refer(email: false, urgent: true)
        let messages = sink.waitForMessages(1)
        #expect(messages.count == 1)
        #expect(messages.first?.recipients == ["robin@example.org"])
        #expect(messages.first.map { ParsedMail($0).header("Subject") } == "Urgent: a new referral for Harbor Grief Circle")
        // A digest reader hears of an ordinary referral only in the digest.
        _ = try refer(email: false)
        try waitUntil { try app.database.mailSummary().pending == 0 }
        #expect(sink.messages.count == 1)
    }

    @Test func digestReadersGetOneCountOfOrdinaryReferrals() throws {
        try coordinator(notices: .hourly)
        _ = try refer(email: false)
        _ = try refer(email: false)
        _ = try refer(email: false, urgent: true)
        #expect(sink.waitForMessages(1).count == 1, "the urgent one at once")
        let digest = ReferralDigest(database: app.database, mailer: app.application.mailer)
        #expect(try digest.queue(now: Date().addingTimeInterval(1)) == 1)
        let messages = sink.waitForMessages(2)
        let parsed = try #require(messages.last.map(ParsedMail.init))
        #expect(parsed.header("Subject") == "2 new referrals for Harbor Center")
        #expect(!parsed.raw.contains("Quillfeather") && !parsed.text.contains("Lost my brother"))
        #expect(try digest.queue(now: Date().addingTimeInterval(2)) == 0, "not again within the hour")
        #expect(try digest.queue(now: Date().addingTimeInterval(3_600)) == 0, "nothing new, nothing sent")
    }

    @Test func statusNotesReadTheSealedAddressAuditedAndUnsubscribingStopsThem() throws {
        let created = try refer()
        let id = try #require(created.jsonObject["id"] as? Int)
        _ = sink.waitForMessages(1)
        let coordinatorKey = try app.key("coordinator", organization: "harbor")
        #expect(try app.send("POST", "/api/v1/referrals/\(id)/status", key: coordinatorKey, json: ["status": "contacted"]).status == 200)
        let messages = sink.waitForMessages(2)
        let update = try #require(messages.last.map(ParsedMail.init))
        #expect(update.header("Subject") == "News of your referral to Harbor Grief Circle")
        #expect(update.text.contains("has been in touch"))
        let reads = try app.get("/api/v1/audit?action=referral.mail_address_read&target_id=\(id)", key: admin).jsonObject["data"] as? [Any]
        #expect(reads?.count == 1)

        // The link asks first: following it changes nothing.
        let link = try #require(update.header("List-Unsubscribe")?.dropFirst("<https://circles.example.org".count).dropLast())
        let page = try app.get(String(link))
        #expect(page.status == 200 && page.text.contains("<form method=\"post\">"))
        #expect(try app.database.referralUnsubscribed(id: Int64(id)) == false)
        let oneClick = try TestHTTP.send(
            app.port, "POST", String(link), headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array("List-Unsubscribe=One-Click".utf8))
        #expect(oneClick.status == 200)
        #expect(try app.database.referralUnsubscribed(id: Int64(id)))
        #expect(try app.send("POST", "/api/v1/referrals/\(id)/status", key: coordinatorKey, json: ["status": "enrolled"]).status == 200)
        try waitUntil { try app.database.mailSummary().pending == 0 }
        #expect(sink.messages.count == 2, "no mail after unsubscribing")
        #expect(try app.get(String(link.dropLast(2)) + "xx").status == 404, "a forged link is refused")
    }

    @Test func aDecidedCorrectionIsAnsweredAndItsAddressErased() throws {
        let posted = try app.send(
            "POST", "/api/v1/groups/\(group)/change-requests",
            json: ["kind": "time", "proposed_value": "Thursdays at 7pm", "details": "It moved.", "reply_email": "quill.reader@example.net"])
        #expect(posted.status == 201 || posted.status == 202, "\(posted.text)")
        let id = try #require(try app.get("/api/v1/change-requests", key: admin).jsonObject["data"] as? [[String: Any]]).first?["id"] as? Int
        let dismissed = try app.send("POST", "/api/v1/change-requests/\(try #require(id))/dismiss", key: admin, json: ["note": "Checked"])
        #expect(dismissed.status == 200, "\(dismissed.text)")
        let reply = try #require(sink.waitForMessages(1).first)
        #expect(reply.recipients == ["quill.reader@example.net"])
        let parsed = ParsedMail(reply)
        #expect(parsed.header("Subject") == "Your suggested correction to Harbor Grief Circle")
        #expect(parsed.text.contains("left the listing as it was"))
        #expect(!parsed.text.contains("Checked"), "the coordinator's note stays inside")
        let kept = try app.database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM change_requests WHERE reply_email IS NOT NULL") }
        #expect(kept == 0, "the sealed address is erased once the reply is queued")
        let reads = try app.get("/api/v1/audit?action=change_request.mail_address_read", key: admin).jsonObject["data"] as? [Any]
        #expect(reads?.count == 1)
    }

    @Test func aDeferringRelayIsRetriedWithTheSameMessageId() throws {
        sink.answer("RCPT", with: "451 4.3.0 try again later")
        _ = try refer()
        _ = sink.waitForCommands { commands in commands.filter { $0.hasPrefix("RCPT") }.count >= 3 }
        sink.answer("RCPT", with: nil)
        let messages = sink.waitForMessages(1)
        #expect(messages.count == 1)
        try waitUntil { try app.database.mailSummary().sent == 1 }
        let row = try app.database.pool.read { try Row.fetchOne($0, sql: "SELECT attempts, message_id FROM mail_outbox") }
        // Each attempt said RCPT once: the deferred ones and the last, which was sent.
        let attempts = row?["attempts"] as Int? ?? 0
        #expect(attempts >= 3)
        #expect(sink.commandLog.filter { $0.hasPrefix("RCPT") }.count == attempts)
        #expect(messages.first.map { ParsedMail($0).header("Message-ID") } == row?["message_id"])
        let metrics = try app.get("/metrics", key: admin).text
        #expect(metrics.contains("circles_mail_attempts_total{outcome=\"retry\"}"))
        #expect(metrics.contains("circles_mail_attempts_total{outcome=\"sent\"} 1"))
    }

    @Test func aRefusingRelayIsGivenUpAndTheConsoleSaysSo() throws {
        sink.answer("END", with: "550 5.1.1 no such mailbox")
        _ = try refer()
        try waitUntil { try app.database.mailSummary().failed == 1 }
        let status = try app.get("/api/v1/mail", key: admin)
        #expect(status.jsonObject["enabled"] as? Bool == true)
        let failures = try #require(status.jsonObject["recent_failures"] as? [[String: Any]])
        #expect(failures.first?["kind"] as? String == "referral_receipt")
        let error = failures.first?["error"] as? String ?? ""
        #expect(error.contains("550"))
        #expect(failures.first?["attempts"] as? Int == 1, "a 5xx is not retried")
        #expect(!status.text.contains("jordan.q@example.net"))
        #expect(try app.get("/metrics", key: admin).text.contains("circles_mail_attempts_total{outcome=\"failed\"} 1"))
    }

    func waitUntil(_ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(20)
        while try !condition() {
            guard Date() < deadline else {
                Issue.record("the condition did not hold within 20 s")
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}

/// Without a relay nothing is written or sent, and the console says mail is off.
@Suite struct MailOffTests {
    @Test func noRelayNoMail() throws {
        let app = try TestApp()
        let admin = try app.key()
        let organization = try app.makeOrganization("harbor", key: admin)
        let group =
            try app.send(
                "POST", "/api/v1/groups", key: admin,
                json: ["organization_id": organization, "name": "Harbor Circle", "format": "in_person", "time_zone": "America/Denver"]
            ).jsonObject["id"] as! Int
        let response = try app.send(
            "POST", "/api/v1/referrals",
            json: [
                "group_id": group, "person_name": "Sam", "person_email": "sam@example.net", "preferred_contact_method": "email", "referrer_type": "self",
                "consent": true, "consent_version": "2026-11",
            ])
        #expect(response.status == 201)
        let status = try app.get("/api/v1/mail", key: admin)
        #expect(status.jsonObject["enabled"] as? Bool == false)
        #expect(status.jsonObject["pending"] as? Int == 0 && status.jsonObject["sent"] as? Int == 0)
    }
}

/// A received message read the simple way: headers unfolded, encoded-words and quoted-printable decoded.
struct ParsedMail {
    let raw: String
    let headers: [(String, String)]
    let text: String
    let html: String

    init(_ message: SMTPSink.Message) {
        raw = message.text
        let parts = raw.components(separatedBy: "\r\n\r\n")
        let unfolded = parts[0].replacingOccurrences(of: "\r\n ", with: " ")
        headers = unfolded.components(separatedBy: "\r\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), ParsedMail.decodeWords(String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        text = Self.part("text/plain", of: raw)
        html = Self.part("text/html", of: raw)
    }

    static func part(_ type: String, of raw: String) -> String {
        guard let start = raw.range(of: "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n") else { return "" }
        let body = raw[start.upperBound...]
        let end = body.range(of: "\r\n--=_circles_")?.lowerBound ?? body.endIndex
        return MailMessageTestsDecoder.quotedPrintable(String(body[..<end]))
    }

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }

    static func decodeWords(_ value: String) -> String {
        guard value.contains("=?UTF-8?B?") else { return value }
        return value.split(separator: " ").map { word -> String in
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="),
                let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))
            else { return String(word) }
            return String(decoding: data, as: UTF8.self)
        }.joined()
    }
}

enum MailMessageTestsDecoder {
    static func quotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "="), index + 2 < input.count,
                let value = UInt8(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
