import Foundation
import GroupViews
import HTTPServer
import Schedules
import Store

/// `/today`: the meetings of today, with those happening now first, and tomorrow's. The same
/// place and format filters as the search. When "Where?" names a place, its in-person meetings
/// come with every online and phone meeting of the same kind, and "today" is the place's day
/// (so a Denver evening lists a New York group's online meeting at 9 pm Eastern); otherwise each
/// group's own today in its own time zone.
struct TodayPage {
    let site: Site

    /// The meetings a part of the page lists before "Show all" (`?all=1`): a person on an old phone
    /// should not load 700 meetings (470 KB for Denver with the country's online ones) to see the next few.
    static let shownPerSection = 25

    struct Item {
        var meeting: FoundMeeting
        var group: GroupDetails
    }

    func respond(_ request: Request) throws -> Response {
        let form = SearchForm(request.query)
        if let redirect = site.tidyAddress(request, form: form, path: "/today") { return redirect }
        var (query, errors, place) = form.groupQueryAndPlace(places: site.api.places)
        query.limit = MeetingRoutes.maxGroups
        // A place that could not be read asks which one, as the search does, instead of listing every meeting.
        let placeUnread = SearchResults.placeUnread(place)
        if placeUnread { errors.removeAll { $0.field == "where" } }
        let page = placeUnread ? GroupSearchPage.empty : try API.store { try site.database.searchGroups(query, after: nil) }
        var ids = page.ids
        // Beside a place's groups: the meetings anyone can join from there, online and by phone.
        if query.near != nil && query.format == nil && !query.remote {
            var remote = query
            remote.near = nil
            remote.remote = true
            let known = Set(ids)
            ids += try API.store { try site.database.searchGroups(remote, after: nil) }.ids.filter { !known.contains($0) }
        }
        let details = try site.database.groupDetails(ids: ids)
        let now = Date()
        let personZone = site.api.places.timeZone(of: place)
        let items = Self.meetings(details, now: now, days: 0, zone: personZone)
        let tomorrow = Self.meetings(details, now: now, days: 1, zone: personZone)
        let happening = items.filter { $0.meeting.isHappening(at: now) }
        let later = items.filter { $0.meeting.occurrence.start > now }
        let earlier = items.filter { $0.meeting.occurrence.end <= now }

        let zone = personZone ?? details.first.flatMap { Recurrence.ianaTimeZone($0.group.timeZone) } ?? TimeZone.current
        let today = ZonedTime(timeZone: zone).localDateAndTime(at: now).date
        let topics = try site.database.topics()
        let t = site.catalogue(request)
        let words = Wording(t)
        let topicNames = words.topicNames(topics)
        let phrase = form.phrase(topicNames: topicNames, words: words)
        var context = form.formContext(topics: topics, words: words)
        context["date"] = .text(t.text("dates.weekday_date", ["weekday": words.weekday(today.weekday), "date": words.date(today, withYear: true)]))
        context["phrase"] = .optional(phrase)
        context["noneFor"] = .text(t.text("today.none_for", ["phrase": phrase ?? ""]))
        let cancelledToday = t.text("today.cancelled"), cancelledTomorrow = t.text("today.cancelled_tomorrow")
        let showAll = request.query["all"] == "1"
        /// One part of the page, drawn by `today-section.html`; a part without meetings is left out. A long
        /// part shows its first meetings (the past part its last), with a link to them all.
        func section(_ id: String, _ heading: String, _ items: [Item], date: String? = nil, past: Bool = false, cancelled: String) -> [TemplateValue] {
            guard !items.isEmpty else { return [] }
            let shown = Self.shown(items, all: showAll, past: past)
            var everything = form.query
            everything.add("all", "1")
            let more: TemplateValue? =
                shown.count < items.count
                ? [
                    "text": .text(t.plural("today.showing", count: items.count, ["shown": String(shown.count)])),
                    "link": .text(t.plural("today.show_all", count: items.count)), "url": .text(everything.url("/today") + "#" + id),
                ] : nil
            return [
                [
                    "id": .text(id), "heading": .text(heading), "date": .optional(date), "past": .bool(past),
                    "zones": .list(Self.byZone(shown, now: now, words: words, cancelled: cancelled)), "more": more ?? .bool(false),
                ]
            ]
        }
        context["upcoming"] = .list(
            section("now-title", t.text("today.now"), happening, cancelled: cancelledToday)
                + section("later-title", t.text("today.later"), later, cancelled: cancelledToday))
        let tomorrowDate = t.text(
            "dates.weekday_date", ["weekday": words.weekday(today.adding(days: 1).weekday), "date": words.date(today.adding(days: 1), withYear: false)])
        context["coming"] = .list(
            section("tomorrow-title", t.text("today.tomorrow"), tomorrow, date: tomorrowDate, cancelled: cancelledTomorrow)
                + section("earlier-title", t.text("today.earlier"), earlier, past: true, cancelled: cancelledToday))
        context["none"] = .bool(items.isEmpty && !placeUnread)
        context["placeQuestion"] = SearchResults.placeQuestion(place, form: form, words: words, path: "/today")
        context["local"] = .text(personZone.map { t.text("today.local_place", ["zone": words.timeZone($0.identifier)]) } ?? t.text("today.local"))
        let held = items.filter { $0.meeting.occurrence.status != .cancelled }.count
        context["status"] = .text(
            placeUnread
                ? t.text("place_search.which_place")
                : items.isEmpty
                    ? t.text("today.status_none")
                    : happening.isEmpty
                        ? t.plural("today.status", count: held) : t.plural("today.status_now", count: held, ["now": String(happening.count)]))
        context["errors"] = .list(errors.map { .text(SearchResults.explain($0, t)) })
        context["searchUrl"] = .text(form.query.url("/search"))
        context["printUrl"] = .text(form.query.url("/print"))
        context["tooMany"] = .bool(page.next != nil)
        context["formatAny"] = .bool(form.format == nil)

        let title = phrase.map { t.text("today.title", ["phrase": $0]) } ?? t.text("today.title_all")
        let shell = PageShell(
            title: title,
            description: t.text("today.description"),
            canonical: form.isEmpty ? "/today" : nil, section: "today",
            scripts: ["/js/search.js", "/js/local-time.js"], noindex: !form.isEmpty)
        return try site.page("today", context, shell: shell, request: request)
    }

    /// The meetings a part shows: all of them when asked, else the first `shownPerSection` (the last,
    /// for the meetings already over).
    static func shown(_ items: [Item], all: Bool, past: Bool) -> [Item] {
        guard !all, items.count > shownPerSection else { return items }
        return past ? Array(items.suffix(shownPerSection)) : Array(items.prefix(shownPerSection))
    }

    /// Every meeting (cancelled ones too) of the day `days` after today, by start time: today in `zone`
    /// when the person's place is known, else each group's own today in its own time zone.
    static func meetings(_ groups: [GroupDetails], now: Date, days: Int, zone: TimeZone? = nil) -> [Item] {
        var items: [Item] = []
        let midnight = LocalTime(hour: 0, minute: 0)!
        for d in groups {
            guard let groupZone = Recurrence.ianaTimeZone(d.group.timeZone) else { continue }
            let clock = ZonedTime(timeZone: zone ?? groupZone)
            let day = clock.localDateAndTime(at: now).date.adding(days: days)
            let from = clock.instant(of: day, at: midnight), to = clock.instant(of: day.adding(days: 1), at: midnight)
            for m in MeetingFinder.meetings(for: d, from: from, to: to) where m.occurrence.start >= from && m.occurrence.start < to {
                items.append(Item(meeting: m, group: d))
            }
        }
        return items.sorted { ($0.meeting.occurrence.start, $0.group.group.name) < ($1.meeting.occurrence.start, $1.group.group.name) }
    }

    /// Meetings in lists by time zone (east to west), each in its own wall-clock order, so that
    /// "10:00 am" in New York and "10:00 am" in Los Angeles are never mixed in one column.
    /// With a single zone there is one list and no zone heading.
    static func byZone(_ items: [Item], now: Date, words: Wording, cancelled: String) -> [TemplateValue] {
        var zones: [String: [Item]] = [:]
        for item in items { zones[words.timeZone(item.group.group.timeZone), default: []].append(item) }
        let offset = { (items: [Item]) in Recurrence.ianaTimeZone(items[0].group.group.timeZone)?.secondsFromGMT(for: now) ?? 0 }
        let ordered = zones.sorted { (offset($0.value), $0.key) > (offset($1.value), $1.key) }
        return ordered.map { zone, list in
            [
                "zoneName": .text(zone), "showZone": .bool(zones.count > 1),
                "meetings": .list(list.map { Self.item($0, now: now, words: words, cancelled: cancelled) }),
            ]
        }
    }

    static func item(_ item: Item, now: Date, words: Wording, cancelled: String) -> TemplateValue {
        let o = item.meeting.occurrence
        let d = item.group
        let end = Recurrence.ianaTimeZone(o.timeZone).map { words.time(ZonedTime(timeZone: $0).localDateAndTime(at: o.end).time) } ?? ""
        var place = GroupCard.place(d, words: words)
        if let l = d.otherPlace(of: item.meeting) {
            place = l.kind == .online ? words.label(l.kind, in: "location_kind") : l.name + (l.city.map { ", \($0)" } ?? "")
        }
        let name = GroupTexts(d, words).name
        return [
            "name": .text(name.text),
            "nameLang": name.lang,
            "url": .text("/groups/\(d.group.slug)"),
            "time": .text(words.time(o.startTime)),
            "end": .text(end),
            "datetime": .text(Words.isoLocal(o.start, zone: o.timeZone)),
            "endDatetime": .text(Words.isoLocal(o.end, zone: o.timeZone)),
            "zone": .text(o.timeZone),
            "zoneName": .text(words.timeZone(o.timeZone)),
            "remote": .bool(d.group.format == .online || d.group.format == .phone),
            "format": .text(words.format(d.group.format)),
            "place": .text(place),
            "cancelled": .bool(o.status == .cancelled),
            "cancelledText": .text(cancelled),
            "moved": .bool(o.status == .moved),
            "note": .optional(o.note),
        ]
    }
}
