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
        let t = site.catalogue(request)
        let words = Wording(t)
        let topicNames = words.topicNames(topics)

        var entries: [Entry] = []
        var special: [(Date, TemplateValue)] = []
        var changes: [(Date, TemplateValue)] = []
        for d in details {
            let (regular, once) = Self.entries(d, now: now, words: words)
            let texts = GroupTexts(d, words)
            let name = texts.name
            entries += regular
            special += once
            for m in MeetingFinder.meetings(for: d, from: now, to: now.addingTimeInterval(14 * 86_400)) where m.occurrence.status != .scheduled {
                let o = m.occurrence
                var what =
                    o.status == .cancelled
                    ? t.text("print.cancelled") : t.text("print.changed_to", ["when": words.full(o.date, o.startTime, today: o.date)])
                if o.status == .moved, let place = MeetingWords(m, group: d, now: now, words: words).place {
                    what = t.text("print.changed_at", ["change": what, "place": place])
                }
                changes.append(
                    (
                        o.start,
                        [
                            "day": .text(words.weekdayDate(o.originalDate, today: o.originalDate)),
                            "name": .text(name.text), "nameLang": name.lang, "what": .text(what),
                            "note": .optional(o.note),
                            "noteLang": texts.original(o.note).lang,
                        ]
                    ))
            }
        }
        let days: [TemplateValue] = Words.weekdays.compactMap { day in
            let list = entries.filter { $0.weekday == day }.sorted { ($0.time, $0.name) < ($1.time, $1.name) }
            guard !list.isEmpty else { return nil }
            return ["day": .text(words.weekday(day)), "entries": .list(list.map(\.context))]
        }

        let organizations = Set(details.map { $0.organization.name })
        var heading = t.text("print.heading")
        if form.organizationId != nil, organizations.count == 1, let name = organizations.first {
            heading = t.text("print.heading_org", ["organization": name])
        } else if let phrase = form.phrase(topicNames: topicNames, words: words, noun: "meetings") {
            let sentence = t.text("print.heading_phrase", ["phrase": phrase])
            heading = sentence.prefix(1).uppercased() + sentence.dropFirst()
        }
        let zones = Set(details.map { words.timeZone($0.group.timeZone) })
        let today = ZonedTime(timeZone: details.first.flatMap { Recurrence.ianaTimeZone($0.group.timeZone) } ?? .current).localDateAndTime(at: now).date
        // The address the paper sends its reader to, in its language: "circles.example.org/es" on a Spanish list.
        let host = site.address(request).host + (t.code == site.catalogues.english.code ? "" : "/" + t.code)
        let context: [String: TemplateValue] = [
            "heading": .text(heading),
            "days": .list(days),
            "hasDays": .bool(!days.isEmpty),
            "special": .list(special.sorted { $0.0 < $1.0 }.map(\.1)),
            "hasSpecial": .bool(!special.isEmpty),
            "changes": .list(changes.sorted { $0.0 < $1.0 }.map(\.1)),
            "hasChanges": .bool(!changes.isEmpty),
            "printed": .text(words.date(today, withYear: true)),
            "zones": .text(zones.count == 1 ? t.text("print.zone_one", ["zone": zones.first!]) : t.text("print.zone_many")),
            "host": .text(host),
            "groupCount": .text(t.plural("places.count", count: details.count)),
            "truncated": .bool(page.next != nil),
            "errors": .list(errors.map { .text(SearchResults.explain($0, t)) }),
            "searchUrl": .text(form.query.url("/search")),
        ]
        let shell = PageShell(
            title: t.text("print.title", ["heading": heading]),
            description: t.text("print.description"),
            scripts: ["/js/local-time.js"], noindex: true, bodyClass: "page-print")
        return try site.page("print", context, shell: shell, request: request)
    }

    /// A group's weekly entries (one per weekday of each regular schedule) and its coming one-time meetings.
    static func entries(_ d: GroupDetails, now: Date, words: Wording) -> (regular: [Entry], once: [(Date, TemplateValue)]) {
        var regular: [Entry] = []
        var once: [(Date, TemplateValue)] = []
        let g = d.group
        let name = GroupTexts(d, words).name
        for s in d.schedules {
            guard let r = ScheduleMapping.recurrence(s), let zone = Recurrence.ianaTimeZone(r.timeZone) else { continue }
            let today = ZonedTime(timeZone: zone).localDateAndTime(at: now).date
            if let last = r.lastPossibleDate, last < today { continue }
            let location = s.locationId.flatMap { d.scheduleLocations[$0] } ?? d.location
            var fields: [String: TemplateValue] = [
                "time": .text(words.time(r.startTime)),
                "name": .text(name.text),
                "nameLang": name.lang,
                "where": .text(Self.place(d, location, words: words)),
                "address": .optional(Self.address(d, location)),
                "how": .optional(Self.how(d, words.catalogue)),
                "languages": .optional(d.links.languages.contains("en") ? nil : words.list(d.links.languages.map(words.language))),
                "url": .text("/groups/\(g.slug)"),
                "rule": false,
                "day": false,
            ]
            switch r.frequency {
            case .once:
                guard r.startsOn >= today, today.days(to: r.startsOn) <= 90 else { continue }
                fields["day"] = .text(words.weekdayDate(r.startsOn, today: today))
                once.append((ZonedTime(timeZone: zone).instant(of: r.startsOn, at: r.startTime), .object(fields)))
            case .weekly, .biweekly, .monthly:
                if r.frequency == .biweekly { fields["rule"] = .text(words.catalogue.text("print.every_other_week")) }
                if r.frequency == .monthly { fields["rule"] = .text(words.schedule(r).lowercasedFirstWord()) }
                for day in Set(r.weekdays) {
                    regular.append(Entry(weekday: day, time: r.startTime, name: name.text, context: .object(fields)))
                }
            }
        }
        return (regular, once)
    }

    static func place(_ d: GroupDetails, _ l: LocationRecord?, words: Wording) -> String {
        switch d.group.format {
        case .online, .phone: return words.format(d.group.format)
        case .inPerson, .hybrid:
            guard let l, l.kind != .online else { return words.format(.online) }
            return l.name
        }
    }

    static func address(_ d: GroupDetails, _ l: LocationRecord?) -> String? {
        guard d.group.format == .inPerson || d.group.format == .hybrid, let l, let address = l.address else { return nil }
        return [address, l.city].compactMap { $0 }.joined(separator: ", ")
    }

    /// How to join from afar, when it is public: "Online: meet.example.org/x", "Call 555-0150".
    static func how(_ d: GroupDetails, _ t: Catalogue) -> String? {
        let g = d.group
        guard g.format != .inPerson else { return nil }
        if g.onlineDetailsPrivate { return t.text(g.format == .hybrid ? "print.also_online_on_request" : "print.link_on_request") }
        var parts: [String] = []
        if let url = Words.safeURL(g.onlineUrl) {
            let shown = url.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
            parts.append(g.format == .hybrid ? t.text("print.also_online", ["url": shown]) : shown)
        }
        if let dial = g.dialIn { parts.append(t.text("print.call", ["number": dial])) }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }
}
