import Foundation
import GroupViews
import HTTPServer
import Schedules
import Store

/// `/print`: a meeting list for paper, by weekday, with time, group, place and address — the kind
/// of list an intergroup or a clinic hands out. The same filters as the search (an organization,
/// a city, a topic…).
struct PrintPage {
    let site: Site
    /// The most groups one list holds; a list longer than a few pages helps nobody.
    static let maxGroups = 400

    struct Entry {
        var weekday: Weekday
        var time: LocalTime
        var name: String
        var context: TemplateValue
    }

    func respond(_ request: Request) throws -> Response {
        let form = SearchForm(request.query)
        if let redirect = site.tidyAddress(request, form: form, path: "/print") { return redirect }
        var (query, errors) = form.groupQuery(places: site.api.places)
        query.limit = Self.maxGroups
        let page = try API.store { try site.database.searchGroups(query, after: nil) }
        let details = try site.database.groupDetails(ids: page.ids)
        let now = Date()
        let topics = try site.database.topics()
        let topicNames = Dictionary(uniqueKeysWithValues: topics.map { ($0.slug, $0.name) })

        var entries: [Entry] = []
        var special: [(Date, TemplateValue)] = []
        var changes: [(Date, TemplateValue)] = []
        for d in details {
            let (regular, once) = Self.entries(d, now: now)
            entries += regular
            special += once
            for m in MeetingFinder.meetings(for: d, from: now, to: now.addingTimeInterval(14 * 86_400)) where m.occurrence.status != .scheduled {
                let o = m.occurrence
                var what =
                    o.status == .cancelled
                    ? "Cancelled" : "Changed to \(o.date.weekday.englishName), \(Words.shortDate(o.date, today: o.date)), \(o.startTime.englishText)"
                if o.status == .moved, let place = MeetingWords(m, group: d, now: now).place { what += ", at \(place)" }
                changes.append(
                    (
                        o.start,
                        [
                            "day": .text("\(o.originalDate.weekday.englishName), \(Words.shortDate(o.originalDate, today: o.originalDate))"),
                            "name": .text(d.group.name), "what": .text(what), "note": .optional(o.note),
                        ]
                    ))
            }
        }
        let days: [TemplateValue] = Words.weekdays.compactMap { day in
            let list = entries.filter { $0.weekday == day }.sorted { ($0.time, $0.name) < ($1.time, $1.name) }
            guard !list.isEmpty else { return nil }
            return ["day": .text(day.englishName), "entries": .list(list.map(\.context))]
        }

        let organizations = Set(details.map { $0.organization.name })
        var heading = "Peer support meetings"
        if form.organizationId != nil, organizations.count == 1, let name = organizations.first {
            heading = "Meetings of \(name)"
        } else if let phrase = form.phrase(topicNames: topicNames) {
            heading = "Peer support " + phrase.replacingOccurrences(of: "groups", with: "meetings")
        }
        let zones = Set(details.map { Words.timeZone($0.group.timeZone) })
        let today = ZonedTime(timeZone: details.first.flatMap { Recurrence.ianaTimeZone($0.group.timeZone) } ?? .current).localDateAndTime(at: now).date
        let host = site.address(request).host
        let context: [String: TemplateValue] = [
            "heading": .text(heading),
            "days": .list(days),
            "hasDays": .bool(!days.isEmpty),
            "special": .list(special.sorted { $0.0 < $1.0 }.map(\.1)),
            "hasSpecial": .bool(!special.isEmpty),
            "changes": .list(changes.sorted { $0.0 < $1.0 }.map(\.1)),
            "hasChanges": .bool(!changes.isEmpty),
            "printed": .text(today.englishText),
            "zones": .text(zones.count == 1 ? "Times are \(zones.first!)." : "Times are local to each group."),
            "host": .text(host),
            "groupCount": .text(Words.count(details.count, "group")),
            "truncated": .bool(page.next != nil),
            "errors": .list(errors.map { .text(SearchResults.explain($0)) }),
            "searchUrl": .text(form.query.url("/search")),
        ]
        let shell = PageShell(
            title: "\(heading) — printable list — Circles",
            description: "A printable weekly list of peer support meetings with times, places and addresses.",
            scripts: ["/js/local-time.js"], noindex: true, bodyClass: "page-print")
        return try site.page("print", context, shell: shell, request: request)
    }

    /// A group's weekly entries (one per weekday of each regular schedule) and its coming one-time meetings.
    static func entries(_ d: GroupDetails, now: Date) -> (regular: [Entry], once: [(Date, TemplateValue)]) {
        var regular: [Entry] = []
        var once: [(Date, TemplateValue)] = []
        let g = d.group
        for s in d.schedules {
            guard let r = ScheduleMapping.recurrence(s), let zone = Recurrence.ianaTimeZone(r.timeZone) else { continue }
            let today = ZonedTime(timeZone: zone).localDateAndTime(at: now).date
            if let last = r.lastPossibleDate, last < today { continue }
            let location = s.locationId.flatMap { d.scheduleLocations[$0] } ?? d.location
            var fields: [String: TemplateValue] = [
                "time": .text(r.startTime.englishText),
                "name": .text(g.name),
                "where": .text(Self.place(d, location)),
                "address": .optional(Self.address(d, location)),
                "how": .optional(Self.how(d)),
                "languages": .optional(
                    d.links.languages.contains("en") ? nil : Words.list(d.links.languages.map { Words.language($0).components(separatedBy: " (")[0] })),
                "url": .text("/groups/\(g.slug)"),
                "rule": false,
                "day": false,
            ]
            switch r.frequency {
            case .once:
                guard r.startsOn >= today, today.days(to: r.startsOn) <= 90 else { continue }
                let month = LocalDate.englishMonths[r.startsOn.month - 1].prefix(3)
                fields["day"] = .text("\(r.startsOn.weekday.englishName.prefix(3)), \(month) \(r.startsOn.day)")
                once.append((ZonedTime(timeZone: zone).instant(of: r.startsOn, at: r.startTime), .object(fields)))
            case .weekly, .biweekly, .monthly:
                if r.frequency == .biweekly { fields["rule"] = "every other week" }
                if r.frequency == .monthly {
                    let words = r.englishDescription
                    fields["rule"] = .text((words.components(separatedBy: " at ").first ?? words).lowercasedFirstWord())
                }
                for day in Set(r.weekdays) {
                    regular.append(Entry(weekday: day, time: r.startTime, name: g.name, context: .object(fields)))
                }
            }
        }
        return (regular, once)
    }

    static func place(_ d: GroupDetails, _ l: LocationRecord?) -> String {
        switch d.group.format {
        case .online, .phone: return d.group.format.label
        case .inPerson, .hybrid:
            guard let l, l.kind != .online else { return GroupFormat.online.label }
            return l.name
        }
    }

    static func address(_ d: GroupDetails, _ l: LocationRecord?) -> String? {
        guard d.group.format == .inPerson || d.group.format == .hybrid, let l, let address = l.address else { return nil }
        return [address, l.city].compactMap { $0 }.joined(separator: ", ")
    }

    /// How to join from afar, when it is public: "Online: meet.example.org/x", "Call 555-0150".
    static func how(_ d: GroupDetails) -> String? {
        let g = d.group
        guard g.format != .inPerson else { return nil }
        if g.onlineDetailsPrivate { return g.format == .hybrid ? "Also online: the link is sent on request" : "The link is sent on request" }
        var parts: [String] = []
        if let url = Words.safeURL(g.onlineUrl) {
            parts.append(
                (g.format == .hybrid ? "Also online: " : "") + url.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: ""))
        }
        if let dial = g.dialIn { parts.append("Call \(dial)") }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }
}
