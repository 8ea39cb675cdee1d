import Foundation
import Schedules
import Store

/// Turns stored schedule rows into the recurrence engine's values.
public enum ScheduleMapping {
    public static func weekdays(_ codes: String) -> [String] {
        codes.split(separator: ",").map(String.init)
    }

    /// The stored row as a recurrence (rows are validated on the way in, so this only fails on corrupt data).
    public static func recurrence(_ r: ScheduleRecord) -> Recurrence? {
        try? Recurrence.parse(
            frequency: engineFrequency(r.frequency).rawValue, weekdays: weekdays(r.weekdays), weekOfMonth: r.weekOfMonth,
            startTime: r.startTime, durationMinutes: r.durationMinutes, timeZone: r.timeZone,
            startsOn: r.startsOn, endsOn: r.endsOn)
    }

    /// What is wrong with a schedule row, by API field name.
    public static func recurrenceProblems(_ r: ScheduleRecord) -> [(field: String, message: String)] {
        do {
            _ = try Recurrence.parse(
                frequency: engineFrequency(r.frequency).rawValue, weekdays: weekdays(r.weekdays), weekOfMonth: r.weekOfMonth,
                startTime: r.startTime, durationMinutes: r.durationMinutes, timeZone: r.timeZone,
                startsOn: r.startsOn, endsOn: r.endsOn)
            return []
        } catch {
            return error.errors
        }
    }

    public static func exception(_ e: ScheduleExceptionRecord) -> ScheduleException? {
        guard let date = LocalDate(e.occurrenceDate) else { return nil }
        return ScheduleException(
            occurrenceDate: date, kind: engineKind(e.kind),
            movedToDate: e.movedToDate.flatMap(LocalDate.init), movedToTime: e.movedToTime.flatMap(LocalTime.init),
            note: e.note)
    }

    /// The stored word as the recurrence engine's.
    public static func engineFrequency(_ frequency: ScheduleFrequency) -> Frequency {
        switch frequency {
        case .weekly: .weekly
        case .biweekly: .biweekly
        case .monthly: .monthly
        case .once: .once
        }
    }

    /// The stored word as the recurrence engine's.
    public static func engineKind(_ kind: ExceptionKind) -> ScheduleException.Kind {
        switch kind {
        case .cancelled: .cancelled
        case .moved: .moved
        }
    }

    public static func meets(_ r: ScheduleRecord, on date: LocalDate) -> Bool {
        recurrence(r)?.meets(on: date) ?? false
    }
}
