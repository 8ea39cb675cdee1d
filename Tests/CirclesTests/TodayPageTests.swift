import Foundation
import TestSupport
import Testing

@testable import Circles

/// `/today` for a person somewhere: the in-person meetings near the place, every online and phone
/// meeting beside them, the day as it is there, and tomorrow's meetings.
@Suite struct TodayPageTests {
    let app = try! TestApp()

    static let everyDay = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// A group meeting every day at `time` in its own zone; in person at a place in `city`, or online.
    @discardableResult
    func makeGroup(
        _ name: String, org: Int, key: String, format: String, city: (String, String, String, Double, Double)?, zone: String, time: String
    )
        throws -> String
    {
        var group: [String: Any] = ["organization_id": org, "name": name, "format": format, "time_zone": zone, "topics": ["grief"]]
        if let (town, state, zip, latitude, longitude) = city {
            let place = try app.send(
                "POST", "/api/v1/locations", key: key,
                json: [
                    "organization_id": org, "name": "\(town) Library", "kind": "library", "address": "1 Main Street", "city": town, "state": state,
                    "zip": zip, "latitude": latitude, "longitude": longitude,
                ])
            #expect(place.status == 201, "\(place.text)")
            group["location_id"] = place.jsonObject["id"] as! Int
        } else {
            group["online_url"] = "https://meet.example.org/\(name.lowercased().replacingOccurrences(of: " ", with: "-"))"
        }
        let created = try app.send("POST", "/api/v1/groups", key: key, json: group)
        #expect(created.status == 201, "\(created.text)")
        let schedule = try app.send(
            "POST", "/api/v1/groups/\(created.jsonObject["id"] as! Int)/schedules", key: key,
            json: ["frequency": "weekly", "weekdays": Self.everyDay, "start_time": time, "duration_minutes": 60, "time_zone": zone, "starts_on": "2024-01-01"])
        #expect(schedule.status == 201, "\(schedule.text)")
        return created.jsonObject["slug"] as! String
    }

    /// The sections of the page by their heading id, each with the text between it and the next.
    func section(_ page: String, _ id: String) -> String? {
        guard let start = page.range(of: "id=\"\(id)\"") else { return nil }
        let rest = page[start.upperBound...]
        let end = rest.range(of: "</section>")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test func aPlaceListsItsMeetingsTheOnlineOnesBesideAndTomorrow() throws {
        let key = try app.key()
        let org = try app.makeOrganization("harbor", key: key)
        let denver = try makeGroup(
            "Denver Circle", org: org, key: key, format: "in_person", city: ("Denver", "CO", "80218", 39.74, -104.97), zone: "America/Denver",
            time: "12:00")
        let online = try makeGroup("Online Evening", org: org, key: key, format: "online", city: nil, zone: "America/New_York", time: "12:00")
        let brooklyn = try makeGroup(
            "Brooklyn Circle", org: org, key: key, format: "in_person", city: ("Brooklyn", "NY", "11201", 40.69, -73.99), zone: "America/New_York",
            time: "12:00")

        let page = try app.get("/today?where=80202", headers: [("Accept", "text/html")])
        #expect(page.status == 200)
        for slug in [denver, online] { #expect(page.text.contains("href=\"/groups/\(slug)\""), "\(slug) is listed near 80202") }
        #expect(!page.text.contains("href=\"/groups/\(brooklyn)\""), "an in-person group 2,600 km away is not")
        #expect(page.text.contains("days in Mountain time"), "the day is the place's")
        let tomorrow = try #require(section(page.text, "tomorrow-title"), "a Tomorrow section")
        for slug in [denver, online] { #expect(tomorrow.contains("href=\"/groups/\(slug)\"")) }
        // Without a place: each group's own today, every group, and no claim about the person's zone.
        let everywhere = try app.get("/today", headers: [("Accept", "text/html")])
        for slug in [denver, online, brooklyn] { #expect(everywhere.text.contains("href=\"/groups/\(slug)\"")) }
        #expect(everywhere.text.contains("Times are local to each group."))
        // Asking for in-person meetings only leaves the online one out.
        let inPerson = try app.get("/today?where=80202&format=in_person", headers: [("Accept", "text/html")])
        #expect(inPerson.text.contains("href=\"/groups/\(denver)\"") && !inPerson.text.contains("href=\"/groups/\(online)\""))
    }

    /// A long part of the page lists its first meetings with a link to all of them: 30 groups meeting
    /// every day fill tomorrow with 30 meetings, of which 25 are shown until "Show all 30" is followed.
    @Test func aLongPartShowsItsFirstMeetingsAndLinksToThemAll() throws {
        let key = try app.key()
        let org = try app.makeOrganization("many", key: key)
        var slugs: [String] = []
        for n in 0..<30 {
            let time = String(format: "%02d:%02d", 8 + n / 4, (n % 4) * 15)
            slugs.append(try makeGroup("Online Circle \(n)", org: org, key: key, format: "online", city: nil, zone: "America/Denver", time: time))
        }
        let page = try app.get("/today?where=80202", headers: [("Accept", "text/html")])
        let tomorrow = try #require(section(page.text, "tomorrow-title"))
        #expect(slugs.filter { tomorrow.contains("href=\"/groups/\($0)\"") } == Array(slugs.prefix(TodayPage.shownPerSection)), "the first 25, in time order")
        #expect(tomorrow.contains("Showing 25 of 30 meetings."), "\(tomorrow)")
        #expect(tomorrow.contains("<a href=\"/today?where=80202&amp;all=1#tomorrow-title\">Show all 30 meetings</a>"), "\(tomorrow)")
        let all = try #require(section(try app.get("/today?where=80202&all=1", headers: [("Accept", "text/html")]).text, "tomorrow-title"))
        #expect(slugs.allSatisfy { all.contains("href=\"/groups/\($0)\"") })
        #expect(!all.contains("Show all"))
        let spanish = try #require(section(try app.get("/es/today?where=80202", headers: [("Accept", "text/html")]).text, "tomorrow-title"))
        #expect(spanish.contains("Se muestran 25 de 30 reuniones."), "\(spanish)")
    }

    /// A place nobody knows is asked about, as the search asks, with one tap to each likely place on
    /// /today itself; the meetings of everywhere are not listed as if they were the answer.
    @Test func anUnknownPlaceIsAskedAboutNotIgnored() throws {
        let key = try app.key()
        let org = try app.makeOrganization("today-where", key: key)
        let online = try makeGroup("Online Anywhere", org: org, key: key, format: "online", city: nil, zone: "America/New_York", time: "12:00")
        let page = try app.get("/today?where=Denvr", headers: [("Accept", "text/html")])
        #expect(page.status == 200)
        #expect(page.text.contains("We don’t know a place called “Denvr”") && page.text.contains("href=\"/today?where=Denver%2C%20CO\""), "\(page.text)")
        #expect(page.text.contains("Which place do you mean?"))
        #expect(!page.text.contains("href=\"/groups/\(online)\""), "nothing is listed before the place is known")
        #expect(!page.text.contains("is not a US ZIP code"), "the API's English words are not shown")
        #expect(page.text.contains("href=\"/today?remote=true\"") || page.text.contains("href=\"/today?remote=1\""), "the groups anyone joins from anywhere")
        let spanish = try app.get("/es/today?where=Denvr", headers: [("Accept", "text/html")])
        #expect(spanish.text.contains("¿Qué lugar quiere decir?") && !spanish.text.contains("is not a US ZIP code"), "\(spanish.text)")
        #expect(spanish.text.contains("href=\"/es/today?where=Denver%2C%20CO\"") || spanish.text.contains("href=\"/today?where=Denver%2C%20CO\""))
    }

    /// The home page's and today's "Where?" boxes send `where`, which reads ZIP codes and towns.
    @Test func theWhereBoxesSendWhere() throws {
        for path in ["/", "/today"] {
            let page = try app.get(path, headers: [("Accept", "text/html")]).text
            #expect(page.contains("name=\"where\""), "\(path)")
            #expect(!page.contains("name=\"city\""), "\(path)")
        }
    }

    /// Meetings are those starting within the day in the zone asked for, tomorrow's the day after.
    @Test func theDayIsThePlacesDay() throws {
        let key = try app.key()
        let org = try app.makeOrganization("late", key: key)
        // 23:30 in New York is 21:30 in Denver: on Denver's day too.
        let slug = try makeGroup("Late Online", org: org, key: key, format: "online", city: nil, zone: "America/New_York", time: "23:30")
        let details = try #require(try app.database.groupId(slug: slug).flatMap { try app.database.groupDetails(id: $0) })
        let denver = TimeZone(identifier: "America/Denver")!, honolulu = TimeZone(identifier: "Pacific/Honolulu")!
        let now = Date()
        for zone in [denver, honolulu] {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let midnight = calendar.startOfDay(for: now)
            for days in [0, 1] {
                let from = calendar.date(byAdding: .day, value: days, to: midnight)!, to = calendar.date(byAdding: .day, value: days + 1, to: midnight)!
                let found = TodayPage.meetings([details], now: now, days: days, zone: zone)
                #expect(found.count == 1, "one meeting a day, in \(zone.identifier), \(days) days on")
                #expect(found.allSatisfy { $0.meeting.occurrence.start >= from && $0.meeting.occurrence.start < to })
            }
        }
    }
}
