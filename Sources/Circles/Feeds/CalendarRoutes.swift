import Foundation
import HTTPServer
import Places
import Schedules
import Store

/// Subscribable iCalendar feeds: one group (at an API address, and at one for people that the group
/// page links), one organization's groups, or any meeting search (the filters of `/api/v1/meetings`,
/// and `from` and `to`).
///
/// The address for people is served in every language of the pages, as they are (`/es/calendars/groups/<slug>.ics`,
/// linked from `/es/groups/<slug>` and the Spanish status page): that calendar's own words and the group's texts
/// are in its language. The API's calendars are English.
///
/// A group or organization calendar holds every schedule that has not ended a week ago; a search
/// holds the schedules with a meeting in its window (by default a week ago to 90 days ahead).
struct CalendarRoutes: RouteCollection {
    let api: API

    init(_ context: RouteContext) { api = context.api }

    static let routes: [Route<Self>] = [
        .get("/api/v1/groups/:id/calendar.ics", .anyone, Self.groupCalendar),
        // In every language, like the pages that link it (`Route.page`'s `/es/…`); a file, not a page.
        Route(method: "GET", path: "/calendars/groups/:file", access: .anyone, localized: true, handler: Self.groupCalendarForPeople),
        .get("/api/v1/organizations/:id/calendar.ics", .anyone, Self.organizationCalendar),
        .get("/api/v1/meetings/calendar.ics", .anyone, Self.meetingsCalendar),
    ]

    static let contentType = "text/calendar; charset=utf-8"
    static let maxWindowDays = 366.0
    static let defaultPastDays = 7.0
    static let defaultFutureDays = 90.0

    func groupCalendar(_ request: Request, _ caller: Principal) throws -> Response {
        guard let details = try api.database.groupDetails(id: try API.id(request)) else { throw HTTPError.notFound("No group with that id.") }
        return Self.group(details, request: request, api: api, words: Wording(api.catalogues.english))
    }

    /// `/calendars/groups/<slug>.ics`: the address the group page links, for people and their calendar apps;
    /// `/es/calendars/groups/<slug>.ics` the same in Spanish.
    func groupCalendarForPeople(_ request: Request, _ caller: Principal) throws -> Response {
        let file = request.parameter("file")
        guard file.hasSuffix(".ics"), let id = try api.database.groupId(slug: String(file.dropLast(4))),
            let details = try api.database.groupDetails(id: id)
        else { throw HTTPError.notFound("No group calendar at this address.") }
        var response = Self.group(details, request: request, api: api, words: Wording(api.catalogues.for(request)))
        response.headers.add("Content-Language", api.catalogues.for(request).code)
        return response
    }

    func organizationCalendar(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        guard let organization = try api.database.record(OrganizationRecord.self, id: id) else { throw HTTPError.notFound("No organization with that id.") }
        var query = GroupQuery()
        query.organizationId = id
        query.statuses = GroupStatus.listed
        let groups = try FeedGroups.search(query, database: api.database)
        let site = SiteAddress(request, settings: api.settings)
        let feed = CalendarFeed(
            name: organization.name, description: "Peer support groups run by \(organization.name).",
            source: site.absolute(request.head.target), site: site, words: Wording(api.catalogues.english),
            from: Date().addingTimeInterval(-Self.defaultPastDays * 86_400))
        let (body, modified) = feed.render(groups)
        return FeedResponse.make(
            body, contentType: Self.contentType,
            lastModified: [modified, organization.updatedAt.date].compactMap { $0 }.max(),
            filename: organization.slug + ".ics")
    }

    func meetingsCalendar(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        var place: PlaceMatch?
        var query = GroupRoutes.filters(request, &reader, places: api.places, place: &place)
        let (from, to) = Self.window(&reader)
        try GroupRoutes.finish(&reader, place: place)
        let site = SiteAddress(request, settings: api.settings)
        var feed = CalendarFeed(
            name: Self.searchName(query), description: "Peer support meetings from \(site.host).",
            source: site.absolute(request.head.target), site: site, words: Wording(api.catalogues.english), from: from, to: to)
        feed.weekday = query.weekday.flatMap(Weekday.init(rawValue:))
        feed.partOfDay = query.partOfDay.flatMap(PartOfDay.init(rawValue:))
        query.limit = MeetingRoutes.maxGroups
        let groups = try FeedGroups.search(query, database: api.database, limit: MeetingRoutes.maxGroups)
        let (body, modified) = feed.render(groups)
        return FeedResponse.make(body, contentType: Self.contentType, lastModified: modified, filename: "meetings.ics")
    }

    /// One group's calendar, in the language of `words`.
    static func group(_ details: GroupDetails, request: Request, api: API, words: Wording) -> Response {
        let site = SiteAddress(request, settings: api.settings)
        var feed = CalendarFeed(
            name: details.group.name, description: details.group.summary,
            source: site.absolute(request.head.target), site: site, words: words,
            from: Date().addingTimeInterval(-defaultPastDays * 86_400))
        let texts = feed.texts(details)
        (feed.name, feed.description) = (texts.name.text, texts.summary.text)
        let (body, modified) = feed.render([details])
        return FeedResponse.make(
            body, contentType: contentType, lastModified: modified,
            filename: details.group.slug + ".ics")
    }

    /// `from` and `to` as dates or RFC 3339 instants: by default a week ago to 90 days ahead, at most 366 days long.
    static func window(_ reader: inout QueryReader) -> (Date, Date) {
        func instant(_ name: String) -> Date? {
            guard let text = reader.text(name, max: 40) else { return nil }
            if let date = Timestamp.parse(text) { return date }
            if let day = LocalDate(text) { return Date(timeIntervalSince1970: Double(day.daysSince1970) * 86_400) }
            reader.fail(name, "must be a date (2026-12-01) or an RFC 3339 time (2026-12-01T18:00:00Z)")
            return nil
        }
        let now = Date()
        let given = instant("from")
        let from = given ?? now.addingTimeInterval(-defaultPastDays * 86_400)
        let to =
            instant("to")
            ?? (given == nil
                ? now.addingTimeInterval(defaultFutureDays * 86_400)
                : from.addingTimeInterval((defaultPastDays + defaultFutureDays) * 86_400))
        if to <= from { reader.fail("to", "must be after from") }
        if to.timeIntervalSince(from) > maxWindowDays * 86_400 { reader.fail("to", "must be at most \(Int(maxWindowDays)) days after from") }
        return (from, to)
    }

    /// "Peer support meetings: grief, Denver".
    static func searchName(_ q: GroupQuery) -> String {
        var parts = q.topics
        if let text = q.text { parts.append(text) }
        if let city = q.city { parts.append(city) }
        if let state = q.state { parts.append(state) }
        if let zip = q.zip { parts.append(zip) }
        if let format = q.format { parts.append(format.rawValue.replacingOccurrences(of: "_", with: " ")) }
        return "Peer support meetings" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }
}
