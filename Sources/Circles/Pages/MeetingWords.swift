import Foundation
import GroupViews
import Schedules
import Store

/// A group's coming (or ongoing) meeting as every surface shows it — group page top, search and city
/// cards, today, print, the widget, the referral form: when in words, whether it is happening now and,
/// for a changed meeting, the "Changed" mark, where it now is, what it replaces and the coordinator's
/// note, all beside the time, so that no one goes to a place that is closed that day. In the words of
/// the page's language (`words`).
struct MeetingWords {
    /// "Today, 6:30 pm", "Tuesday 6:30 pm", "Tuesday, March 14, 6:30 pm", on the group's clock.
    var when: String
    /// The meeting's IANA time zone and its name in words ("Mountain time").
    var zone: String
    var zoneName: String
    /// The start, ISO 8601 with the group's offset.
    var datetime: String
    var remote: Bool
    var happeningNow: Bool
    /// Moved to another date, time or place.
    var changed: Bool
    /// Where this meeting is when it is not the group's usual place: "Colfax Center, 1500 E Colfax Ave, Denver, CO".
    var place: String?
    /// What a moved meeting replaces, when its date or time changed: "Tuesday, December 8 at 6:30 pm".
    var instead: String?
    /// The coordinator's note about the change.
    var note: String?
    /// The note's language when it is not the page's (the group's own language: `GroupTexts.othersLanguage`).
    var noteLanguage: String?
    /// "Mountain" in English, where a card says "Tuesday 6:30 pm Mountain"; the whole name in languages that need it.
    var zoneShort: String
    /// An online or phone meeting's time on the clock of the place the person searched from, when that
    /// is another zone: "11:00 am Mountain" (with the weekday when the day differs there). The browser
    /// adds "your time" (local-time.js); this says it without JavaScript.
    var placeTime: String?
    var placeZone: String?
    let catalogue: Catalogue

    init(_ m: FoundMeeting, group d: GroupDetails, now: Date, words: Wording, placeZone viewer: TimeZone? = nil) {
        let o = m.occurrence
        catalogue = words.catalogue
        // A time never breaks between the number and "pm" on a narrow screen.
        when = words.unbroken(words.when(o, now: now))
        zone = o.timeZone
        zoneName = words.timeZone(o.timeZone)
        zoneShort = words.timeZoneShort(o.timeZone)
        datetime = Words.isoLocal(o.start, zone: o.timeZone)
        remote = d.group.format == .online || d.group.format == .phone
        happeningNow = m.isHappening(at: now)
        changed = m.isChanged
        place = d.otherPlace(of: m).map { $0.kind == .online || $0.kind == .phone ? words.label($0.kind, in: "location_kind") : $0.oneLine }
        if m.isChanged, o.originalStart != o.start, let zone = Recurrence.ianaTimeZone(o.timeZone) {
            let clock = ZonedTime(timeZone: zone)
            let today = clock.localDateAndTime(at: now).date
            let original = clock.localDateAndTime(at: o.originalStart)
            instead = words.catalogue.text("group.was", ["date": words.weekdayDate(o.originalDate, today: today), "time": words.time(original.time)])
        }
        note = o.note.isEmpty ? nil : o.note
        noteLanguage = note == nil ? nil : GroupTexts.othersLanguage(of: d.group, language: words.catalogue.code)
        if remote, let viewer, viewer.identifier != o.timeZone, let own = Recurrence.ianaTimeZone(o.timeZone),
            viewer.secondsFromGMT(for: o.start) != own.secondsFromGMT(for: o.start)
        {
            let there = ZonedTime(timeZone: viewer).localDateAndTime(at: o.start)
            let sameDay = there.date == ZonedTime(timeZone: own).localDateAndTime(at: o.start).date
            let time = (sameDay ? "" : words.weekday(there.date.weekday) + " ") + words.time(there.time)
            placeTime = words.unbroken(time) + " " + words.timeZoneShort(viewer.identifier)
            placeZone = viewer.identifier
        }
    }

    /// The words for `meeting-words.html` (and the keys the cards and the group page use around it).
    /// Every key is always present, so that a missing one never finds a namesake in an outer scope.
    var context: TemplateValue {
        [
            "words": .text(when),
            "datetime": .text(datetime),
            "zone": .text(zone),
            "zoneName": .text(zoneName),
            "zoneShort": .text(zoneShort),
            "remote": .bool(remote),
            "happeningNow": .bool(happeningNow),
            "changed": .bool(changed),
            "at": .optional(place),
            "instead": .optional(instead),
            "note": .optional(note),
            "noteLang": .optional(noteLanguage),
            "placeTime": .optional(placeTime),
            "placeZone": .optional(placeZone),
        ]
    }

    /// One line of plain text, for the widget and the scripts: "Changed: at Colfax Center, …, instead of …. The clinic is closed."
    var change: String? {
        guard changed else { return nil }
        var parts: [String] = []
        if let place { parts.append(catalogue.text("meeting.change_at", ["place": place])) }
        if let instead { parts.append(catalogue.text("meeting.change_instead", ["instead": instead])) }
        var text = parts.isEmpty ? catalogue.text("meeting.changed_alone") : catalogue.text("meeting.changed_line", ["parts": parts.joined(separator: ", ")])
        if let note { text += " " + note }
        return text
    }
}
