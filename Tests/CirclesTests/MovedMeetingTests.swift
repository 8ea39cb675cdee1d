import Foundation
import Schedules
import TestSupport
import Testing

@testable import Circles

/// A meeting moved to another place and time shows where and when it now is, with the "Changed" mark and
/// the coordinator's note, on every surface that shows it; a meeting that began minutes ago is the one
/// "happening now" on the page and in the API alike.
@Suite(.serialized) struct MovedMeetingTests {
    let app: TestApp
    let admin: String
    static let html = [("Accept", "text/html")]
    static let note = "The clinic is closed for staff training: we meet at the Colfax center."

    init() throws {
        app = try TestApp()
        admin = try app.key()
    }

    struct Made {
        var organization: Int
        var group: Int
        var slug: String
        var schedule: Int
        var date: LocalDate
    }

    /// The local date and time in Denver `seconds` from now.
    static func denver(_ seconds: TimeInterval = 0) -> (date: LocalDate, time: LocalTime) {
        let local = ZonedTime(timeZone: TimeZone(identifier: "America/Denver")!).localDateAndTime(at: Date().addingTimeInterval(seconds))
        return (local.date, local.time)
    }

    /// An in-person recovery group at a clinic, meeting weekly at `start` on the weekday of `date`.
    func makeGroup(_ name: String, date: LocalDate, start: String, minutes: Int = 90) throws -> Made {
        let org = try app.makeOrganization("org\(UInt32.random(in: 0...UInt32.max))", key: admin)
        func location(_ name: String, _ address: String) throws -> Int {
            let r = try app.send(
                "POST", "/api/v1/locations", key: admin,
                json: ["organization_id": org, "name": name, "kind": "clinic", "address": address, "city": "Denver", "state": "CO", "zip": "80218"])
            #expect(r.status == 201, "\(r.text)")
            return r.jsonObject["id"] as! Int
        }
        let clinic = try location("Front Range Clinic", "700 Logan Street")
        let group = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: [
                "organization_id": org, "name": name, "format": "in_person", "time_zone": "America/Denver", "topics": ["substance-use"],
                "location_id": clinic,
            ])
        #expect(group.status == 201, "\(group.text)")
        let id = group.jsonObject["id"] as! Int
        let schedule = try app.send(
            "POST", "/api/v1/groups/\(id)/schedules", key: admin,
            json: [
                "frequency": "weekly", "weekdays": [date.weekday.name], "start_time": start, "duration_minutes": minutes,
                "time_zone": "America/Denver", "starts_on": "2024-01-01",
            ])
        #expect(schedule.status == 201, "\(schedule.text)")
        return Made(organization: org, group: id, slug: group.jsonObject["slug"] as! String, schedule: schedule.jsonObject["id"] as! Int, date: date)
    }

    /// The group of the bug report: its coming meeting moves from the clinic to the Colfax center, and half an hour earlier.
    func makeMovedGroup() throws -> Made {
        let made = try makeGroup("Open Door Recovery", date: Self.denver().date.adding(days: 3), start: "19:00")
        let colfax = try app.send(
            "POST", "/api/v1/locations", key: admin,
            json: [
                "organization_id": made.organization, "name": "Colfax Community Center", "kind": "community_center", "address": "1500 E. Colfax Avenue",
                "city": "Denver", "state": "CO", "zip": "80218",
            ])
        #expect(colfax.status == 201, "\(colfax.text)")
        let moved = try app.send(
            "POST", "/api/v1/schedules/\(made.schedule)/exceptions", key: admin,
            json: [
                "occurrence_date": made.date.description, "kind": "moved", "moved_to_time": "18:30", "moved_location_id": colfax.jsonObject["id"] as! Int,
                "note": Self.note,
            ])
        #expect(moved.status == 201 || moved.status == 200, "\(moved.text)")
        return made
    }

    /// The text of the element that starts at the first `marker`, up to the next `end`.
    func part(_ text: String, from marker: String, to end: String) throws -> String {
        let start = try #require(text.range(of: marker), "no \(marker)")
        let stop = try #require(text[start.upperBound...].range(of: end))
        return String(text[start.lowerBound..<stop.lowerBound])
    }

    @Test func theApiNamesTheNewPlaceTimeAndNote() throws {
        let made = try makeMovedGroup()
        let group = try app.get("/api/v1/groups/\(made.group)").jsonObject
        let next = try #require(group["next_meeting"] as? [String: Any])
        #expect(next["status"] as? String == "moved")
        #expect(next["date"] as? String == made.date.description)
        #expect(next["start_time"] as? String == "18:30")
        #expect(next["original_start_time"] as? String == "19:00")
        #expect(next["happening_now"] as? Bool == false)
        #expect(next["note"] as? String == Self.note)
        #expect((next["location"] as? [String: Any])?["name"] as? String == "Colfax Community Center")
        let meetings = try app.get("/api/v1/groups/\(made.group)/meetings").jsonObject["data"] as? [[String: Any]] ?? []
        let first = try #require(meetings.first { $0["original_date"] as? String == made.date.description })
        #expect((first["location"] as? [String: Any])?["name"] as? String == "Colfax Community Center")
    }

    @Test func theGroupPageLeadsWithTheNewPlaceAndTheNote() throws {
        let made = try makeMovedGroup()
        let text = try app.get("/groups/\(made.slug)", headers: Self.html).text
        let top = try part(text, from: "id=\"next-meeting\"", to: "</p>")
        #expect(top.contains("6:30 pm"))
        #expect(top.contains(">Changed<"))
        #expect(top.contains("Colfax Community Center, 1500 E. Colfax Avenue"))
        #expect(top.contains("Instead of"))
        #expect(top.contains(Self.note))
        // The top of the page comes before the "Where" section that names the usual clinic.
        let whereTitle = try #require(text.range(of: "id=\"where-title\""))
        let nextMeeting = try #require(text.range(of: "id=\"next-meeting\""))
        #expect(nextMeeting.lowerBound < whereTitle.lowerBound)
    }

    @Test func theSearchCardTheWidgetThePrintedListAndTheFeedsSayItToo() throws {
        let made = try makeMovedGroup()
        let card = try app.get("/search/results?organization_id=\(made.organization)", headers: Self.html).text
        let next = try part(card, from: "class=\"result__next\"", to: "</p>")
        #expect(next.contains(">Changed<") && next.contains("Colfax Community Center") && next.contains(Self.note))

        let embed = try app.get("/embed.json?organization=\(made.organization)").jsonObject
        let entry = try #require((embed["groups"] as? [[String: Any]])?.first)
        let change = try #require(entry["next_meeting_change"] as? String)
        #expect(change.hasPrefix("Changed: at Colfax Community Center") && change.contains(Self.note))
        #expect((embed["crisis_line"] as? String)?.contains("988") == true)
        // The widget shows the server's fragment, the frame's list: both say it, with the crisis line.
        for path in ["/embed?organization=\(made.organization)", "/embed/fragment?organization=\(made.organization)"] {
            let list = try app.get(path).text
            #expect(list.contains("<strong>Changed: at Colfax Community Center"), "\(path)")
            #expect(list.contains("tel:988"), "\(path)")
        }

        let print = try app.get("/print?organization_id=\(made.organization)", headers: Self.html).text
        #expect(print.contains("Changed to") && print.contains("at Colfax Community Center"))
        // The crisis line is on the printed list's first screen, before the meetings.
        let crisis = try #require(print.range(of: "988"))
        let days = try #require(print.range(of: "print-list__days"))
        #expect(crisis.lowerBound < days.lowerBound)

        let guide = try app.get("/api/v1/feeds/meeting-guide.json").text
        #expect(guide.contains("Moved: the ") && guide.contains("Colfax Community Center"))

        let calendar = try app.get("/calendars/groups/\(made.slug).ics").text
        let movedEvent = try part(calendar, from: "RECURRENCE-ID", to: "END:VEVENT")
        #expect(movedEvent.contains("Colfax Community Center"))
    }

    @Test func aMeetingThatBeganFourteenMinutesAgoIsHappeningNowOnThePageAndInTheApi() throws {
        let began = Self.denver(-14 * 60)
        // Late at night the meeting would have begun yesterday: the weekly rule is on the day it began.
        let made = try makeGroup("Night Owls", date: began.date, start: began.time.description, minutes: 60)
        let group = try app.get("/api/v1/groups/\(made.group)").jsonObject
        let next = try #require(group["next_meeting"] as? [String: Any])
        #expect(next["happening_now"] as? Bool == true)
        #expect(next["date"] as? String == began.date.description)
        #expect(next["start_time"] as? String == began.time.description)
        let text = try app.get("/groups/\(made.slug)", headers: Self.html).text
        let top = try part(text, from: "id=\"next-meeting\"", to: "</p>")
        #expect(top.contains(">Now<") && top.contains("Happening now"))
        #expect(top.contains("datetime=\"\(began.date)T\(began.time):00"))
        let card = try app.get("/search/results?organization_id=\(made.organization)", headers: Self.html).text
        let cardNext = try part(card, from: "class=\"result__next\"", to: "</p>")
        #expect(cardNext.contains("Happening now"))
    }
}
