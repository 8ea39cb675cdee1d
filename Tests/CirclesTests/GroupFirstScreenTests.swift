import Foundation
import TestSupport
import Testing

@testable import Circles

/// The first screen of a group page answers when, where and how to join: the way in that fits the group
/// is the top action, and the place of the next meeting comes with directions and access.
@Suite(.serialized) struct GroupFirstScreenTests {
    let app: TestApp
    let admin: String
    let organization: Int
    static let html = [("Accept", "text/html")]

    init() throws {
        app = try TestApp()
        admin = try app.key()
        organization = try app.makeOrganization("firstscreen", key: admin)
    }

    func group(_ fields: [String: Any]) throws -> String {
        var body: [String: Any] = ["organization_id": organization, "time_zone": "America/Denver", "topics": ["grief"]]
        body.merge(fields) { $1 }
        let r = try app.send("POST", "/api/v1/groups", key: admin, json: body)
        #expect(r.status == 201, "\(r.text)")
        let id = r.jsonObject["id"] as! Int
        let schedule = try app.send(
            "POST", "/api/v1/groups/\(id)/schedules", key: admin,
            json: [
                "frequency": "weekly", "weekdays": ["tuesday"], "start_time": "18:30", "duration_minutes": 90, "time_zone": "America/Denver",
                "starts_on": "2024-01-01",
            ])
        #expect(schedule.status == 201, "\(schedule.text)")
        return r.jsonObject["slug"] as! String
    }

    /// The group page's head: everything before "About this group".
    func top(_ slug: String) throws -> String {
        let text = try app.get("/groups/\(slug)", headers: Self.html).text
        return String(text[..<(text.range(of: "id=\"about-title\"")?.lowerBound ?? text.endIndex)])
    }

    @Test func aDropInOnlineGroupOffersToJoinOnlineAndByPhoneNotTheReferral() throws {
        let slug = try group([
            "name": "Evening Online Circle", "format": "online", "join_mode": "drop_in", "online_url": "https://meet.example.org/evening",
            "dial_in": "+1 303 555 0100,,1234#",
        ])
        let top = try top(slug)
        #expect(top.contains("Just come along."))
        #expect(top.contains("<a class=\"button\" href=\"https://meet.example.org/evening\" rel=\"noopener\">Join online</a>"))
        #expect(top.contains("href=\"tel:+13035550100,,1234\">Join by phone</a>"))
        #expect(!top.contains(">Ask to join<"))
        #expect(!top.contains("<a class=\"button\" href=\"/refer?group="))
        #expect(top.contains("Ask Firstscreen Center to contact you"))
    }

    @Test func privateLinksStayPrivateOnTheFirstScreen() throws {
        let slug = try group([
            "name": "Private Online Circle", "format": "online", "join_mode": "drop_in", "online_url": "https://meet.example.org/secret",
            "online_details_private": true,
        ])
        // The page itself is there (a strict template once failed on the absent link), and says the link is private.
        let page = try app.get("/groups/\(slug)", headers: Self.html)
        #expect(page.status == 200)
        #expect(!page.text.contains("meet.example.org/secret"))
        let top = try top(slug)
        #expect(!top.contains("meet.example.org/secret") && !top.contains("Join online"))
    }

    @Test func aRegistrationGroupAsksToJoin() throws {
        let slug = try group([
            "name": "Registered Circle", "format": "online", "join_mode": "registration", "online_url": "https://meet.example.org/r",
            "registration_url": "https://example.org/register",
        ])
        let top = try top(slug)
        #expect(top.contains("<a class=\"button\" href=\"/refer?group=\(slug)\">Ask to join</a>"))
        #expect(!top.contains("Just come along"))
        #expect(!top.contains("Join online"))
    }

    @Test func anInPersonGroupGivesThePlaceDirectionsAndAccessOnTop() throws {
        let location = try app.send(
            "POST", "/api/v1/locations", key: admin,
            json: [
                "organization_id": organization, "name": "Colfax Library", "kind": "library", "address": "1550 E. Colfax Avenue", "city": "Denver",
                "state": "CO", "zip": "80218", "latitude": 39.74, "longitude": -104.97, "wheelchair_accessible": true, "parking": true,
            ])
        #expect(location.status == 201, "\(location.text)")
        let slug = try group(["name": "Library Circle", "format": "in_person", "join_mode": "drop_in", "location_id": location.jsonObject["id"] as! Int])
        let top = try top(slug)
        let place = try #require(top.range(of: "id=\"next-place\"")).lowerBound
        let rest = String(top[place...])
        #expect(rest.contains("<strong>Colfax Library</strong>, 1550 E. Colfax Avenue, Denver"))
        #expect(rest.contains("href=\"geo:39.74,-104.97?q=39.74,-104.97\""))
        #expect(rest.contains("https://www.openstreetmap.org/?mlat=39.74&amp;mlon=-104.97"))
        #expect(rest.contains("Wheelchair accessible · Parking nearby"))
        #expect(top.contains("Just come along."))
        // The time zone is named in words, never as its identifier.
        #expect(top.contains("(Mountain time)") && !top.contains(">America/Denver<"))
    }
}
