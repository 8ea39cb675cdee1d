import Foundation
import GRDB
import GroupViews
import HTTPServer
import Schedules
import Store
import TestSupport
import Testing

@testable import Circles

#if canImport(FoundationXML)
import FoundationXML
#endif

// MARK: - A small iCalendar reader for the tests

/// One component of a parsed iCalendar document.
final class ICSComponent {
    let name: String
    var properties: [(name: String, parameters: [String: String], value: String)] = []
    var children: [ICSComponent] = []
    init(name: String) { self.name = name }

    func all(_ property: String) -> [(name: String, parameters: [String: String], value: String)] {
        properties.filter { $0.name == property }
    }
    func value(_ property: String) -> String? { all(property).first?.value }
    func components(_ name: String) -> [ICSComponent] { children.filter { $0.name == name } }
}

enum ICS {
    /// The logical lines: continuation lines (starting with a space or tab) joined to the one before.
    static func unfold(_ text: String) -> [String] {
        var lines: [String] = []
        for physical in text.components(separatedBy: "\r\n") where !physical.isEmpty {
            if physical.hasPrefix(" ") || physical.hasPrefix("\t") {
                lines[lines.count - 1] += physical.dropFirst()
            } else {
                lines.append(physical)
            }
        }
        return lines
    }

    /// The VCALENDAR, or nil when BEGIN and END do not nest.
    static func parse(_ text: String) -> ICSComponent? {
        var stack: [ICSComponent] = []
        var root: ICSComponent?
        for line in unfold(text) {
            // The name and parameters end at the first colon outside quotes.
            var inQuotes = false
            var colon: String.Index?
            for index in line.indices {
                if line[index] == "\"" { inQuotes.toggle() }
                if line[index] == ":" && !inQuotes { colon = index; break }
            }
            guard let colon else { return nil }
            let head = line[..<colon].split(separator: ";").map(String.init)
            let value = String(line[line.index(after: colon)...])
            var parameters: [String: String] = [:]
            for part in head.dropFirst() {
                let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { parameters[pair[0]] = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            }
            switch head[0] {
            case "BEGIN": stack.append(ICSComponent(name: value))
            case "END":
                guard let last = stack.popLast(), last.name == value else { return nil }
                if let parent = stack.last { parent.children.append(last) } else { root = last }
            default:
                stack.last?.properties.append((head[0], parameters, value))
            }
        }
        return stack.isEmpty ? root : nil
    }

    /// The TEXT value with its escapes undone.
    static func unescape(_ value: String) -> String {
        var out = ""
        var escaping = false
        for c in value {
            if escaping {
                out.append(c == "n" || c == "N" ? "\n" : c)
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Checks the physical form: CRLF only, every line at most 75 octets and whole UTF-8.
    static func checkLines(_ body: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(body.count > 2 && body.suffix(2) == [13, 10], sourceLocation: sourceLocation)
        var line: [UInt8] = []
        var index = 0
        while index < body.count {
            let byte = body[index]
            if byte == 13 {
                #expect(index + 1 < body.count && body[index + 1] == 10, "a CR without LF", sourceLocation: sourceLocation)
                #expect(line.count <= 75, "a line of \(line.count) octets: \(String(decoding: line, as: UTF8.self))", sourceLocation: sourceLocation)
                #expect(String(validating: line, as: UTF8.self) != nil, "a line that splits a UTF-8 sequence", sourceLocation: sourceLocation)
                line = []
                index += 2
                continue
            }
            #expect(byte != 10, "a bare LF", sourceLocation: sourceLocation)
            line.append(byte)
            index += 1
        }
    }
}

// MARK: - Writer and time zone units

@Suite struct ICalendarWriterTests {
    @Test func escapesTextValues() {
        #expect(ICalendarWriter.escape("a,b;c\\d\ne\r\nf\rg") == "a\\,b\\;c\\\\d\\ne\\nf\\ng")
        #expect(ICalendarWriter.escape("tab\tkept, bell\u{07}dropped") == "tab\tkept\\, belldropped")
    }

    @Test func foldsAtSeventyFiveOctetsWithoutSplittingCharacters() {
        for sample in [
            String(repeating: "é", count: 200), String(repeating: "日本", count: 100), String(repeating: "a🙂", count: 90),
            String(repeating: "x", count: 300),
        ] {
            var ics = ICalendarWriter()
            ics.text("SUMMARY", sample)
            ICS.checkLines(ics.bytes)
            let unfolded = ICS.unfold(String(decoding: ics.bytes, as: UTF8.self))
            #expect(unfolded == ["SUMMARY:" + sample])
        }
        var short = ICalendarWriter()
        short.raw("VERSION", "2.0")
        #expect(short.bytes == Array("VERSION:2.0\r\n".utf8))
    }

    @Test func quotesParametersThatNeedIt() {
        #expect(ICalendarWriter.parameterValue("America/Denver") == "America/Denver")
        #expect(ICalendarWriter.parameterValue("a:b\"c") == "\"a:bc\"")
    }

    @Test func formatsDatesAndOffsets() {
        #expect(ICalendarWriter.localDateTime(LocalDate("2026-01-06")!, LocalTime("19:05")!) == "20260106T190500")
        #expect(ICalendarWriter.utc(Date(timeIntervalSince1970: 1_767_751_200)) == "20260107T020000Z")
        #expect(ICalendarWriter.offset(-25_200) == "-0700")
        #expect(ICalendarWriter.offset(19_800) == "+0530")
        #expect(ICalendarWriter.offset(0) == "+0000")
    }

    func timezone(_ id: String, from: String, through: String) -> ICSComponent? {
        var ics = ICalendarWriter()
        ics.begin("VCALENDAR")
        VTimeZone.write(id, from: LocalDate(from)!, through: LocalDate(through)!, into: &ics)
        ics.end("VCALENDAR")
        ICS.checkLines(ics.bytes)
        return ICS.parse(String(decoding: ics.bytes, as: UTF8.self))?.components("VTIMEZONE").first
    }

    @Test func unitedStatesRulesBecomeYearlyRules() throws {
        let zone = try #require(timezone("America/Denver", from: "2024-01-01", through: "2027-06-30"))
        #expect(zone.value("TZID") == "America/Denver")
        let daylight = try #require(zone.components("DAYLIGHT").first)
        #expect(daylight.value("RRULE") == "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU")
        #expect(daylight.value("TZOFFSETFROM") == "-0700")
        #expect(daylight.value("TZOFFSETTO") == "-0600")
        #expect(daylight.value("DTSTART") == "20230312T020000")
        #expect(daylight.value("TZNAME") == "MDT")
        let standard = try #require(zone.components("STANDARD").first)
        #expect(standard.value("RRULE") == "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU")
        #expect(standard.value("TZOFFSETFROM") == "-0600")
        #expect(standard.value("TZOFFSETTO") == "-0700")
        #expect(standard.value("DTSTART") == "20231105T020000")
        #expect(zone.components("DAYLIGHT").count == 1 && zone.components("STANDARD").count == 1)
    }

    @Test func anOlderRuleEndsWithUntil() throws {
        // The United States moved its changes in 2007: first Sunday of April and last of October before.
        let zone = try #require(timezone("America/Denver", from: "2004-06-01", through: "2026-06-30"))
        let rules = zone.children.compactMap { $0.value("RRULE") }
        #expect(rules.contains { $0.hasPrefix("FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=2006") }, "\(rules)")
        #expect(rules.contains { $0.hasPrefix("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=2006") }, "\(rules)")
        #expect(rules.contains("FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"), "\(rules)")
        #expect(rules.contains("FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"), "\(rules)")
    }

    @Test func europeanAndSouthernRules() throws {
        let london = try #require(timezone("Europe/London", from: "2025-01-01", through: "2027-01-01"))
        #expect(london.components("DAYLIGHT").first?.value("RRULE") == "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
        #expect(london.components("STANDARD").first?.value("RRULE") == "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
        #expect(london.components("DAYLIGHT").first?.value("TZOFFSETTO") == "+0100")
        let sydney = try #require(timezone("Australia/Sydney", from: "2025-01-01", through: "2027-01-01"))
        #expect(sydney.components("DAYLIGHT").first?.value("RRULE") == "FREQ=YEARLY;BYMONTH=10;BYDAY=1SU")
        #expect(sydney.components("STANDARD").first?.value("RRULE") == "FREQ=YEARLY;BYMONTH=4;BYDAY=1SU")
        #expect(sydney.components("STANDARD").first?.value("TZOFFSETTO") == "+1000")
    }

    @Test func zonesWithoutDaylightTimeHaveOneObservance() throws {
        for (id, offset) in [("America/Phoenix", "-0700"), ("UTC", "+0000"), ("Asia/Kolkata", "+0530")] {
            let zone = try #require(timezone(id, from: "2025-01-01", through: "2026-12-31"))
            #expect(zone.components("DAYLIGHT").isEmpty)
            let standard = try #require(zone.components("STANDARD").first)
            #expect(standard.value("TZOFFSETFROM") == offset && standard.value("TZOFFSETTO") == offset)
        }
    }
}

// MARK: - Feeds over HTTP

@Suite struct FeedTests {
    let app: TestApp
    let admin: String

    init() throws {
        app = try TestApp()
        admin = try app.key()
    }

    /// Today's date in UTC, and the next date after it that falls on `weekday`.
    static func next(_ weekday: Weekday, after days: Int = 1) -> LocalDate {
        var date = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400)).adding(days: days)
        while date.weekday != weekday { date = date.adding(days: 1) }
        return date
    }

    static var today: LocalDate { LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400)) }

    /// The one-time meeting's date: a Sunday, on which no other test schedule meets.
    static var onceDate: LocalDate { next(.sunday, after: 15) }

    func post(_ path: String, _ body: [String: Any]) throws -> [String: Any] {
        let r = try app.send("POST", path, key: admin, json: body)
        #expect(r.status == 201, "\(path): \(r.text)")
        return r.jsonObject
    }

    /// An organization, a place and a group named to test escaping, with one schedule of each kind.
    func makeCalendarGroup() throws -> (group: Int, slug: String, schedules: [String: Int], organization: Int) {
        let org = try app.makeOrganization("harbor", key: admin)
        let place =
            try post(
                "/api/v1/locations",
                [
                    "organization_id": org, "name": "Library, Room 2; east wing", "kind": "library", "address": "1 Main St", "city": "Denver",
                    "state": "CO", "zip": "80202", "latitude": 39.74, "longitude": -104.99, "wheelchair_accessible": true,
                ])["id"] as! Int
        let group = try post(
            "/api/v1/groups",
            [
                "organization_id": org, "name": "Grief, loss; and hope \\ together — Trauer und Hoffnung für Angehörige 日本語のグループ",
                "slug": "grief-loss-hope", "format": "in_person", "time_zone": "America/Denver", "topics": ["grief"],
                "summary": "First line.\nSecond line, with a comma; and a semicolon.", "location_id": place,
            ])
        let id = group["id"] as! Int
        let start = Self.today.adding(days: -14).description
        var schedules: [String: Int] = [:]
        schedules["weekly"] =
            try post(
                "/api/v1/groups/\(id)/schedules",
                [
                    "frequency": "weekly", "weekdays": ["tuesday", "thursday"], "start_time": "19:00", "duration_minutes": 90, "starts_on": start,
                ])["id"] as? Int
        schedules["biweekly"] =
            try post(
                "/api/v1/groups/\(id)/schedules",
                [
                    "frequency": "biweekly", "weekdays": ["monday"], "start_time": "10:30", "duration_minutes": 60, "starts_on": start,
                    "ends_on": Self.today.adding(days: 200).description,
                ])["id"] as? Int
        schedules["monthly"] =
            try post(
                "/api/v1/groups/\(id)/schedules",
                [
                    "frequency": "monthly", "weekdays": ["friday"], "week_of_month": -1, "start_time": "18:00", "duration_minutes": 60, "starts_on": start,
                ])["id"] as? Int
        schedules["first-wednesday"] =
            try post(
                "/api/v1/groups/\(id)/schedules",
                [
                    "frequency": "monthly", "weekdays": ["wednesday"], "week_of_month": 1, "start_time": "12:00", "duration_minutes": 60, "starts_on": start,
                ])["id"] as? Int
        schedules["once"] =
            try post(
                "/api/v1/groups/\(id)/schedules",
                [
                    "frequency": "once", "start_time": "09:00", "duration_minutes": 120, "starts_on": Self.onceDate.description,
                ])["id"] as? Int
        schedules["london"] =
            try post(
                "/api/v1/groups/\(id)/schedules",
                [
                    "frequency": "weekly", "weekdays": ["saturday"], "start_time": "11:00", "duration_minutes": 60, "starts_on": start,
                    "time_zone": "Europe/London",
                ])["id"] as? Int
        return (id, "grief-loss-hope", schedules, org)
    }

    /// The VEVENTs of a calendar with this UID.
    func events(_ calendar: ICSComponent, uid: String) -> [ICSComponent] {
        calendar.components("VEVENT").filter { $0.value("UID") == uid }
    }

    @Test func groupCalendarIsWellFormedICalendar() throws {
        let made = try makeCalendarGroup()
        let cancelDate = Self.next(.tuesday, after: 3)
        let moveDate = Self.next(.thursday, after: 3)
        let weekly = made.schedules["weekly"]!
        _ = try post("/api/v1/schedules/\(weekly)/exceptions", ["occurrence_date": cancelDate.description, "kind": "cancelled", "note": "Room closed"])
        _ = try post(
            "/api/v1/schedules/\(weekly)/exceptions",
            [
                "occurrence_date": moveDate.description, "kind": "moved", "moved_to_date": moveDate.adding(days: 1).description, "moved_to_time": "18:00",
            ])

        let r = try app.get("/api/v1/groups/\(made.group)/calendar.ics")
        #expect(r.status == 200, "\(r.text)")
        #expect(r.headers["Content-Type"] == "text/calendar; charset=utf-8")
        #expect(r.headers["Content-Disposition"] == "attachment; filename=\"grief-loss-hope.ics\"")
        #expect(r.headers["Cache-Control"] == "public, max-age=900")
        #expect(r.headers["Last-Modified"] != nil)
        let etag = try #require(r.headers["ETag"])
        ICS.checkLines(r.body)
        let calendar = try #require(ICS.parse(r.text))
        #expect(calendar.name == "VCALENDAR")
        #expect(calendar.value("VERSION") == "2.0")
        #expect(calendar.value("PRODID") != nil)

        // Escaping survives folding; the long name with non-ASCII text is folded.
        let name = "Grief, loss; and hope \\ together — Trauer und Hoffnung für Angehörige 日本語のグループ"
        let weeklyEvent = try #require(events(calendar, uid: "schedule-\(weekly)@localhost").first { $0.value("RRULE") != nil })
        #expect(weeklyEvent.value("SUMMARY") == ICalendarWriter.escape(name))
        #expect(ICS.unescape(weeklyEvent.value("SUMMARY")!) == name)
        #expect(r.text.contains("SUMMARY:Grief\\, loss\\; and hope \\\\ together"))
        #expect(ICS.unescape(weeklyEvent.value("DESCRIPTION")!).contains("First line.\nSecond line, with a comma; and a semicolon."))
        #expect(ICS.unescape(weeklyEvent.value("LOCATION")!) == "Library, Room 2; east wing, 1 Main St, Denver, CO 80202")
        #expect(weeklyEvent.value("GEO") == "39.740000;-104.990000")
        #expect(weeklyEvent.value("STATUS") == "CONFIRMED")
        #expect(weeklyEvent.value("URL") == "http://localhost/groups/grief-loss-hope")
        #expect(weeklyEvent.value("DTSTAMP")?.hasSuffix("Z") == true)
        #expect(weeklyEvent.value("LAST-MODIFIED")?.hasSuffix("Z") == true)
        #expect(Int(weeklyEvent.value("SEQUENCE") ?? "") != nil)

        // One rule per frequency.
        #expect(weeklyEvent.value("RRULE") == "FREQ=WEEKLY;BYDAY=TU,TH")
        let dtstart = try #require(weeklyEvent.all("DTSTART").first)
        #expect(dtstart.parameters["TZID"] == "America/Denver")
        #expect(dtstart.value.hasSuffix("T190000"))
        #expect(weeklyEvent.all("DTEND").first?.value.hasSuffix("T203000") == true)
        let biweekly = try #require(events(calendar, uid: "schedule-\(made.schedules["biweekly"]!)@localhost").first)
        let biweeklyRule = try #require(biweekly.value("RRULE"))
        #expect(biweeklyRule.hasPrefix("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;WKST=SU;UNTIL="), "\(biweeklyRule)")
        #expect(biweeklyRule.hasSuffix("Z"))
        let monthly = try #require(events(calendar, uid: "schedule-\(made.schedules["monthly"]!)@localhost").first)
        #expect(monthly.value("RRULE") == "FREQ=MONTHLY;BYDAY=-1FR")
        #expect(events(calendar, uid: "schedule-\(made.schedules["first-wednesday"]!)@localhost").first?.value("RRULE") == "FREQ=MONTHLY;BYDAY=1WE")
        let once = try #require(events(calendar, uid: "schedule-\(made.schedules["once"]!)@localhost").first)
        #expect(once.value("RRULE") == nil)
        #expect(once.value("DTSTART") == ICalendarWriter.localDateTime(Self.onceDate, LocalTime("09:00")!))

        // The cancellation is an EXDATE with the zone; the move a second event with RECURRENCE-ID.
        let exdates = weeklyEvent.all("EXDATE")
        #expect(exdates.map(\.value) == [ICalendarWriter.localDateTime(cancelDate, LocalTime("19:00")!)])
        #expect(exdates.first?.parameters["TZID"] == "America/Denver")
        let override = try #require(events(calendar, uid: "schedule-\(weekly)@localhost").first { $0.value("RECURRENCE-ID") != nil })
        #expect(override.all("RECURRENCE-ID").first?.parameters["TZID"] == "America/Denver")
        #expect(override.value("RECURRENCE-ID") == ICalendarWriter.localDateTime(moveDate, LocalTime("19:00")!))
        #expect(override.value("DTSTART") == ICalendarWriter.localDateTime(moveDate.adding(days: 1), LocalTime("18:00")!))
        #expect(override.value("RRULE") == nil)
        #expect(override.value("SEQUENCE") == weeklyEvent.value("SEQUENCE"))

        // A VTIMEZONE for every TZID used, and none other.
        let used = Set(calendar.components("VEVENT").flatMap { $0.properties.compactMap { $0.parameters["TZID"] } })
        let defined = Set(calendar.components("VTIMEZONE").compactMap { $0.value("TZID") })
        #expect(used == ["America/Denver", "Europe/London"])
        #expect(defined == used)
        for zone in calendar.components("VTIMEZONE") {
            #expect(!zone.components("STANDARD").isEmpty && !zone.components("DAYLIGHT").isEmpty)
        }

        // Subscribable: the same ETag gives 304; the people's URL gives the same calendar.
        let again = try app.get("/api/v1/groups/\(made.group)/calendar.ics", headers: [("If-None-Match", etag)])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        let gzipped = try app.get("/api/v1/groups/\(made.group)/calendar.ics", headers: [("If-None-Match", String(etag.dropLast()) + "-gz\"")])
        #expect(gzipped.status == 304)
        let people = try app.get("/calendars/groups/grief-loss-hope.ics")
        #expect(people.status == 200)
        #expect(people.text == r.text.replacingOccurrences(of: "/api/v1/groups/\(made.group)/calendar.ics", with: "/calendars/groups/grief-loss-hope.ics"))
        #expect(try app.get("/calendars/groups/grief-loss-hope").status == 404)
        #expect(try app.get("/calendars/groups/no-such-group.ics").status == 404)
        #expect(try app.get("/api/v1/groups/999999/calendar.ics").status == 404)
        #expect(try app.get("/api/v1/groups/\(made.group)/calendar.ics", headers: [("Accept-Encoding", "gzip")]).headers["Content-Encoding"] == "gzip")

        // A change of the group changes the calendar's ETag and SEQUENCE.
        let changed = try app.change("PATCH", "/api/v1/groups/\(made.group)", key: admin, json: ["summary": "New summary"])
        #expect(changed.status == 200)
        let after = try app.get("/api/v1/groups/\(made.group)/calendar.ics", headers: [("If-None-Match", etag)])
        #expect(after.status == 200)
        #expect(after.headers["ETag"] != etag)
        let newSequence = ICS.parse(after.text).flatMap { events($0, uid: "schedule-\(weekly)@localhost").first?.value("SEQUENCE") }
        #expect(Int(newSequence ?? "0")! > Int(weeklyEvent.value("SEQUENCE")!)!)
    }

    @Test func organizationAndSearchCalendars() throws {
        let made = try makeCalendarGroup()
        let online =
            try post(
                "/api/v1/groups",
                [
                    "organization_id": made.organization, "name": "Evening circle online", "format": "online", "time_zone": "America/New_York",
                    "topics": ["anxiety"], "online_url": "https://meet.example.org/secret-room", "online_details_private": true,
                ])["id"] as! Int
        let onlineSchedule =
            try post(
                "/api/v1/groups/\(online)/schedules",
                [
                    "frequency": "weekly", "weekdays": ["wednesday"], "start_time": "20:00", "duration_minutes": 60,
                    "starts_on": Self.today.adding(days: -3).description,
                ])["id"] as! Int

        let org = try app.get("/api/v1/organizations/\(made.organization)/calendar.ics")
        #expect(org.status == 200)
        ICS.checkLines(org.body)
        let orgCalendar = try #require(ICS.parse(org.text))
        let uids = Set(orgCalendar.components("VEVENT").compactMap { $0.value("UID") })
        #expect(uids.contains("schedule-\(onlineSchedule)@localhost"))
        #expect(uids.contains("schedule-\(made.schedules["weekly"]!)@localhost"))
        #expect(Set(orgCalendar.components("VTIMEZONE").compactMap { $0.value("TZID") }) == ["America/Denver", "America/New_York", "Europe/London"])
        // Private online details stay out of public feeds.
        #expect(!org.text.contains("secret-room"))
        let onlineEvent = try #require(events(orgCalendar, uid: "schedule-\(onlineSchedule)@localhost").first)
        #expect(onlineEvent.value("LOCATION") == "Online")
        #expect(try app.get("/api/v1/organizations/999999/calendar.ics").status == 404)

        // A search takes the filters of /api/v1/meetings.
        let search = try app.get("/api/v1/meetings/calendar.ics?topic=anxiety")
        #expect(search.status == 200)
        #expect(search.headers["Content-Disposition"] == "attachment; filename=\"meetings.ics\"")
        let found = try #require(ICS.parse(search.text))
        #expect(Set(found.components("VEVENT").compactMap { $0.value("UID") }) == ["schedule-\(onlineSchedule)@localhost"])
        let byDay = try #require(ICS.parse(try app.get("/api/v1/meetings/calendar.ics?city=Denver&day=tuesday").text))
        #expect(Set(byDay.components("VEVENT").compactMap { $0.value("UID") }) == ["schedule-\(made.schedules["weekly"]!)@localhost"])
        // A window that holds only the one-time meeting's day.
        let day = Self.onceDate
        let window = try app.get("/api/v1/meetings/calendar.ics?city=Denver&from=\(day)T15:00:00Z&to=\(day)T17:00:00Z")
        #expect(
            Set(try #require(ICS.parse(window.text)).components("VEVENT").compactMap { $0.value("UID") }) == ["schedule-\(made.schedules["once"]!)@localhost"])
        #expect(try app.get("/api/v1/meetings/calendar.ics?day=someday").status == 400)
        #expect(try app.get("/api/v1/meetings/calendar.ics?from=2026-01-01&to=2028-01-01").status == 400)
    }

    @Test func pausedGroupsAndOneTimeCancellations() throws {
        let made = try makeCalendarGroup()
        let once = made.schedules["once"]!
        _ = try post("/api/v1/schedules/\(once)/exceptions", ["occurrence_date": Self.onceDate.description, "kind": "cancelled"])
        var calendar = try #require(ICS.parse(try app.get("/api/v1/groups/\(made.group)/calendar.ics").text))
        let event = try #require(events(calendar, uid: "schedule-\(once)@localhost").first)
        #expect(event.value("STATUS") == "CANCELLED")
        #expect(event.value("EXDATE") == nil)
        #expect(try app.change("PATCH", "/api/v1/groups/\(made.group)", key: admin, json: ["status": "paused"]).status == 200)
        calendar = try #require(ICS.parse(try app.get("/api/v1/groups/\(made.group)/calendar.ics").text))
        #expect(calendar.components("VEVENT").allSatisfy { $0.value("STATUS") == "CANCELLED" })
    }

    @Test func groupJSONLinksToItsOtherForms() throws {
        let made = try makeCalendarGroup()
        let r = try app.get("/api/v1/groups/\(made.group)")
        let link = try #require(r.headers["Link"])
        #expect(link.contains("</api/v1/groups/\(made.group)/calendar.ics>; rel=\"alternate\"; type=\"text/calendar\""))
        #expect(link.contains("</hsds/services/\(HSDSIdentifier.make(.service, Int64(made.group)))>; rel=\"alternate\"; type=\"application/json\""))
        // The HSDS form it points at exists.
        #expect(try app.get("/hsds/services/\(HSDSIdentifier.make(.service, Int64(made.group)))").status == 200)
        #expect(link.contains("</groups/grief-loss-hope>; rel=\"alternate\"; type=\"text/html\""))
        #expect(link.contains("</calendars/groups/grief-loss-hope.ics>; rel=\"alternate\""))
        #expect(try app.get("/api/v1/groups/\(made.group)", headers: [("If-None-Match", r.headers["ETag"]!)]).headers["Link"]?.contains("calendar.ics") == true)
        #expect(try app.get("/api/v1/groups").headers["Link"] == "</api/v1/feeds/groups.atom>; rel=\"alternate\"; type=\"application/atom+xml\"")
        #expect(try app.get("/api/v1/groups/999999").headers["Link"] == nil)
    }

    // MARK: Meeting Guide

    static var slugPattern: Regex<Substring> { /[a-z0-9-]{1,64}/ }
    static var timePattern: Regex<(Substring, Substring)> { /([01][0-9]|2[0-3]):[0-5][0-9]/ }

    /// The Meeting Guide codes, from the spec's own file (a copy in `Tests/standards`).
    static func specTypes() -> Set<String>? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent("standards/meeting-guide/types.json").path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return Set(object.keys)
    }

    @Test func meetingGuideFeedFollowsTheSpec() throws {
        let org = try app.makeOrganization("recovery", key: admin)
        try app.database.pool.write { db in
            var open = TagRecord(organizationId: Int64(org), slug: "open", name: "Open", code: "O")
            try open.insert(db)
            var plain = TagRecord(organizationId: Int64(org), slug: "coffee", name: "Coffee")
            try plain.insert(db)
        }
        let place =
            try post(
                "/api/v1/locations",
                [
                    "organization_id": org, "name": "Mountain Hall", "kind": "community_center", "address": "12 Pine St", "city": "Boulder",
                    "state": "CO", "zip": "80302", "latitude": 40.0150123, "longitude": -105.2705456, "wheelchair_accessible": true,
                    "directions": "Side door, second floor.",
                ])["id"] as! Int
        let longSlug = String(repeating: "sober-", count: 12) + "path"
        let group =
            try post(
                "/api/v1/groups",
                [
                    "organization_id": org, "name": "Sober Path", "slug": longSlug, "format": "hybrid", "time_zone": "America/Denver",
                    "topics": ["alcohol"], "tags": ["open", "coffee"], "languages": ["en", "es"], "audiences": ["women"], "location_id": place,
                    "online_url": "https://meet.example.org/sober", "dial_in": "+1 303-555-0150, code 123456", "summary": "A peer-led circle.",
                ])["id"] as! Int
        let start = Self.today.adding(days: -30).description
        let weekly =
            try post(
                "/api/v1/groups/\(group)/schedules",
                [
                    "frequency": "weekly", "weekdays": ["tuesday", "thursday"], "start_time": "19:00", "duration_minutes": 90, "starts_on": start,
                ])["id"] as! Int
        _ = try post(
            "/api/v1/groups/\(group)/schedules",
            [
                "frequency": "weekly", "weekdays": ["tuesday"], "start_time": "07:00", "duration_minutes": 60, "starts_on": start,
            ])
        _ = try post(
            "/api/v1/groups/\(group)/schedules",
            [
                "frequency": "biweekly", "weekdays": ["saturday"], "start_time": "23:30", "duration_minutes": 60, "starts_on": start,
            ])
        _ = try post(
            "/api/v1/groups/\(group)/schedules",
            [
                "frequency": "monthly", "weekdays": ["friday"], "week_of_month": 1, "start_time": "18:00", "duration_minutes": 60, "starts_on": start,
            ])
        _ = try post(
            "/api/v1/groups/\(group)/schedules",
            [
                "frequency": "once", "start_time": "18:00", "duration_minutes": 60, "starts_on": Self.today.adding(days: 5).description,
            ])
        let cancelled = Self.next(.thursday, after: 2)
        _ = try post(
            "/api/v1/schedules/\(weekly)/exceptions", ["occurrence_date": cancelled.description, "kind": "cancelled", "note": "Room closed for the holiday"])
        // Not recovery, and recovery but private online details.
        let other =
            try post(
                "/api/v1/groups",
                [
                    "organization_id": org, "name": "Grief circle", "format": "in_person", "time_zone": "America/Denver", "topics": ["grief"],
                ])["id"] as! Int
        _ = try post("/api/v1/groups/\(other)/schedules", ["frequency": "weekly", "weekdays": ["monday"], "start_time": "19:00", "starts_on": start])
        let privateGroup =
            try post(
                "/api/v1/groups",
                [
                    "organization_id": org, "name": "Family recovery online", "format": "online", "time_zone": "America/Denver",
                    "topics": ["families-of-people-in-recovery"], "online_url": "https://meet.example.org/private-room", "online_details_private": true,
                ])["id"] as! Int
        _ = try post("/api/v1/groups/\(privateGroup)/schedules", ["frequency": "weekly", "weekdays": ["sunday"], "start_time": "17:00", "starts_on": start])

        let r = try app.get("/api/v1/feeds/meeting-guide.json")
        #expect(r.status == 200)
        #expect(r.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(r.headers["Cache-Control"] == "public, max-age=900")
        #expect(try app.get("/api/v1/feeds/meeting-guide.json", headers: [("If-None-Match", r.headers["ETag"]!)]).status == 304)
        let entries = try #require(try r.json() as? [[String: Any]])
        #expect(!r.text.contains("private-room"))
        #expect(!entries.contains { ($0["name"] as? String) == "Grief circle" })

        let sober = entries.filter { ($0["name"] as? String) == "Sober Path" }
        // Tuesday 07:00, Tuesday 19:00, Thursday 19:00, Saturday (biweekly); no monthly, no one-time.
        #expect(sober.count == 4, "\(sober)")
        #expect(Set(sober.compactMap { $0["day"] as? Int }) == [2, 4, 6])
        let thursday = try #require(sober.first { $0["day"] as? Int == 4 })
        #expect(thursday["time"] as? String == "19:00")
        #expect(thursday["end_time"] as? String == "20:30")
        #expect(thursday["timezone"] as? String == "America/Denver")
        #expect(thursday["address"] as? String == "12 Pine St")
        #expect(thursday["city"] as? String == "Boulder")
        #expect(thursday["state"] as? String == "CO")
        #expect(thursday["postal_code"] as? String == "80302")
        #expect(thursday["formatted_address"] as? String == "12 Pine St, Boulder, CO 80302, USA")
        #expect(thursday["latitude"] as? Double == 40.01501)
        #expect(thursday["longitude"] as? Double == -105.27055)
        #expect(thursday["location"] as? String == "Mountain Hall")
        #expect(thursday["location_notes"] as? String == "Side door, second floor.")
        #expect(thursday["region"] as? String == "Boulder")
        #expect(thursday["conference_url"] as? String == "https://meet.example.org/sober")
        #expect(thursday["conference_phone"] as? String == "+13035550150", "with its country code")
        #expect(thursday["conference_phone_notes"] as? String == "+1 303-555-0150, code 123456")
        #expect(thursday["types"] as? [String] == ["EN", "O", "S", "W", "X"], "no ONL: online-ness is conference_url/conference_phone")
        #expect(thursday["group"] as? String == "Sober Path", "the group, not the organization")
        #expect(thursday["entity"] as? String == "Recovery Center")
        #expect(thursday["url"] as? String == "http://localhost/groups/\(longSlug)")
        let notes = try #require(thursday["notes"] as? String)
        #expect(notes.contains("No meeting on \(MeetingGuideFeed.monthDay(cancelled)): Room closed for the holiday"), "\(notes)")
        let saturday = try #require(sober.first { $0["day"] as? Int == 6 })
        #expect(saturday["end_time"] as? String == "00:30")
        #expect((saturday["notes"] as? String)?.contains("Every other Saturday, next on") == true)
        let tuesdays = sober.filter { $0["day"] as? Int == 2 }.compactMap { $0["slug"] as? String }
        #expect(Set(tuesdays).count == 2)
        #expect(tuesdays.allSatisfy { $0.hasSuffix("-tuesday-0700") || $0.hasSuffix("-tuesday-1900") }, "\(tuesdays)")

        // Online only with private details: readers would list it inactive, so it is not in the feed.
        #expect(!entries.contains { ($0["name"] as? String) == "Family recovery online" })

        try Self.checkMeetingGuide(entries)
    }

    @Test func meetingGuideFeedOfTheDemoDirectory() throws {
        let demo = try TestApp(demo: true)
        let entries = try #require(try demo.get("/api/v1/feeds/meeting-guide.json").json() as? [[String: Any]])
        #expect(entries.count >= 5)
        try Self.checkMeetingGuide(entries)
        // Every entry is a recovery group's, and every recovery group with a weekly schedule is there.
        let recovery = try demo.database.pool.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT g.slug FROM groups g JOIN group_topics gt ON gt.group_id = g.id JOIN topics t ON t.id = gt.topic_id
                    JOIN schedules s ON s.group_id = g.id
                    WHERE g.status = 'active' AND s.frequency IN ('weekly', 'biweekly') AND (s.ends_on IS NULL OR s.ends_on >= date('now', '+1 day'))
                    AND t.slug IN ('addiction-recovery', 'alcohol', 'substance-use', 'families-of-people-in-recovery')
                    """)
        }
        let listed = Set(entries.compactMap { ($0["url"] as? String)?.components(separatedBy: "/groups/").last })
        #expect(Set(recovery).isSubset(of: listed), "\(Set(recovery).subtracting(listed))")
        let allRecovery = try demo.database.pool.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT g.slug FROM groups g JOIN group_topics gt ON gt.group_id = g.id JOIN topics t ON t.id = gt.topic_id
                    WHERE t.slug IN ('addiction-recovery', 'alcohol', 'substance-use', 'families-of-people-in-recovery')
                    """)
        }
        #expect(listed.isSubset(of: Set(allRecovery)))
        // Facilitators' names never appear.
        let names = try demo.database.pool.read { try String.fetchAll($0, sql: "SELECT display_name FROM facilitators") }
        let text = String(decoding: try JSONSerialization.data(withJSONObject: entries), as: UTF8.self)
        for name in names where name.split(separator: " ").count > 1 { #expect(!text.contains(name)) }
    }

    /// Online access as meeting-list readers need it: a dial-in without an area code is refused (422
    /// naming it), and a coordinator is told (not the public) when a link's host is one they drop.
    @Test func dialInsNeedAnAreaCodeAndCoordinatorsHearOfLinksReadersDrop() throws {
        let org = try app.makeOrganization("links", key: admin)
        let coordinator = try app.key("coordinator", organization: "links")
        let group: [String: Any] = ["organization_id": org, "name": "Phone circle", "format": "phone", "time_zone": "America/Denver"]
        for bad in ["555-0150, code 1234", "+1 555 0150", "call us"] {
            let refused = try app.send("POST", "/api/v1/groups", key: coordinator, json: group.merging(["dial_in": bad]) { $1 })
            #expect(refused.status == 422, "\(bad)")
            #expect(Set((refused.jsonObject["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []) == ["dial_in"], "\(bad)")
        }
        let phone = try app.send("POST", "/api/v1/groups", key: coordinator, json: group.merging(["dial_in": "(719) 555-0150, code 1234"]) { $1 })
        #expect(phone.status == 201 && (phone.jsonObject["warnings"] as? [Any])?.isEmpty == true)
        let online = try app.send(
            "POST", "/api/v1/groups", key: coordinator,
            json: [
                "organization_id": org, "name": "Link circle", "format": "online", "time_zone": "America/Denver", "online_url": "https://meet.example.org/x",
            ])
        #expect(online.status == 201)
        let warnings = online.jsonObject["warnings"] as? [[String: Any]]
        #expect(warnings?.map { $0["field"] as? String } == ["online_url"])
        #expect((warnings?.first?["message"] as? String)?.contains("tsml-ui") == true)
        let id = online.jsonObject["id"] as! Int
        #expect(try app.get("/api/v1/groups/\(id)").jsonObject["warnings"] == nil, "the public is not told")
        #expect((try app.get("/api/v1/groups/\(id)", key: coordinator).jsonObject["warnings"] as? [Any])?.count == 1)
        let fixed = try app.change("PATCH", "/api/v1/groups/\(id)", key: coordinator, json: ["online_url": "https://us02web.zoom.us/j/5550100"])
        #expect(fixed.status == 200 && (fixed.jsonObject["warnings"] as? [Any])?.isEmpty == true)
    }

    /// tsml-ui's loader and the 12 Step Meeting List's import (their rules in `MeetingListReaders`) keep
    /// every meeting of the demo's feed active, and every meeting of a group that meets online online,
    /// with a way to join: a link of a provider they know or a phone of 10 digits or more.
    @Test func meetingListReadersKeepEveryMeetingActiveWithItsOnlineAccess() throws {
        // The rules can fail: a 7-digit phone and an unknown host leave an online-only meeting inactive.
        let lost: [String: Any] = [
            "conference_url": "https://meet.example.org/x", "conference_phone": "5550150", "formatted_address": "Denver, CO, USA",
            "approximate": "yes", "types": ["ONL"],
        ]
        #expect(!MeetingListReaders.tsmlUI(lost).active && !MeetingListReaders.twelveStepImport(["types": ["ONL"], "approximate": "yes"]).active)
        #expect(MeetingListReaders.twelveStepImport(lost).conferenceUrl == nil)

        let demo = try TestApp(demo: true)
        let entries = try #require(try demo.get("/api/v1/feeds/meeting-guide.json").json() as? [[String: Any]])
        let remote = Set(
            try demo.database.pool.read { db in
                try String.fetchAll(db, sql: "SELECT slug FROM groups WHERE format IN ('online', 'phone', 'hybrid') AND online_details_private = 0")
            })
        #expect(entries.contains { remote.contains(($0["url"] as? String ?? "").components(separatedBy: "/groups/").last ?? "") })
        for entry in entries {
            let slug = (entry["url"] as? String ?? "").components(separatedBy: "/groups/").last ?? ""
            let ui = MeetingListReaders.tsmlUI(entry), plugin = MeetingListReaders.twelveStepImport(entry)
            #expect(ui.listed && ui.active, "tsml-ui: \(entry["slug"] ?? "")")
            #expect(plugin.active, "12 Step Meeting List: \(entry["slug"] ?? "")")
            if remote.contains(slug) {
                #expect(ui.online && (ui.conferenceUrl != nil || ui.conferencePhone != nil), "tsml-ui online: \(entry["slug"] ?? "")")
                #expect(plugin.online, "12 Step Meeting List online: \(entry["slug"] ?? "")")
                #expect(entry["conference_url"] == nil || ui.conferenceUrl != nil, "a link tsml-ui drops: \(entry["conference_url"] ?? "")")
            }
        }
        // The feed's group is the group: the plugin merges meetings by it.
        #expect(Set(entries.compactMap { $0["group"] as? String }) == Set(entries.compactMap { $0["name"] as? String }))
    }

    /// The spec's rules, on every entry.
    static func checkMeetingGuide(_ entries: [[String: Any]], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let known = specTypes()
        var slugs = Set<String>()
        for entry in entries {
            let slug = entry["slug"] as? String ?? ""
            #expect(slug.wholeMatch(of: slugPattern) != nil && !slug.hasPrefix("-") && !slug.hasSuffix("-"), "slug \(slug)", sourceLocation: sourceLocation)
            #expect(slugs.insert(slug).inserted, "duplicate slug \(slug)", sourceLocation: sourceLocation)
            #expect(!((entry["name"] as? String) ?? "").isEmpty, sourceLocation: sourceLocation)
            #expect((0...6).contains(entry["day"] as? Int ?? -1), sourceLocation: sourceLocation)
            #expect((entry["time"] as? String)?.wholeMatch(of: timePattern) != nil, sourceLocation: sourceLocation)
            #expect((entry["end_time"] as? String)?.wholeMatch(of: timePattern) != nil, sourceLocation: sourceLocation)
            #expect(Recurrence.ianaTimeZone(entry["timezone"] as? String ?? "") != nil, sourceLocation: sourceLocation)
            #expect((entry["updated"] as? String)?.wholeMatch(of: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/) != nil, sourceLocation: sourceLocation)
            #expect((entry["url"] as? String)?.hasPrefix("http://localhost/groups/") == true, sourceLocation: sourceLocation)
            #expect(entry["entity"] is String, sourceLocation: sourceLocation)
            let types = entry["types"] as? [String] ?? []
            #expect(types == types.sorted() && Set(types).count == types.count, sourceLocation: sourceLocation)
            if let known { #expect(Set(types).isSubset(of: known), "\(types)", sourceLocation: sourceLocation) }
            if let phone = entry["conference_phone"] as? String {
                #expect(phone.wholeMatch(of: /\+?\d{1,15}([,*#]\d+)*/) != nil, sourceLocation: sourceLocation)
            }
            let hasPlace = entry["formatted_address"] != nil || entry["address"] != nil
            let online = entry["conference_url"] != nil || entry["conference_phone"] != nil
            #expect(hasPlace || online, "\(entry)", sourceLocation: sourceLocation)
            if entry["approximate"] as? String == "no" { #expect(entry["address"] != nil, sourceLocation: sourceLocation) }
        }
    }

    @Test func languageAndAudienceCodesAreTheSpecs() throws {
        let known = try #require(Self.specTypes(), "Tests/standards/meeting-guide/types.json is read")
        #expect(Set(MeetingGuideFeed.languageTypes.values).isSubset(of: known))
        #expect(Set(Audience.allCases.compactMap(MeetingGuideFeed.type(of:))).isSubset(of: known))
    }

    @Test func slugsAreTrimmedToSixtyFourCharacters() {
        let long = String(repeating: "a-", count: 40) + "b"
        let slug = MeetingGuideFeed.slug(long, suffix: ["wednesday", "1930", "12345"])
        #expect(slug.count <= 64)
        #expect(slug.hasSuffix("-wednesday-1930-12345"))
        #expect(!slug.contains("--"))
        #expect(DialInNumber.e164("(303) 555-0150, code 123456") == "+13035550150")
        #expect(DialInNumber.e164("1-303-555-0150") == "+13035550150" && DialInNumber.e164("+1 303 555 0150,,1234#") == "+13035550150")
        #expect(DialInNumber.e164("+44 20 7946 0958") == "+442079460958")
        #expect(DialInNumber.e164("555-0150, code 123456") == nil, "tsml-ui drops fewer than 10 digits")
        #expect(DialInNumber.e164("+1 555 0150") == nil && DialInNumber.e164("ask the group") == nil)
    }

    // MARK: Atom

    @Test func atomFeedIsWellFormedNewestFirst() throws {
        let made = try makeCalendarGroup()
        let org = made.organization
        for name in ["First & <older>", "Second \"quoted\""] {
            _ = try post("/api/v1/groups", ["organization_id": org, "name": name, "format": "in_person", "time_zone": "America/Denver"])
        }
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try app.change("PATCH", "/api/v1/groups/\(made.group)", key: admin, json: ["summary": "Changed & newest"]).status == 200)
        let r = try app.get("/api/v1/feeds/groups.atom")
        #expect(r.status == 200)
        #expect(r.headers["Content-Type"] == "application/atom+xml; charset=utf-8")
        #expect(r.headers["ETag"] != nil)

        final class Reader: NSObject, XMLParserDelegate {
            var entries: [[String: String]] = []
            var current: [String: String]?
            var text = ""
            var root: String?
            var namespace: String?
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if root == nil { root = name; namespace = namespaceURI }
                if name == "entry" { current = [:] }
                if name == "link", current != nil, attributes["type"] == "text/calendar" { current?["calendar"] = attributes["href"] }
                text = ""
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == "entry", let entry = current {
                    entries.append(entry); current = nil
                } else if current != nil, current?[name] == nil {
                    current?[name] = text
                }
            }
        }
        let parser = XMLParser(data: Data(r.body))
        parser.shouldProcessNamespaces = true
        let reader = Reader()
        parser.delegate = reader
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(reader.root == "feed")
        #expect(reader.namespace == "http://www.w3.org/2005/Atom")
        #expect(reader.entries.count == 3)
        #expect(reader.entries.count <= AtomFeed.maxEntries)
        let titles = reader.entries.compactMap { $0["title"] }
        #expect(titles.first?.hasPrefix("Grief, loss; and hope") == true, "\(titles)")
        #expect(Set(titles.dropFirst()) == ["First & <older>", "Second \"quoted\""])
        let updated = reader.entries.compactMap { $0["updated"] }
        #expect(updated == updated.sorted(by: >))
        #expect(reader.entries.allSatisfy { $0["id"] != nil && $0["summary"] != nil && $0["published"] != nil })
        #expect(reader.entries.first?["calendar"] == "http://localhost/api/v1/groups/\(made.group)/calendar.ics")
        #expect(reader.entries.first?["summary"]?.contains("Changed & newest") == true)
    }
}

// MARK: - CORS

@Suite struct CORSTests {
    static let partner = "https://partner.example.org"

    /// A router with a public read, a credentialed write, a path parameter and a private read.
    func router() -> Router {
        let router = Router()
        let privateReads = ["/api/v1/referrals/:id", "/api/v1/organizations/:id/keys"].map { RouteDescription(method: "GET", pattern: $0) }
        router.use(CORS(allowedOrigins: [Self.partner + "/", "not an origin"], privateReads: privateReads).middleware)
        router.get("/api/v1/groups/:id") { _ in .text("group") }
        router.patch("/api/v1/groups/:id") { _ in .text("patched") }
        router.get("/api/v1/referrals/:id") { _ in throw HTTPError(401, detail: "sign in") }
        router.get("/api/v1/organizations/:id/keys") { _ in .text("keys") }
        router.fallback = (handler: { _ in throw HTTPError.notFound() }, execution: .eventLoop)
        return router
    }

    func send(_ router: Router, _ method: String, _ target: String, _ headers: [(String, String)] = []) -> Response {
        let head = RequestHead(method: method, target: target, headers: HTTPHeaders(headers))
        return router.resolve(head).run(Request(head: head))
    }

    @Test func normalizesConfiguredOrigins() {
        #expect(CORS.normalizedOrigin("https://App.Example.org/") == "https://app.example.org")
        #expect(CORS.normalizedOrigin("http://localhost:3000") == "http://localhost:3000")
        #expect(CORS.normalizedOrigin("*") == nil)
        #expect(CORS.normalizedOrigin("null") == nil)
        #expect(CORS.normalizedOrigin("https://example.org/path") == nil)
        #expect(CORS.normalizedOrigin("ftp://example.org") == nil)
        #expect(CORS(allowedOrigins: [Self.partner + "/", "not an origin"], privateReads: []).allowedOrigins == [Self.partner])
    }

    @Test func classifiesPathsAndMethodsByTheRoutesDeclaredAccess() {
        let cors = CORS(allowedOrigins: [], privateReads: RouteTable.privateReads(languages: ["es"]))
        for path in [
            "/api/v1/groups", "/api/v1/groups/3", "/api/v1/meetings", "/api/v1/topics/grief", "/api/v1/organizations/2",
            "/api/v1/locations", "/api/v1/facilitators/1", "/api/v1/feeds/meeting-guide.json", "/calendars/groups/x.ics",
            "/openapi.json", "/groups/x", "/hsds/services/1", "/api/v1/groups/1/calendar.ics", "/api/v1/groups/1/feedback",
            "/no/such/page",
        ] {
            #expect(cors.access(method: "GET", path: path) == .publicRead, "\(path)")
            #expect(cors.access(method: "HEAD", path: path) == .publicRead, "\(path)")
            #expect(cors.access(method: "POST", path: path) == .credentialed, "\(path)")
        }
        for path in [
            "/api/v1/referrals", "/api/v1/referrals/4", "/api/v1/auth/session", "/api/v1/audit", "/api/v1/organizations/1/keys",
            "/api/v1/organizations/1/stats", "/api/v1/organizations/1/webhooks", "/api/v1/referral-status/abc", "/referrals/status/abc",
            "/es/referrals/status/abc",
            "/api/v1/%72eferrals", "/api/v1/change-requests", "/api/v1/change-requests/7", "/metrics",
        ] {
            #expect(cors.access(method: "GET", path: path) == .credentialed, "\(path)")
        }
        // Every GET route that not everyone may read is credentialed, whatever its path.
        for route in RouteTable.summaries where route.method == "GET" && !route.access.answersEveryone {
            let path = route.path.split(separator: "/").map { $0.hasPrefix(":") ? "1" : String($0) }.joined(separator: "/")
            #expect(cors.access(method: "GET", path: "/" + path) == .credentialed, "\(route.path)")
        }
    }

    @Test func publicReadsAreOpenToEveryOriginWithoutCredentials() {
        let r = send(router(), "GET", "/api/v1/groups/7", [("Origin", "https://anyone.example.com")])
        #expect(r.headers["Access-Control-Allow-Origin"] == "*")
        #expect(r.headers["Access-Control-Allow-Credentials"] == nil)
        #expect(r.headers["Access-Control-Expose-Headers"] == "ETag, Location, Link, Retry-After")
        #expect(r.headers["Vary"] == nil)
        // Also without an Origin, so that a shared cache holds one answer for all.
        #expect(send(router(), "GET", "/api/v1/groups/7").headers["Access-Control-Allow-Origin"] == "*")
        // And on errors.
        #expect(send(router(), "GET", "/nothing/here", [("Origin", "https://anyone.example.com")]).headers["Access-Control-Allow-Origin"] == "*")
    }

    @Test func credentialedRoutesOnlyForConfiguredOrigins() {
        let stranger = send(router(), "PATCH", "/api/v1/groups/7", [("Origin", "https://evil.example.com")])
        #expect(stranger.headers["Access-Control-Allow-Origin"] == nil)
        #expect(stranger.headers["Access-Control-Allow-Credentials"] == nil)
        #expect(stranger.headers.hasToken("Origin", in: "Vary"))
        let partner = send(router(), "PATCH", "/api/v1/groups/7", [("Origin", Self.partner)])
        #expect(partner.headers["Access-Control-Allow-Origin"] == Self.partner)
        #expect(partner.headers["Access-Control-Allow-Credentials"] == "true")
        #expect(partner.headers.hasToken("Origin", in: "Vary"))
        // A private read, even when it fails, and never "*".
        let referral = send(router(), "GET", "/api/v1/referrals/3", [("Origin", Self.partner)])
        #expect(referral.status == 401)
        #expect(referral.headers["Access-Control-Allow-Origin"] == Self.partner)
        let keys = send(router(), "GET", "/api/v1/organizations/1/keys", [("Origin", "https://evil.example.com")])
        #expect(keys.headers["Access-Control-Allow-Origin"] == nil)
        #expect(keys.headers.hasToken("Origin", in: "Vary"))
        // The literal "null" origin of sandboxed pages is never trusted.
        #expect(send(router(), "PATCH", "/api/v1/groups/7", [("Origin", "null")]).headers["Access-Control-Allow-Origin"] == nil)
    }

    @Test func preflightsAreAnsweredForParameterRoutesAndUnknownPaths() {
        let write = send(
            router(), "OPTIONS", "/api/v1/groups/7",
            [
                ("Origin", Self.partner), ("Access-Control-Request-Method", "PATCH"), ("Access-Control-Request-Headers", "if-match, content-type"),
            ])
        #expect(write.status == 204)
        #expect(write.headers["Access-Control-Allow-Origin"] == Self.partner)
        #expect(write.headers["Access-Control-Allow-Credentials"] == "true")
        #expect(write.headers["Access-Control-Allow-Methods"]?.contains("PATCH") == true)
        #expect(write.headers["Access-Control-Allow-Headers"] == "Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, X-CSRF-Token")
        #expect(write.headers["Access-Control-Max-Age"] != nil)
        #expect(write.headers.hasToken("Origin", in: "Vary"))
        #expect(write.headers["Allow"]?.contains("PATCH") == true)

        let denied = send(router(), "OPTIONS", "/api/v1/groups/7", [("Origin", "https://evil.example.com"), ("Access-Control-Request-Method", "PATCH")])
        #expect(denied.status == 204)
        #expect(denied.headers["Access-Control-Allow-Origin"] == nil)
        #expect(denied.headers.hasToken("Origin", in: "Vary"))

        let read = send(router(), "OPTIONS", "/api/v1/groups/7", [("Origin", "https://anyone.example.com"), ("Access-Control-Request-Method", "GET")])
        #expect(read.status == 204)
        #expect(read.headers["Access-Control-Allow-Origin"] == "*")
        #expect(read.headers["Access-Control-Allow-Methods"]?.contains("PATCH") == false)
        #expect(read.headers["Access-Control-Allow-Credentials"] == nil)

        let unknown = send(router(), "OPTIONS", "/not/a/route", [("Origin", "https://anyone.example.com"), ("Access-Control-Request-Method", "GET")])
        #expect(unknown.status == 204)
        #expect(unknown.headers["Access-Control-Allow-Origin"] == "*")
        // A method the path does not have is not allowed.
        let delete = send(router(), "OPTIONS", "/api/v1/groups/7", [("Origin", Self.partner), ("Access-Control-Request-Method", "DELETE")])
        #expect(delete.headers["Access-Control-Allow-Origin"] == nil)
        // A plain OPTIONS (no preflight) is the router's own answer.
        let plain = send(router(), "OPTIONS", "/api/v1/groups/7")
        #expect(plain.status == 204 && plain.headers["Allow"] != nil && plain.headers["Access-Control-Allow-Methods"] == nil)
    }

    @Test func theApplicationSendsCORSHeaders() throws {
        let directory = TestHTTP.temporaryDirectory()
        var configuration = AppConfiguration()
        configuration.server.port = 0
        configuration.server.eventLoops = 1
        configuration.server.workerThreads = 2
        configuration.databasePath = directory + "/circles.sqlite"
        configuration.migrationsDirectory = TestHTTP.repositoryRoot + "/Migrations"
        configuration.publicDirectory = TestHTTP.repositoryRoot + "/Public"
        configuration.secretKeyFile = directory + "/circles.key"
        configuration.allowedOrigins = [Self.partner]
        let application = try Application(configuration: configuration, accessLog: AccessLog { _ in })
        try application.start()
        defer {
            application.shutdown()
            try? FileManager.default.removeItem(atPath: directory)
        }
        let port = application.server.port!
        let feed = try TestHTTP.get(port, "/api/v1/feeds/meeting-guide.json", headers: [("Origin", "https://intergroup.example.net")])
        #expect(feed.headers["Access-Control-Allow-Origin"] == "*")
        let topics = try TestHTTP.get(port, "/api/v1/topics", headers: [("Origin", "https://intergroup.example.net")])
        #expect(topics.headers["Access-Control-Allow-Origin"] == "*")
        let preflight = try TestHTTP.send(
            port, "OPTIONS", "/api/v1/referrals",
            headers: [
                ("Origin", Self.partner), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "authorization, idempotency-key"),
            ])
        #expect(preflight.status == 204)
        #expect(preflight.headers["Access-Control-Allow-Origin"] == Self.partner)
        #expect(preflight.headers["Access-Control-Allow-Credentials"] == "true")
        let session = try TestHTTP.get(port, "/api/v1/auth/session", headers: [("Origin", "https://evil.example.com")])
        #expect(session.headers["Access-Control-Allow-Origin"] == nil)
        #expect(session.headers.hasToken("Origin", in: "Vary"))
        let partner = try TestHTTP.get(port, "/api/v1/auth/session", headers: [("Origin", Self.partner)])
        #expect(partner.headers["Access-Control-Allow-Origin"] == Self.partner)
        #expect(partner.headers["Access-Control-Allow-Credentials"] == "true")
    }
}
