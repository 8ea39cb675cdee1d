import Foundation
import Schedules

/// Dates, times, schedules and lists in a catalogue's words: "Tuesday, December 8, 6:30 pm" in English,
/// "martes 8 de diciembre, 6:30 p. m." in Spanish, "El primer jueves de cada mes a las 6:30 p. m.". The
/// order of the parts is the catalogue's (`dates.*`, `schedule.*`, `list.*`), so a language with another
/// order needs no code.
struct Wording: Sendable {
    let catalogue: Catalogue

    init(_ catalogue: Catalogue) { self.catalogue = catalogue }

    static let monthKeys = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ]

    func weekday(_ day: Weekday) -> String { catalogue.text("dates.weekday." + day.name) }

    /// The weekday as in "every Tuesday": `sábados` in Spanish.
    func weekdays(_ day: Weekday) -> String { catalogue.text("dates.weekdays." + day.name) }

    func month(_ number: Int) -> String { catalogue.text("dates.month." + Self.monthKeys[max(0, min(11, number - 1))]) }

    /// "6:30 pm", "6:30 p. m.".
    func time(_ t: LocalTime) -> String {
        let hour12 = t.hour % 12 == 0 ? 12 : t.hour % 12
        return catalogue.text(
            "dates.time", ["hour": String(hour12), "minute": LocalDate.pad(t.minute, 2), "period": catalogue.text(t.hour < 12 ? "dates.am" : "dates.pm")])
    }

    /// `text` with its times held together: the space before "pm" (or "p. m.") and those inside it are
    /// no-break spaces, so a narrow screen breaks a line between words, never inside a time.
    func unbroken(_ text: String) -> String {
        ["dates.am", "dates.pm"].reduce(text) { text, key in
            let period = catalogue.text(key)
            return text.replacingLiterally(" " + period, with: "\u{00A0}" + period.replacingLiterally(" ", with: "\u{00A0}"))
        }
    }

    /// "December 8" / "8 de diciembre", with the year when asked ("December 8, 2027").
    func date(_ d: LocalDate, withYear: Bool) -> String {
        catalogue.text(withYear ? "dates.day_month_year" : "dates.day_month", ["month": month(d.month), "day": String(d.day), "year": String(d.year)])
    }

    /// The date with the year only when it is not `today`'s.
    func shortDate(_ d: LocalDate, today: LocalDate) -> String { date(d, withYear: d.year != today.year) }

    /// "Tuesday, December 8" / "martes 8 de diciembre".
    func weekdayDate(_ d: LocalDate, today: LocalDate) -> String {
        catalogue.text("dates.weekday_date", ["weekday": weekday(d.weekday), "date": shortDate(d, today: today)])
    }

    /// "Tuesday, December 8, 6:30 pm" / "martes 8 de diciembre, 6:30 p. m.".
    func full(_ d: LocalDate, _ t: LocalTime, today: LocalDate) -> String {
        catalogue.text("dates.full", ["weekday": weekday(d.weekday), "date": shortDate(d, today: today), "time": time(t)])
    }

    /// "A", "A and B", "A, B and C" in the catalogue's words.
    func list(_ items: [String], pair: String = "list.pair", many: String = "list.many") -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        case 2: return catalogue.text(pair, ["first": items[0], "second": items[1]])
        default:
            return catalogue.text(many, ["rest": items.dropLast().joined(separator: catalogue.text("list.separator")), "last": items[items.count - 1]])
        }
    }

    /// `list(items)` in pieces, each item with the words that follow it (", ", " and ", "" after the last), so
    /// that a page can put each item in an element of its own (`lang="en"` on English words of a Spanish page)
    /// and keep the catalogue's conjunction outside it.
    func listPieces(_ items: [String]) -> [(text: String, after: String)] {
        // Each item stands in as a private-use character, found again in the list the catalogue makes.
        let marks = items.indices.map { Character(UnicodeScalar(0xE000 + $0)!) }
        let joined = list(marks.map { String($0) })
        return items.indices.map { i in
            guard let start = joined.firstIndex(of: marks[i]) else { return (items[i], "") }
            let rest = joined[joined.index(after: start)...]
            let end = i + 1 < marks.count ? rest.firstIndex(of: marks[i + 1]) ?? rest.endIndex : rest.endIndex
            return (items[i], String(rest[..<end]))
        }
    }

    /// The schedule in a sentence: "Every Tuesday at 7:00 pm", "Todos los martes a las 7:00 p. m.",
    /// "El primer jueves de cada mes a las 6:30 p. m."; an end date adds ", until June 30, 2026".
    func schedule(_ r: Recurrence) -> String {
        let at = catalogue.plural("schedule.at", count: r.startTime.hour % 12 == 0 ? 12 : r.startTime.hour % 12, ["time": time(r.startTime)])
        // Monday first, so that weekends read "Saturday and Sunday".
        let days = Set(r.weekdays).sorted { ($0.rawValue + 6) % 7 < ($1.rawValue + 6) % 7 }
        // "Every Tuesday" but "todos los martes": each language's word for a day that repeats.
        let plural = list(days.map { catalogue.text("schedule.day." + $0.name) }, pair: "schedule.days.pair", many: "schedule.days.many")
        let singular = list(days.map(weekday), pair: "schedule.days.pair", many: "schedule.days.many")
        let sentence: String
        switch r.frequency {
        case .once:
            let date = catalogue.text("dates.weekday_date", ["weekday": weekday(r.startsOn.weekday), "date": self.date(r.startsOn, withYear: true)])
            return catalogue.text("schedule.once", ["date": date, "at": at])
        case .weekly:
            sentence = days.count == 7 ? catalogue.text("schedule.every_day", ["at": at]) : catalogue.text("schedule.weekly", ["days": plural, "at": at])
        case .biweekly:
            sentence = catalogue.text("schedule.biweekly", ["days": plural, "at": at])
        case .monthly:
            let ordinals = [-1: "last", 1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"]
            let ordinal = catalogue.text("schedule.ordinal." + (r.weekOfMonth.flatMap { ordinals[$0] } ?? "chosen"))
            sentence = catalogue.text("schedule.monthly", ["ordinal": ordinal, "days": singular, "at": at])
        }
        guard let ends = r.endsOn else { return sentence }
        return catalogue.text("schedule.until", ["schedule": sentence, "date": date(ends, withYear: true)])
    }

    /// When a meeting is, on the group's clock: "Today, 6:30 pm", "Tomorrow, 6:30 pm", "Tuesday 6:30 pm"
    /// within the week, "Tuesday, March 14, 6:30 pm" after that.
    func when(_ o: Occurrence, now: Date) -> String {
        guard let zone = Recurrence.ianaTimeZone(o.timeZone) else {
            return catalogue.text("dates.weekday_time", ["weekday": weekday(o.date.weekday), "time": time(o.startTime)])
        }
        let today = ZonedTime(timeZone: zone).localDateAndTime(at: now).date
        switch today.days(to: o.date) {
        case 0: return catalogue.text("dates.today", ["time": time(o.startTime)])
        case 1: return catalogue.text("dates.tomorrow", ["time": time(o.startTime)])
        case 2...6: return catalogue.text("dates.weekday_time", ["weekday": weekday(o.date.weekday), "time": time(o.startTime)])
        default: return full(o.date, o.startTime, today: today)
        }
    }
}
