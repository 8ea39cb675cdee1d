import Foundation
import Testing

@testable import Schedules

/// All the suites of the recurrence engine, so that `swift test --filter ScheduleTests` runs them.
@Suite enum ScheduleTests {}

/// Helpers for the schedule suites: literal instants, dates and times, and a short way to write a rule.
protocol ScheduleTesting {}

extension ScheduleTesting {
    /// An instant written in UTC: "2026-03-08T07:30:00Z". Parsed by Foundation, not by the code under test.
    func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else { fatalError("bad test instant \(text)") }
        return date
    }

    func day(_ text: String) -> LocalDate {
        guard let date = LocalDate(text) else { fatalError("bad test date \(text)") }
        return date
    }

    func time(_ text: String) -> LocalTime {
        guard let time = LocalTime(text) else { fatalError("bad test time \(text)") }
        return time
    }

    func rule(
        _ frequency: Frequency, _ weekdays: [Weekday], week: Int? = nil, at start: String = "19:00",
        minutes: Int = 90, zone: String = "America/New_York", from startsOn: String,
        until endsOn: String? = nil
    ) -> Recurrence {
        Recurrence(
            frequency: frequency, weekdays: weekdays, weekOfMonth: week, startTime: time(start),
            durationMinutes: minutes, timeZone: zone, startsOn: day(startsOn), endsOn: endsOn.map(day))
    }

    /// Starts of the occurrences in a window given in UTC.
    func starts(
        _ recurrence: Recurrence, _ from: String, _ to: String,
        _ exceptions: [ScheduleException] = [], includeCancelled: Bool = false
    ) -> [Date] {
        recurrence.occurrences(
            from: utc(from), to: utc(to), exceptions: exceptions,
            includeCancelled: includeCancelled
        ).map(\.start)
    }
}
