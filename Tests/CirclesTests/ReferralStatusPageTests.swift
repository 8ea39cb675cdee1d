import Foundation
import GRDB
import HTTPServer
import Store
import TestSupport
import Testing

@testable import Circles

/// The status page works without JavaScript: rendered by the server with the group's next meeting and
/// the organization's contact; the person's steps are forms answered with the page (post/redirect/get).
@Suite(.serialized) struct ReferralStatusPageTests {
    let app: TestApp
    let group: Int

    init() throws {
        app = try TestApp()
        let admin = try app.key()
        let org = try app.send(
            "POST", "/api/v1/organizations", key: admin,
            json: ["name": "Harbor Peer Center", "slug": "harbor", "phone": "555-0142", "email": "hello@harbor.example.org"])
        #expect(org.status == 201, "\(org.text)")
        let created = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: [
                "organization_id": org.jsonObject["id"] as! Int, "name": "Harbor Circle", "format": "online", "online_url": "https://meet.example.org/h",
                "time_zone": "America/New_York",
            ])
        #expect(created.status == 201, "\(created.text)")
        group = created.jsonObject["id"] as! Int
        let schedule = try app.send(
            "POST", "/api/v1/groups/\(group)/schedules", key: admin,
            json: [
                "frequency": "weekly", "weekdays": ["monday", "wednesday"], "start_time": "19:00", "duration_minutes": 60, "time_zone": "America/New_York",
                "starts_on": "2024-01-01",
            ])
        #expect(schedule.status == 201, "\(schedule.text)")
    }

    /// A self-referral; its status page's path.
    func refer() throws -> String {
        let r = try app.send(
            "POST", "/api/v1/referrals",
            json: [
                "group_id": group, "person_name": "Robin Tallgrass", "person_phone": "555-0177", "preferred_contact_method": "phone",
                "referrer_type": "self", "consent": true, "consent_version": "2026-11",
            ])
        #expect(r.status == 201, "\(r.text)")
        return r.jsonObject["status_url"] as! String
    }

    func form(_ path: String) throws -> ClientResponse {
        try TestHTTP.send(app.port, "POST", path, headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "text/html")])
    }

    @Test func thePageShowsTheStatusTheNextMeetingAndWhoToAsk() throws {
        let path = try refer()
        let r = try app.get(path, headers: [("Accept", "text/html")])
        #expect(r.status == 200)
        #expect(r.headers["Cache-Control"] == "no-store")
        let text = r.text
        #expect(text.contains("data-status=\"new\""))
        #expect(text.contains("Sent — waiting for the group to get in touch"))
        #expect(text.contains("id=\"status-next\"") && text.contains("7:00 pm") && text.contains("(Eastern time)"))
        #expect(text.contains("href=\"tel:5550142\"") && text.contains("hello@harbor.example.org"))
        #expect(!text.contains("Robin") && !text.contains("555-0177"))
        // Not yet asked whether they went: no meeting has taken place since the referral.
        #expect(!text.contains("Have you been to the group?"))
        #expect(text.contains("action=\"\(path)/withdraw\""))
        #expect(!app.log.text.contains(String(path.split(separator: "/").last!)))
    }

    @Test func afterAMeetingThePageAsksIfTheyWent() throws {
        let path = try refer()
        let week = Date().addingTimeInterval(-8 * 86_400)
        try app.database.pool.write { try $0.execute(sql: "UPDATE referrals SET created_at = ?", arguments: [Timestamp(week).text]) }
        let text = try app.get(path, headers: [("Accept", "text/html")]).text
        #expect(text.contains("Have you been to the group?"))
        let went = try form(path + "/attended")
        #expect(went.status == 303)
        #expect(went.headers["Location"] == path + "?done=attended")
        let after = try app.get(went.headers["Location"]!, headers: [("Accept", "text/html")]).text
        #expect(after.contains("data-status=\"attended\"") && after.contains("Thank you: the group now knows you went."))
    }

    @Test func withdrawingWorksWithoutJavaScript() throws {
        let path = try refer()
        let withdrawn = try form(path + "/withdraw")
        #expect(withdrawn.status == 303, "\(withdrawn.text)")
        let page = try app.get(withdrawn.headers["Location"]!, headers: [("Accept", "text/html")]).text
        #expect(page.contains("data-status=\"withdrawn\""))
        #expect(page.contains("Your referral was withdrawn."))
        #expect(!page.contains("id=\"withdraw-section\""))
        let again = try form(path + "/withdraw")
        #expect(again.status == 409)
        #expect(again.text.contains("You had already withdrawn this referral."))
        let api = try app.get("/api/v1/referral-status/" + path.split(separator: "/").last!).jsonObject
        #expect(api["status"] as? String == "withdrawn")
    }

    @Test func aBadLinkSaysSo() throws {
        let r = try app.get("/referrals/status/" + String(repeating: "z", count: 40), headers: [("Accept", "text/html")])
        #expect(r.status == 404 && r.text.contains("This status link doesn’t work"))
    }
}
