import Foundation
import Synchronization

/// When a group meets: a repeating (or one-time) rule read in the group's own IANA time zone.
///
/// `startsOn` is the first possible date and, for `.biweekly`, anchors the fortnight: weeks are
/// counted from the Sunday-start week containing it. `endsOn` is the last possible date, inclusive.
/// `weekOfMonth` (monthly only) is 1…5 or -1 for the last; a month without a 5th such weekday is skipped.
public struct Recurrence: Hashable, Sendable, Codable {
    public var frequency: Frequency
    /// One or more for weekly and biweekly, exactly one for monthly, none for once.
    public var weekdays: [Weekday]
    public var weekOfMonth: Int?
    /// The local wall-clock start time.
    public var startTime: LocalTime
    public var durationMinutes: Int
    /// An IANA time zone identifier such as "America/New_York".
    public var timeZone: String
    public var startsOn: LocalDate
    public var endsOn: LocalDate?

    public init(
        frequency: Frequency, weekdays: [Weekday] = [], weekOfMonth: Int? = nil, startTime: LocalTime,
        durationMinutes: Int, timeZone: String, startsOn: LocalDate, endsOn: LocalDate? = nil
    ) {
        self.frequency = frequency
        self.weekdays = weekdays
        self.weekOfMonth = weekOfMonth
        self.startTime = startTime
        self.durationMinutes = durationMinutes
        self.timeZone = timeZone
        self.startsOn = startsOn
        self.endsOn = endsOn
    }

    /// Every problem with this recurrence, by snake_case API field; empty when it is valid.
    /// An invalid recurrence has no occurrences.
    public func validate() -> [(field: String, message: String)] {
        var errors: [(field: String, message: String)] = []
        if Set(weekdays).count != weekdays.count {
            errors.append(("weekdays", "must not list a weekday twice"))
        }
        switch frequency {
        case .weekly, .biweekly:
            if weekdays.isEmpty { errors.append(("weekdays", "must list at least one weekday")) }
        case .monthly:
            if weekdays.count != 1 { errors.append(("weekdays", "must be exactly one weekday for a monthly schedule")) }
        case .once:
            if !weekdays.isEmpty { errors.append(("weekdays", "must be empty for a one-time meeting, which is on starts_on")) }
        }
        if frequency == .monthly {
            if let week = weekOfMonth {
                if !Self.weeksOfMonth.contains(week) { errors.append(("week_of_month", "must be 1 to 5, or -1 for the last")) }
            } else {
                errors.append(("week_of_month", "is required for a monthly schedule: 1 to 5, or -1 for the last"))
            }
        } else if weekOfMonth != nil {
            errors.append(("week_of_month", "only applies to monthly schedules"))
        }
        if !(1...1440).contains(durationMinutes) {
            errors.append(("duration_minutes", "must be between 1 and 1440"))
        }
        if Self.ianaTimeZone(timeZone) == nil {
            errors.append(("time_zone", "must be an IANA time zone such as \"America/New_York\""))
        }
        if let endsOn, endsOn < startsOn {
            errors.append(("ends_on", "must not be before starts_on"))
        }
        if startsOn >= LocalDate.firstUnscheduled {
            errors.append(("starts_on", LocalDate.unscheduledMessage))
        }
        return errors
    }

    /// The zone named by an IANA identifier ("Europe/London", or "UTC"), or nil — also for
    /// abbreviations and offsets such as "EST" or "GMT+5" that Foundation would accept.
    ///
    /// Every schedule read checks its zone (a search page checks about 40), and Foundation's lookup and
    /// the character checks were a sixth of an uncached search's CPU: answers are remembered by name.
    public static func ianaTimeZone(_ identifier: String) -> TimeZone? {
        if let zone = listedZones[identifier] { return zone }
        if let known = otherZones.withLock({ $0[identifier] }) { return known }
        let zone = lookUpIANATimeZone(identifier)
        otherZones.withLock { zones in
            // Bounded: only names a caller typed can be new, and they are few; refusals are not kept.
            if zone != nil, zones.count < 1_000 { zones[identifier] = zone }
        }
        return zone
    }

    /// Every zone Foundation lists, looked up once and then only read, so that the worker threads share
    /// it without a lock. With one `Mutex` around all names, 64 connections on 16 threads spent 39 % of
    /// an uncached search's CPU spinning for it (perf, 2026-12-06).
    private static let listedZones: [String: TimeZone] = Dictionary(
        (TimeZone.knownTimeZoneIdentifiers + ["UTC"]).compactMap { id in lookUpIANATimeZone(id).map { (id, $0) } },
        uniquingKeysWith: { first, _ in first })

    /// Names Foundation accepts without listing them (older links), remembered as they come.
    private static let otherZones = Mutex<[String: TimeZone]>([:])

    private static func lookUpIANATimeZone(_ identifier: String) -> TimeZone? {
        if identifier == "UTC" { return TimeZone(identifier: "UTC") }
        guard identifier.contains("/"), !identifier.hasPrefix("/"), !identifier.hasSuffix("/"),
            identifier.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || "0123456789_-+/".unicodeScalars.contains($0)) }),
            let zone = TimeZone(identifier: identifier), zone.identifier == identifier
        else { return nil }
        return zone
    }

    /// The weekdays this schedule can fall on; for a one-time meeting, the weekday of its date.
    public var meetingWeekdays: Set<Weekday> {
        frequency == .once ? [startsOn.weekday] : Set(weekdays)
    }

    /// The part of the day of the regular start time.
    public var partOfDay: PartOfDay { PartOfDay(startTime) }

    /// The part of the day of a local start time (morning < 12:00, afternoon 12:00–16:59, evening ≥ 17:00).
    public static func partOfDay(of time: LocalTime) -> PartOfDay { PartOfDay(time) }

    /// Whether the rule puts a meeting on this local date (before any exception).
    public func meets(on date: LocalDate) -> Bool {
        guard date >= startsOn, date <= lastPossibleDate ?? date else { return false }
        switch frequency {
        case .once:
            return date == startsOn
        case .weekly:
            return weekdays.contains(date.weekday)
        case .biweekly:
            return weekdays.contains(date.weekday) && isOnWeek(date)
        case .monthly:
            guard weekdays.count == 1, let week = weekOfMonth else { return false }
            return Self.date(week: week, weekday: weekdays[0], year: date.year, month: date.month) == date
        }
    }

    static let weeksOfMonth: Set<Int> = [-1, 1, 2, 3, 4, 5]

    /// The last date the rule can meet on: `startsOn` for once, else `endsOn`.
    public var lastPossibleDate: LocalDate? { frequency == .once ? startsOn : endsOn }

    /// For biweekly: whether `date` lies in a meeting week, counting from the week of `startsOn`.
    func isOnWeek(_ date: LocalDate) -> Bool {
        let anchor = startsOn.adding(days: -startsOn.weekday.rawValue)
        let week = date.adding(days: -date.weekday.rawValue)
        return (anchor.days(to: week) / 7) % 2 == 0
    }

    /// The `week`th (1…5, or -1 for last) `weekday` of a month, or nil if the month has none.
    static func date(week: Int, weekday: Weekday, year: Int, month: Int) -> LocalDate? {
        let length = LocalDate.daysInMonth(year: year, month: month)
        if week == -1 {
            guard let last = LocalDate(year: year, month: month, day: length) else { return nil }
            return last.adding(days: -((last.weekday.rawValue - weekday.rawValue + 7) % 7))
        }
        guard (1...5).contains(week), let first = LocalDate(year: year, month: month, day: 1) else { return nil }
        let day = 1 + (weekday.rawValue - first.weekday.rawValue + 7) % 7 + 7 * (week - 1)
        return LocalDate(year: year, month: month, day: day)
    }
}
