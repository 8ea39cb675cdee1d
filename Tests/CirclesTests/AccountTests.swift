import Foundation
import Store
import TestSupport
import Testing

@testable import Circles
@testable import Mail

/// Accounts for every role: invitations and resets by e-mail (received by a real SMTP listener),
/// coordinators managing only their own people, sessions ended by disabling or a new password, and
/// partners' accounts that see only what their organization sent.
@Suite(.serialized) struct AccountTests {
    let sink: SMTPSink
    let app: TestApp
    let admin: String
    let harbor: Int
    let clinic: Int
    static let password = "a quiet harbor at dawn with gulls"

    init() throws {
        let sink = try SMTPSink()
        self.sink = sink
        app = try TestApp { $0.sendMail(to: sink) }
        admin = try app.key()
        harbor = try app.makeOrganization("harbor", key: admin)
        clinic = try app.makeOrganization("clinic", key: admin)
    }

    /// A signed-in browser: its cookie and CSRF token.
    struct Browser {
        var cookie: String
        var csrf: String
        var headers: [(String, String)] { [("Cookie", cookie), ("X-CSRF-Token", csrf)] }
    }

    static func browser(from response: ClientResponse) throws -> Browser {
        let cookie = try #require(response.headers["Set-Cookie"]?.split(separator: ";").first.map(String.init))
        return Browser(cookie: cookie, csrf: try #require(response.jsonObject["csrf_token"] as? String))
    }

    func signIn(_ email: String, _ password: String = Self.password) throws -> ClientResponse {
        try app.send("POST", "/api/v1/auth/login", json: ["email": email, "password": password])
    }

    func session(_ browser: Browser) throws -> Int {
        try app.get("/api/v1/auth/session", headers: browser.headers).status
    }

    /// The token of the link in the last message to `address`.
    func linkToken(to address: String, count: Int) throws -> String {
        let messages = sink.waitForMessages(count).filter { $0.recipients == [address] }
        let text = try #require(messages.last.map(ParsedMail.init)).text
        let range = try #require(text.range(of: #"https://circles\.example\.org/admin/password\.html#token=[A-Za-z0-9]+"#, options: .regularExpression))
        return String(text[range].split(separator: "=").last!)
    }

    @Test func anInvitationSetsThePasswordOnceAndSignsIn() throws {
        let invited = try app.send(
            "POST", "/api/v1/accounts", key: admin,
            json: ["email": "sam@clinic.example.org", "display_name": "Sam Rivera", "role": "partner", "organization_id": clinic])
        #expect(invited.status == 201, "\(invited.text)")
        #expect(invited.jsonObject["invited"] as? Bool == true)
        let again = try app.send(
            "POST", "/api/v1/accounts", key: admin,
            json: ["email": "SAM@clinic.example.org", "display_name": "Sam", "role": "partner", "organization_id": clinic])
        #expect(again.status == 409, "one account per address")

        let message = try #require(sink.waitForMessages(1).first.map(ParsedMail.init))
        #expect(message.header("Subject") == "You are invited to the Circles console of Clinic Center")
        #expect(message.text.contains("as partner") && message.html.contains("password.html#token="))
        #expect(message.header("List-Unsubscribe") == nil, "staff mail is not a list")
        let token = try linkToken(to: "sam@clinic.example.org", count: 1)
        // Nothing signs in to an invited account before its password is chosen.
        #expect(try signIn("sam@clinic.example.org", "decoy password that matches nothing").status == 401)

        let weak = try app.send("POST", "/api/v1/auth/password", json: ["token": token, "password": "password1234567"])
        #expect(weak.status == 422 && weak.text.contains("\"password\""), "\(weak.text)")
        let set = try app.send("POST", "/api/v1/auth/password", json: ["token": token, "password": Self.password])
        #expect(set.status == 200, "\(set.text)")
        #expect(try session(try Self.browser(from: set)) == 200, "setting the password signs this browser in")
        #expect(try app.send("POST", "/api/v1/auth/password", json: ["token": token, "password": Self.password + "!"]).status == 404, "once only")
        #expect(try signIn("sam@clinic.example.org").status == 200)

        let list = try app.get("/api/v1/accounts?organization_id=\(clinic)", key: admin).jsonObject["data"] as? [[String: Any]]
        #expect(list?.count == 1 && list?.first?["invited"] as? Bool == false && list?.first?["role"] as? String == "partner")
        let audit = try app.get("/api/v1/audit?action=account.invitation_accepted", key: admin).jsonObject["data"] as? [Any]
        #expect(audit?.count == 1)
    }

    @Test func coordinatorsManageOnlyTheirOwnPeopleAndDisablingEndsSessions() throws {
        let coordinator = try app.key("coordinator", organization: "harbor")
        let elsewhere = try app.send(
            "POST", "/api/v1/accounts", key: coordinator,
            json: ["email": "x@example.org", "display_name": "X", "role": "coordinator", "organization_id": clinic])
        #expect(elsewhere.status == 403)
        let other = try Accounts.add(
            in: app.database, email: "pat@clinic.example.org", name: "Pat", role: "partner", organizationSlug: "clinic", password: Self.password)
        #expect(try app.send("PATCH", "/api/v1/accounts/\(other)", key: coordinator, json: ["disabled": true]).status == 404)
        #expect(try app.send("DELETE", "/api/v1/accounts/\(other)", key: coordinator).status == 404)

        let facilitator = try Accounts.add(
            in: app.database, email: "lee@harbor.example.org", name: "Lee", role: "facilitator", organizationSlug: "harbor", password: Self.password)
        let listed = try app.get("/api/v1/accounts", key: coordinator).jsonObject["data"] as? [[String: Any]]
        #expect(listed?.compactMap { $0["email"] as? String } == ["lee@harbor.example.org"], "only harbor's people")

        let browser = try Self.browser(from: try signIn("lee@harbor.example.org"))
        #expect(try session(browser) == 200)
        let changed = try app.send("PATCH", "/api/v1/accounts/\(facilitator)", key: coordinator, json: ["role": "coordinator"])
        #expect(changed.status == 200 && changed.jsonObject["role"] as? String == "coordinator")
        #expect(try app.send("PATCH", "/api/v1/accounts/\(facilitator)", key: coordinator, json: ["role": "admin"]).status == 422)
        let disabled = try app.send("PATCH", "/api/v1/accounts/\(facilitator)", key: coordinator, json: ["disabled": true])
        #expect(disabled.status == 200 && disabled.jsonObject["disabled_at"] is String)
        #expect(try session(browser) == 401, "disabling ends the account's sessions")
        #expect(try signIn("lee@harbor.example.org").status == 401)
        #expect(try app.send("PATCH", "/api/v1/accounts/\(facilitator)", key: coordinator, json: ["disabled": false]).status == 200)
        #expect(try signIn("lee@harbor.example.org").status == 200)
        #expect(try app.send("DELETE", "/api/v1/accounts/\(facilitator)", key: coordinator).status == 204)
        #expect(try signIn("lee@harbor.example.org").status == 401)
        let actions = (try app.get("/api/v1/audit?target_type=user&target_id=\(facilitator)", key: admin).jsonObject["data"] as? [[String: Any]])?
            .compactMap { $0["action"] as? String }
        #expect(actions?.filter { $0 == "account.change" }.count == 3 && actions?.contains("account.remove") == true)
    }

    @Test func nobodyChangesTheirOwnAccountHere() throws {
        let id = try Accounts.add(
            in: app.database, email: "robin@harbor.example.org", name: "Robin", role: "coordinator", organizationSlug: "harbor", password: Self.password)
        let browser = try Self.browser(from: try signIn("robin@harbor.example.org"))
        #expect(try app.send("PATCH", "/api/v1/accounts/\(id)", json: ["disabled": true], headers: browser.headers).status == 409)
        #expect(try app.send("DELETE", "/api/v1/accounts/\(id)", headers: browser.headers).status == 409)
    }

    @Test func forgotPasswordAnswersAlikeAndANewPasswordEndsEverySession() throws {
        _ = try Accounts.add(
            in: app.database, email: "robin@harbor.example.org", name: "Robin", role: "coordinator", organizationSlug: "harbor", password: Self.password)
        let before = try Self.browser(from: try signIn("robin@harbor.example.org"))
        let known = try app.send("POST", "/api/v1/auth/password-reset", json: ["email": "Robin@harbor.example.org"])
        let unknown = try app.send("POST", "/api/v1/auth/password-reset", json: ["email": "nobody@harbor.example.org"])
        #expect(known.status == 202 && unknown.status == 202)
        #expect(known.text == unknown.text, "the same answer for known and unknown addresses")
        let token = try linkToken(to: "robin@harbor.example.org", count: 1)
        let message = try #require(sink.messages.first.map(ParsedMail.init))
        #expect(message.header("Subject") == "Set a new Circles password")
        #expect(sink.messages.allSatisfy { $0.recipients == ["robin@harbor.example.org"] }, "nothing goes to an unknown address")

        let newPassword = "another quiet harbor, another dawn"
        #expect(try app.send("POST", "/api/v1/auth/password", json: ["token": token, "password": newPassword]).status == 200)
        #expect(try session(before) == 401, "a new password ends the sessions it had")
        #expect(try signIn("robin@harbor.example.org").status == 401)
        let after = try Self.browser(from: try signIn("robin@harbor.example.org", newPassword))

        // The owner changes it again, signed in: the current password is needed, and other sessions end.
        let other = try Self.browser(from: try signIn("robin@harbor.example.org", newPassword))
        let wrong = try app.send(
            "POST", "/api/v1/account/password", json: ["current_password": "not it at all, not it", "password": Self.password], headers: after.headers)
        #expect(wrong.status == 422 && wrong.text.contains("current_password"))
        let changed = try app.send(
            "POST", "/api/v1/account/password", json: ["current_password": newPassword, "password": Self.password], headers: after.headers)
        #expect(changed.status == 200, "\(changed.text)")
        #expect(try session(other) == 401)
        #expect(try session(try Self.browser(from: changed)) == 200)
    }

    @Test func aPartnerAccountSeesAndSendsOnlyItsOrganizationsReferrals() throws {
        let group =
            try app.send(
                "POST", "/api/v1/groups", key: admin,
                json: ["organization_id": harbor, "name": "Harbor Grief Circle", "format": "in_person", "time_zone": "America/Denver"]
            ).jsonObject["id"] as! Int
        _ = try Accounts.add(
            in: app.database, email: "sam@clinic.example.org", name: "Sam", role: "partner", organizationSlug: "clinic", password: Self.password)
        _ = try app.makeOrganization("faraway", key: admin)
        let otherPartner = try app.key("partner", organization: "faraway")
        let sam = try Self.browser(from: try signIn("sam@clinic.example.org"))
        let body: [String: Any] = [
            "group_id": group, "person_name": "Casey Example", "person_phone": "555-0199", "preferred_contact_method": "phone",
            "referrer_type": "clinician", "referrer_name": "Sam", "consent": true, "consent_version": "2026-11",
        ]
        let sent = try app.send("POST", "/api/v1/referrals", json: body, headers: sam.headers)
        #expect(sent.status == 201, "\(sent.text)")
        let mine = try #require(sent.jsonObject["id"] as? Int)
        let theirs = try #require(try app.send("POST", "/api/v1/referrals", key: otherPartner, json: body).jsonObject["id"] as? Int)

        let inbox = try app.get("/api/v1/referrals", headers: sam.headers).jsonObject["data"] as? [[String: Any]]
        #expect(inbox?.compactMap { $0["id"] as? Int } == [mine])
        #expect(try app.get("/api/v1/referrals/\(mine)", headers: sam.headers).status == 200)
        #expect(try app.get("/api/v1/referrals/\(theirs)", headers: sam.headers).status == 404)
        #expect(try app.send("POST", "/api/v1/referrals/\(mine)/status", json: ["status": "contacted"], headers: sam.headers).status == 403)
        #expect(try app.get("/api/v1/accounts", headers: sam.headers).status == 403, "partners manage no accounts")
        let groups = try app.send("PATCH", "/api/v1/groups/\(group)", json: ["name": "Mine now"], headers: sam.headers + [("If-Match", "*")])
        #expect(groups.status == 403)
    }
}

/// Without mail, accounts cannot be invited or reset by e-mail, and the server says why.
@Suite struct AccountsWithoutMailTests {
    @Test func invitationsAndResetsNeedMail() throws {
        let app = try TestApp()
        let admin = try app.key()
        let organization = try app.makeOrganization("harbor", key: admin)
        let invite = try app.send(
            "POST", "/api/v1/accounts", key: admin,
            json: ["email": "sam@example.org", "display_name": "Sam", "role": "coordinator", "organization_id": organization])
        #expect(invite.status == 409 && invite.text.contains("--smtp-url"))
        #expect(try app.send("POST", "/api/v1/auth/password-reset", json: ["email": "sam@example.org"]).status == 409)
        #expect(try app.database.accounts(organizationId: nil).isEmpty, "nothing half-made")
    }
}
