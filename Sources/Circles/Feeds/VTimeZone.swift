import Foundation
import Schedules

/// Writes the VTIMEZONE component of an IANA zone, read from Foundation's own zone data, so that
/// a calendar program needs no time zone database of its own to place the events.
///
/// The zone's transitions over the years that matter are found with
/// `TimeZone.nextDaylightSavingTimeTransition(after:)`. Yearly transitions that follow one rule
/// (the same month, weekday and local time, on the nth or last such weekday, with the same offsets)
/// become one STANDARD or DAYLIGHT sub-component with a yearly RRULE — open-ended for the rule in
/// force at the end of the span, with an UNTIL for an older rule that was replaced (as the United
/// States' in 2007). A transition that follows no rule gets a sub-component of its own. A zone
/// without transitions gets one STANDARD sub-component with its fixed offset.
enum VTimeZone {
    /// One change of a zone's offset.
    struct Transition: Equatable {
        /// The instant of the change.
        var instant: Date
        /// The wall-clock date and time at which it happens, read with the offset before it.
        var localDate: LocalDate
        var localTime: LocalTime
        var offsetFrom: Int
        var offsetTo: Int
        var isDaylight: Bool
        var name: String
    }

    /// The BYDAY of a yearly rule: the nth (1…4) or last (-1) weekday of a month.
    struct YearlyRule: Equatable {
        var month: Int
        var week: Int
        var weekday: Weekday
        var time: LocalTime
        var offsetFrom: Int
        var offsetTo: Int
        var isDaylight: Bool
        var name: String

        var rrule: String { "FREQ=YEARLY;BYMONTH=\(month);BYDAY=\(week)\(weekday.icalCode)" }
    }

    /// Writes the VTIMEZONE of `identifier`, covering the years of `from` through `through`.
    static func write(_ identifier: String, from: LocalDate, through: LocalDate, into ics: inout ICalendarWriter) {
        guard let zone = Recurrence.ianaTimeZone(identifier) else { return }
        let startYear = max(1971, from.year - 1)
        let endYear = min(9998, max(through.year, startYear) + 1)
        let transitions = self.transitions(zone, from: startYear, through: endYear)
        ics.begin("VTIMEZONE")
        ics.raw("TZID", identifier)
        if transitions.isEmpty {
            let start = Date(timeIntervalSince1970: Double(LocalDate(year: startYear, month: 1, day: 1)!.daysSince1970) * 86_400)
            let offset = zone.secondsFromGMT(for: start)
            ics.begin("STANDARD")
            ics.raw("DTSTART", "19700101T000000")
            ics.raw("TZOFFSETFROM", ICalendarWriter.offset(offset))
            ics.raw("TZOFFSETTO", ICalendarWriter.offset(offset))
            ics.text("TZNAME", name(of: zone, daylight: false))
            ics.end("STANDARD")
        } else {
            for observance in observances(transitions, endYear: endYear) {
                let first = observance.transitions[0]
                let component = first.isDaylight ? "DAYLIGHT" : "STANDARD"
                ics.begin(component)
                ics.raw("DTSTART", ICalendarWriter.localDateTime(first.localDate, first.localTime))
                if let rule = observance.rule {
                    var rrule = rule.rrule
                    if !observance.openEnded, let last = observance.transitions.last {
                        rrule += ";UNTIL=" + ICalendarWriter.utc(last.instant)
                    }
                    ics.raw("RRULE", rrule)
                }
                ics.raw("TZOFFSETFROM", ICalendarWriter.offset(first.offsetFrom))
                ics.raw("TZOFFSETTO", ICalendarWriter.offset(first.offsetTo))
                ics.text("TZNAME", first.name)
                ics.end(component)
            }
        }
        ics.end("VTIMEZONE")
    }

    /// Every change of offset (or of daylight saving) from the start of `from` to the end of `through`.
    static func transitions(_ zone: TimeZone, from: Int, through: Int) -> [Transition] {
        let start = Date(timeIntervalSince1970: Double(LocalDate(year: from, month: 1, day: 1)!.daysSince1970) * 86_400)
        let end = Date(timeIntervalSince1970: Double(LocalDate(year: through + 1, month: 1, day: 1)!.daysSince1970) * 86_400)
        var found: [Transition] = []
        var cursor = start
        while found.count < 1_000, let instant = zone.nextDaylightSavingTimeTransition(after: cursor), instant < end, instant > cursor {
            cursor = instant
            let before = zone.secondsFromGMT(for: instant.addingTimeInterval(-1))
            let after = zone.secondsFromGMT(for: instant)
            let daylight = zone.isDaylightSavingTime(for: instant)
            if before == after && daylight == zone.isDaylightSavingTime(for: instant.addingTimeInterval(-1)) { continue }
            let local = ZonedTime.wallClock(instant, offset: before)
            found.append(
                Transition(
                    instant: instant, localDate: local.date, localTime: local.time, offsetFrom: before,
                    offsetTo: after, isDaylight: daylight, name: name(of: zone, daylight: daylight)))
        }
        return found
    }

    /// A run of transitions that one sub-component describes.
    struct Observance {
        var transitions: [Transition]
        var rule: YearlyRule?
        /// The rule is still in force at the end of the span: no UNTIL.
        var openEnded: Bool
    }

    /// Groups transitions into runs of consecutive years that follow one rule, separately for
    /// the changes to daylight time and the changes to standard time.
    static func observances(_ transitions: [Transition], endYear: Int) -> [Observance] {
        var result: [Observance] = []
        for daylight in [false, true] {
            var run: [Transition] = []
            // The rules every transition of the run fits.
            var shared: [YearlyRule] = []
            func close() {
                guard !run.isEmpty else { return }
                // Where both fit every year (say the 25th of a 31-day month), "last" is the likelier rule.
                if run.count >= 2, let rule = shared.first(where: { $0.week == -1 }) ?? shared.first {
                    // A rule followed up to the end of the span is taken to go on.
                    let openEnded = run.last!.localDate.year >= endYear - 1
                    result.append(Observance(transitions: run, rule: rule, openEnded: openEnded))
                } else {
                    for single in run { result.append(Observance(transitions: [single], rule: nil, openEnded: false)) }
                }
                run = []
                shared = []
            }
            for transition in transitions where transition.isDaylight == daylight {
                let candidates = rules(for: transition)
                if let previous = run.last, previous.localDate.year + 1 == transition.localDate.year {
                    let both = shared.filter { candidates.contains($0) }
                    if !both.isEmpty {
                        run.append(transition)
                        shared = both
                        continue
                    }
                }
                close()
                run = [transition]
                shared = candidates
            }
            close()
        }
        return result.sorted { $0.transitions[0].instant < $1.transitions[0].instant }
    }

    /// The yearly rules a transition fits: the nth weekday of its month, the last one, or both.
    static func rules(for t: Transition) -> [YearlyRule] {
        let date = t.localDate
        let length = LocalDate.daysInMonth(year: date.year, month: date.month)
        var weeks: [Int] = []
        let nth = (date.day - 1) / 7 + 1
        if nth <= 4 { weeks.append(nth) }
        if date.day + 7 > length { weeks.append(-1) }
        return weeks.map {
            YearlyRule(
                month: date.month, week: $0, weekday: date.weekday, time: t.localTime,
                offsetFrom: t.offsetFrom, offsetTo: t.offsetTo, isDaylight: t.isDaylight, name: t.name)
        }
    }

    /// "MST", "MDT", "GMT"…; the English short name, as TZNAME is only a label.
    static func name(of zone: TimeZone, daylight: Bool) -> String {
        if zone.identifier == "UTC" { return "UTC" }
        return zone.localizedName(for: daylight ? .shortDaylightSaving : .shortStandard, locale: Locale(identifier: "en_US")) ?? ""
    }
}

extension ZonedTime {
    /// The wall-clock date and time (to the minute) at `instant` with a fixed UTC offset.
    static func wallClock(_ instant: Date, offset: Int) -> (date: LocalDate, time: LocalTime) {
        let wall = Int(instant.timeIntervalSince1970.rounded(.down)) + offset
        let days = wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400
        let minutes = (wall - days * 86_400) / 60
        return (LocalDate(daysSince1970: days), LocalTime(hour: minutes / 60, minute: minutes % 60)!)
    }
}
