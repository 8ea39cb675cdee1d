import Foundation
import GroupViews
import HTTPServer
import Places
import Schedules
import Store

/// Meetings: occurrences expanded from schedules in each group's own time zone.
struct MeetingRoutes: RouteCollection {
    let api: API

    /// The most groups one meetings search expands; narrow the filters for more.
    static let maxGroups = 2_000
    static let maxWindowDays = 62.0

    /// Where a page of meetings ended: its start instant, schedule and original date.
    struct Position: CursorPosition {
        var start: Double
        var schedule: Int64
        var date: String

        var isWellFormed: Bool { start.isFinite && schedule >= 0 && LocalDate(date) != nil }
    }

    init(_ context: RouteContext) { api = context.api }

    static let routes: [Route<Self>] = [
        .get("/api/v1/meetings", .anyone, Self.search),
        .get("/api/v1/groups/:id/meetings", .anyone, Self.listOfGroup),
    ]

    func search(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        var place: PlaceMatch?
        var query = GroupRoutes.filters(request, &reader, places: api.places, place: &place)
        let limit = reader.limit(default: 50, max: 200)
        let window = Self.window(request, &reader)
        try GroupRoutes.finish(&reader, place: place)
        query.limit = Self.maxGroups
        let position = try Cursor.decode(request.query["cursor"], as: Position.self)
        let groups = try API.store { try api.database.searchGroupsWithDetails(query, after: nil) }
        return try Self.respond(groups.details, window: window, limit: limit, position: position, request: request, language: api.language(request))
    }

    func listOfGroup(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        let limit = reader.limit(default: 50, max: 200)
        let window = Self.window(request, &reader)
        try reader.finish()
        let position = try Cursor.decode(request.query["cursor"], as: Position.self)
        guard let details = try api.database.groupDetails(id: try API.id(request)) else { throw HTTPError.notFound("No group with that id.") }
        return try Self.respond([details], window: window, limit: limit, position: position, request: request, language: api.language(request))
    }

    static func respond(
        _ groups: [GroupDetails], window: Window, limit: Int, position: Position?, request: Request, language: Catalogue
    ) throws -> Response {
        var all: [(FoundMeeting, GroupDetails)] = []
        for group in groups {
            let zone = Recurrence.ianaTimeZone(group.group.timeZone) ?? TimeZone(identifier: "UTC")!
            let (from, to) = (window.from.instant(in: zone), window.to.instant(in: zone))
            for meeting in MeetingFinder.meetings(for: group, from: from, to: to) { all.append((meeting, group)) }
        }
        all.sort { key($0.0) < key($1.0) }
        if let position {
            let after = (position.start, position.schedule, position.date)
            all.removeAll { key($0.0) <= after }
        }
        let page = all.prefix(limit)
        var next: String?
        if all.count > limit, let last = page.last?.0 {
            next = Cursor.nextLink(
                request,
                cursor: Cursor.encode(
                    Position(start: last.occurrence.start.timeIntervalSince1970, schedule: last.schedule.id!, date: last.occurrence.originalDate.description)))
        }
        let words = Wording(language)
        return API.labelled(try API.json(Page(data: page.map { MeetingView($0.0, group: $0.1).localized(words) }, next: next)), language)
    }

    static func key(_ m: FoundMeeting) -> (Double, Int64, String) {
        (m.occurrence.start.timeIntervalSince1970, m.schedule.id!, m.occurrence.originalDate.description)
    }

    /// One end of the window: an instant, or a date, which is the midnight that begins it in each
    /// group's own time zone (so `from=2026-12-01` finds a Los Angeles group's meetings from its midnight).
    enum Bound {
        case instant(Date)
        case date(LocalDate)

        func instant(in zone: TimeZone) -> Date {
            switch self {
            case .instant(let date): date
            case .date(let day): ZonedTime(timeZone: zone).instant(of: day, at: LocalTime(hour: 0, minute: 0)!)
            }
        }

        /// For the checks of the window's length: a date at UTC midnight (every zone is within a day of it).
        var approximate: Date { instant(in: TimeZone(identifier: "UTC")!) }
    }

    struct Window {
        var from: Bound
        var to: Bound
    }

    /// The end of the last window a meeting search may ask for (9999-01-01T00:00:00Z).
    static let lastInstant = Bound.date(LocalDate(year: 9999, month: 1, day: 1)!).approximate

    /// `from` and `to` as RFC 3339 instants or dates; by default the coming seven days.
    static func window(_ request: Request, _ reader: inout QueryReader) -> Window {
        func bound(_ name: String) -> Bound? {
            guard let text = reader.text(name, max: 40) else { return nil }
            if let date = Timestamp.parse(text) { return .instant(date) }
            if let day = LocalDate(text) { return .date(day) }
            reader.fail(name, "must be a date (2026-12-01) or an RFC 3339 time (2026-12-01T18:00:00Z)")
            return nil
        }
        let from = bound("from") ?? .instant(Date())
        var to: Bound
        if let given = bound("to") {
            to = given
        } else {
            if case .date(let day) = from {
                to = .date(day.adding(days: 7))
            } else {
                to = .instant(from.approximate.addingTimeInterval(7 * 86_400))
            }
            if to.approximate > lastInstant { to = .instant(lastInstant) }
        }
        // A meeting's date has four digits of year: no window reaches the year 9999, where a meeting
        // late in a zone west of UTC would start in the year 10000.
        if from.approximate >= lastInstant {
            reader.fail("from", "must be before 9999-01-01")
            return Window(from: from, to: to)
        }
        if to.approximate > lastInstant { reader.fail("to", "must be before 9999-01-01") }
        let length = to.approximate.timeIntervalSince(from.approximate)
        if length <= 0 { reader.fail("to", "must be after from") }
        if length > maxWindowDays * 86_400 { reader.fail("to", "must be at most \(Int(maxWindowDays)) days after from") }
        return Window(from: from, to: to)
    }
}
