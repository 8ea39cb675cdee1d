import Foundation
import GroupViews
import HTTPServer
import Schedules
import Store

/// Turns groups and their schedules into one iCalendar (RFC 5545) document.
///
/// Each schedule is one VEVENT whose UID is `schedule-<id>@<host>`: a weekly or biweekly rule
/// becomes `FREQ=WEEKLY` (biweekly with `INTERVAL=2;WKST=SU`, the fortnight counted from the
/// week of the first meeting, as the recurrence engine counts it), a monthly one `FREQ=MONTHLY`
/// with `BYDAY=1WE` or `-1FR`, a one-time meeting no rule at all. Times are local with a TZID,
/// and each zone used gets its VTIMEZONE. A cancelled meeting is an EXDATE; a moved one is a
/// second VEVENT with the same UID and a RECURRENCE-ID naming the date it was moved from.
/// Online details a group keeps private are never written: feeds are public.
///
/// The words Circles writes itself ("Run by…", the schedule in a sentence, "Join online") are `words`'
/// catalogue's (`calendar.*`, `schedule.*`, `dates.*`): English for the API's calendars and the English
/// pages, Spanish for the calendar a Spanish page links (`/es/calendars/groups/<slug>.ics`). A calendar in
/// another language than English also names and describes the group as that language's pages do
/// (`GroupTexts`: the organization's translation, else the original) and says in which language its
/// SUMMARY and DESCRIPTION are (RFC 5545's `LANGUAGE`); the English calendar keeps the group's original
/// texts and no `LANGUAGE`, as it always has.
struct CalendarFeed {
    /// The calendar's name in calendar programs.
    var name: String
    var description: String = ""
    /// The absolute URL of this calendar (its SOURCE).
    var source: String
    var site: SiteAddress
    /// The words of the calendar's language.
    var words: Wording
    /// Schedules that meet at or after `from` (and before `to`, when given) are included.
    var from: Date
    var to: Date?
    /// Only schedules that can meet on this weekday…
    var weekday: Weekday?
    /// …and start in this part of the day.
    var partOfDay: PartOfDay?
    /// "Now", for what is still to come.
    var now = Date()

    /// One schedule's event, ready to write.
    struct Event {
        var group: GroupDetails
        var schedule: ScheduleRecord
        var recurrence: Recurrence
        var zone: ZonedTime
        var firstDate: LocalDate
        var exceptions: [ScheduleExceptionRecord]
    }

    /// Whether this calendar is in another language than English: the group's texts are chosen for it.
    var localized: Bool { words.catalogue.code != "en" }

    /// The document and the latest change among what it shows.
    func render(_ groups: [GroupDetails]) -> (body: [UInt8], lastModified: Date?) {
        let events = groups.flatMap(self.events)
        var ics = ICalendarWriter()
        ics.begin("VCALENDAR")
        ics.raw("VERSION", "2.0")
        ics.raw("PRODID", "-//Circles//Peer support group directory//EN")
        ics.raw("CALSCALE", "GREGORIAN")
        ics.text("NAME", name)
        ics.text("X-WR-CALNAME", name)
        ics.text("DESCRIPTION", description)
        ics.text("X-WR-CALDESC", description)
        ics.raw("SOURCE", source, [("VALUE", "URI")])
        ics.raw("REFRESH-INTERVAL", "PT1H", [("VALUE", "DURATION")])
        ics.raw("X-PUBLISHED-TTL", "PT1H")
        for (zone, span) in zoneSpans(events).sorted(by: { $0.key < $1.key }) {
            VTimeZone.write(zone, from: span.from, through: span.through, into: &ics)
        }
        for event in events { write(event, into: &ics) }
        ics.end("VCALENDAR")
        let lastModified = groups.compactMap(\.lastModified).max()
        return (ics.bytes, lastModified)
    }

    /// The events of one group's schedules that this calendar includes, in schedule order.
    func events(of group: GroupDetails) -> [Event] {
        group.schedules.compactMap { schedule in
            guard let recurrence = ScheduleMapping.recurrence(schedule),
                let tz = Recurrence.ianaTimeZone(recurrence.timeZone)
            else { return nil }
            if let weekday, !recurrence.meetingWeekdays.contains(weekday) { return nil }
            if let partOfDay, recurrence.partOfDay != partOfDay { return nil }
            let zone = ZonedTime(timeZone: tz)
            guard let first = Self.firstDate(of: recurrence) else { return nil }
            let records = group.exceptions.filter { $0.scheduleId == schedule.id }
            if let to {
                let exceptions = records.compactMap(ScheduleMapping.exception)
                guard !recurrence.occurrences(from: from, to: to, exceptions: exceptions, includeCancelled: true).isEmpty else { return nil }
            } else {
                // Open-ended: whatever has not ended before `from`.
                let fromDate = zone.localDateAndTime(at: from).date.adding(days: -1)
                let last = recurrence.frequency == .once ? recurrence.startsOn : recurrence.endsOn
                let movedLater = records.contains { $0.movedToDate.flatMap(LocalDate.init).map { $0 >= fromDate } ?? false }
                if let last, last < fromDate, !movedLater { return nil }
            }
            return Event(group: group, schedule: schedule, recurrence: recurrence, zone: zone, firstDate: first, exceptions: records)
        }
    }

    /// The first date on which the rule meets (it may start on a day it does not meet on).
    static func firstDate(of recurrence: Recurrence) -> LocalDate? {
        var date = recurrence.startsOn
        let limit = recurrence.endsOn ?? recurrence.startsOn.adding(days: 800)
        while date <= limit && date <= recurrence.startsOn.adding(days: 800) {
            if recurrence.meets(on: date) { return date }
            date = date.adding(days: 1)
        }
        return nil
    }

    /// The RRULE of a repeating schedule; nil for a one-time meeting.
    static func rrule(_ r: Recurrence, zone: ZonedTime) -> String? {
        let days = r.weekdays.sorted().map(\.icalCode).joined(separator: ",")
        var rule: String
        switch r.frequency {
        case .once: return nil
        case .weekly: rule = "FREQ=WEEKLY;BYDAY=\(days)"
        case .biweekly: rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=\(days);WKST=SU"
        case .monthly: rule = "FREQ=MONTHLY;BYDAY=\(r.weekOfMonth ?? 1)\(days)"
        }
        if let endsOn = r.endsOn {
            // The end of the last day, so that a meeting on `endsOn` is in, whatever its time.
            let endOfDay = zone.instant(of: endsOn.adding(days: 1), at: LocalTime(hour: 0, minute: 0)!).addingTimeInterval(-1)
            rule += ";UNTIL=" + ICalendarWriter.utc(endOfDay)
        }
        return rule
    }

    /// For each zone, the dates its VTIMEZONE must cover.
    func zoneSpans(_ events: [Event]) -> [String: (from: LocalDate, through: LocalDate)] {
        var spans: [String: (from: LocalDate, through: LocalDate)] = [:]
        for event in events {
            let today = event.zone.localDateAndTime(at: now).date
            var through = max(today.adding(days: 366), to.map { event.zone.localDateAndTime(at: $0).date } ?? today)
            if let ends = event.recurrence.endsOn { through = max(through, min(ends, today.adding(days: 3660))) }
            for moved in event.exceptions.compactMap({ $0.movedToDate.flatMap(LocalDate.init) }) { through = max(through, moved) }
            let id = event.recurrence.timeZone
            let current = spans[id] ?? (event.firstDate, through)
            spans[id] = (min(current.from, event.firstDate), max(current.through, through))
        }
        return spans
    }

    // MARK: writing

    func write(_ e: Event, into ics: inout ICalendarWriter) {
        let r = e.recurrence
        let tzid = [("TZID", r.timeZone)]
        let uid = "schedule-\(e.schedule.id!)@\(site.host)"
        let stamp = Self.stamp(e)
        let status = e.group.group.status == .active ? "CONFIRMED" : "CANCELLED"
        let changes = Dictionary(
            e.exceptions.compactMap { record in ScheduleMapping.exception(record).map { ($0.occurrenceDate, ($0, record)) } },
            uniquingKeysWith: { first, _ in first })

        // A one-time meeting carries its own exception: cancelled, or at its new time.
        var first = r.occurrence(on: e.firstDate, change: nil, zone: e.zone)
        var onceStatus = status
        var onceNote = ""
        var oncePlace = e.group.place(e.schedule.locationId)
        if r.frequency == .once, let (change, record) = changes[e.firstDate] {
            first = r.occurrence(on: e.firstDate, change: change, zone: e.zone)
            onceNote = change.note
            if change.kind == .cancelled { onceStatus = "CANCELLED" }
            if let moved = record.movedLocationId { oncePlace = e.group.place(moved) }
        }

        ics.begin("VEVENT")
        ics.raw("UID", uid)
        ics.raw("DTSTAMP", stamp)
        if r.frequency == .once {
            ics.raw("DTSTART", ICalendarWriter.localDateTime(first.date, first.startTime), tzid)
        } else {
            ics.raw("DTSTART", ICalendarWriter.localDateTime(e.firstDate, r.startTime), tzid)
        }
        let end = e.zone.localDateAndTime(at: first.end)
        ics.raw("DTEND", ICalendarWriter.localDateTime(end.date, end.time), tzid)
        if let rule = Self.rrule(r, zone: e.zone) {
            ics.raw("RRULE", rule)
            for (date, (change, _)) in changes.sorted(by: { $0.key < $1.key }) where change.kind == .cancelled && r.meets(on: date) {
                ics.raw("EXDATE", ICalendarWriter.localDateTime(date, r.startTime), tzid)
            }
        }
        writeDetails(e, place: oncePlace, note: onceNote, into: &ics)
        ics.raw("STATUS", r.frequency == .once ? onceStatus : status)
        ics.raw("SEQUENCE", String(e.group.group.version))
        ics.raw("LAST-MODIFIED", stamp)
        ics.raw("CLASS", "PUBLIC")
        ics.end("VEVENT")

        // Each moved meeting of a repeating schedule: the same UID, named by its original date.
        guard r.frequency != .once else { return }
        for (date, (change, record)) in changes.sorted(by: { $0.key < $1.key }) where change.kind == .moved && r.meets(on: date) {
            let moved = r.occurrence(on: date, change: change, zone: e.zone)
            let movedEnd = e.zone.localDateAndTime(at: moved.end)
            ics.begin("VEVENT")
            ics.raw("UID", uid)
            ics.raw("DTSTAMP", stamp)
            ics.raw("RECURRENCE-ID", ICalendarWriter.localDateTime(date, r.startTime), tzid)
            ics.raw("DTSTART", ICalendarWriter.localDateTime(moved.date, moved.startTime), tzid)
            ics.raw("DTEND", ICalendarWriter.localDateTime(movedEnd.date, movedEnd.time), tzid)
            let note = movedFrom(date, r.startTime) + (change.note.isEmpty ? "" : " " + change.note)
            writeDetails(e, place: e.group.place(record.movedLocationId ?? e.schedule.locationId), note: note, into: &ics)
            ics.raw("STATUS", status)
            ics.raw("SEQUENCE", String(e.group.group.version))
            ics.raw("LAST-MODIFIED", stamp)
            ics.raw("CLASS", "PUBLIC")
            ics.end("VEVENT")
        }
    }

    /// "Moved from Saturday, March 14, 2026 at 6:30 pm."
    func movedFrom(_ date: LocalDate, _ time: LocalTime) -> String {
        let t = words.catalogue
        let day = t.text("dates.weekday_date", ["weekday": words.weekday(date.weekday), "date": words.date(date, withYear: true)])
        let at = t.plural("schedule.at", count: time.hour % 12 == 0 ? 12 : time.hour % 12, ["time": words.time(time)])
        return t.text("calendar.moved_from", ["date": day, "at": at])
    }

    /// The group's name and summary in the calendar's language: the original texts in English.
    func texts(_ d: GroupDetails) -> (name: GroupTexts.Text, summary: GroupTexts.Text) {
        guard localized else { return (GroupTexts.Text(text: d.group.name, language: nil), GroupTexts.Text(text: d.group.summary, language: nil)) }
        let texts = GroupTexts(d, words)
        return (texts.name, texts.summary)
    }

    /// `LANGUAGE=<code>` for a text of a calendar in another language than English (none in English).
    func language(_ code: String? = nil) -> [(String, String)] {
        localized ? [("LANGUAGE", code ?? words.catalogue.code)] : []
    }

    /// SUMMARY, DESCRIPTION, LOCATION, GEO and URL of one event.
    func writeDetails(_ e: Event, place: LocationRecord?, note: String, into ics: inout ICalendarWriter) {
        let g = e.group.group
        let t = words.catalogue
        let page = site.absolute(localized ? "/\(t.code)/groups/\(PercentDecoding.encode(g.slug))" : "/groups/\(PercentDecoding.encode(g.slug))")
        let showOnline = !g.onlineDetailsPrivate
        let online = g.format.meetsRemotely
        let (name, summary) = texts(e.group)
        var lines: [String] = []
        if !note.isEmpty { lines.append(note) }
        if g.status != .active { lines.append(t.text("calendar.not_meeting")) }
        if !summary.text.isEmpty { lines.append(summary.text) }
        lines.append(t.text("calendar.schedule", ["schedule": words.schedule(e.recurrence), "zone": e.recurrence.timeZone]))
        if !e.schedule.notes.isEmpty { lines.append(e.schedule.notes) }
        if online {
            if showOnline {
                if let url = g.onlineUrl { lines.append(t.text("calendar.join_online", ["url": url])) }
                if let dialIn = g.dialIn { lines.append(t.text("calendar.join_phone", ["number": dialIn])) }
            } else {
                lines.append(t.text("calendar.online_on_request", ["url": page]))
            }
        }
        if let place, g.format != .online, g.format != .phone {
            if !place.directions.isEmpty { lines.append(t.text("calendar.finding_it", ["directions": place.directions])) }
            if !place.accessibilityNotes.isEmpty { lines.append(t.text("calendar.access", ["notes": place.accessibilityNotes])) }
        }
        if g.joinMode == .registration { lines.append(t.text("calendar.register")) }
        lines.append(t.text("calendar.run_by", ["organization": e.group.organization.name]))
        lines.append(t.text("calendar.more", ["url": page]))

        // The name is in the language of the text chosen; the description in the calendar's (its sentences are ours).
        ics.text("SUMMARY", name.text, language(name.language))
        ics.text("DESCRIPTION", lines.joined(separator: "\n"), language())
        if let place, g.format != .online, g.format != .phone {
            ics.text("LOCATION", place.oneLine)
            if let lat = place.latitude, let lng = place.longitude {
                ics.raw("GEO", String(format: "%.6f;%.6f", lat, lng))
            }
        } else if online {
            ics.text("LOCATION", t.text(g.format == .phone ? "calendar.by_phone" : "calendar.online"), language())
        }
        if online, showOnline, let url = g.onlineUrl {
            ics.raw("URL", url)
            ics.raw("CONFERENCE", url, [("VALUE", "URI"), ("FEATURE", "VIDEO"), ("LABEL", t.text("calendar.join_label"))])
        } else {
            ics.raw("URL", page)
        }
    }

    /// DTSTAMP and LAST-MODIFIED: the latest change of the group or the schedule, in UTC.
    static func stamp(_ e: Event) -> String {
        let dates = [e.group.group.updatedAt.date, e.schedule.updatedAt.date]
        return ICalendarWriter.utc(dates.max() ?? Date(timeIntervalSince1970: 0))
    }
}
