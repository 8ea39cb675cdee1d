import Foundation
import Schedules
import Store

/// Turns stored schedule rows into the recurrence engine's values.
enum ScheduleMapping {
    static func weekdays(_ codes: String) -> [String] {
        codes.split(separator: ",").map(String.init)
    }

    /// The stored row as a recurrence (rows are validated on the way in, so this only fails on corrupt data).
    static func recurrence(_ r: ScheduleRecord) -> Recurrence? {
        try? Recurrence.parse(frequency: r.frequency, weekdays: weekdays(r.weekdays), weekOfMonth: r.weekOfMonth,
                              startTime: r.startTime, durationMinutes: r.durationMinutes, timeZone: r.timeZone,
                              startsOn: r.startsOn, endsOn: r.endsOn)
    }

    /// What is wrong with a schedule row, by API field name.
    static func recurrenceProblems(_ r: ScheduleRecord) -> [(field: String, message: String)] {
        do {
            _ = try Recurrence.parse(frequency: r.frequency, weekdays: weekdays(r.weekdays), weekOfMonth: r.weekOfMonth,
                                     startTime: r.startTime, durationMinutes: r.durationMinutes, timeZone: r.timeZone,
                                     startsOn: r.startsOn, endsOn: r.endsOn)
            return []
        } catch {
            return error.errors
        }
    }

    static func exception(_ e: ScheduleExceptionRecord) -> ScheduleException? {
        guard let date = LocalDate(e.occurrenceDate) else { return nil }
        return ScheduleException(occurrenceDate: date, kind: e.kind == "moved" ? .moved : .cancelled,
                                 movedToDate: e.movedToDate.flatMap(LocalDate.init), movedToTime: e.movedToTime.flatMap(LocalTime.init),
                                 note: e.note)
    }

    static func meets(_ r: ScheduleRecord, on date: LocalDate) -> Bool {
        recurrence(r)?.meets(on: date) ?? false
    }
}

/// One meeting found by expanding a schedule.
struct FoundMeeting {
    var schedule: ScheduleRecord
    var occurrence: Occurrence
    var exception: ScheduleExceptionRecord?
}

/// Expands a group's schedules into meetings.
enum MeetingFinder {
    /// Every meeting of a group in [from, to), cancelled ones included, by start time.
    static func meetings(for d: GroupDetails, from: Date, to: Date, includeCancelled: Bool = true) -> [FoundMeeting] {
        var found: [FoundMeeting] = []
        for schedule in d.schedules {
            guard let recurrence = ScheduleMapping.recurrence(schedule) else { continue }
            let records = d.exceptions.filter { $0.scheduleId == schedule.id }
            let exceptions = records.compactMap(ScheduleMapping.exception)
            for occurrence in recurrence.occurrences(from: from, to: to, exceptions: exceptions, includeCancelled: includeCancelled) {
                let record = records.first { $0.occurrenceDate == occurrence.originalDate.description }
                found.append(FoundMeeting(schedule: schedule, occurrence: occurrence, exception: record))
            }
        }
        return found.sorted { ($0.occurrence.start, $0.schedule.id!) < ($1.occurrence.start, $1.schedule.id!) }
    }

    /// The next meeting that is not cancelled, within a year.
    static func next(for d: GroupDetails, after now: Date) -> FoundMeeting? {
        var best: FoundMeeting?
        for schedule in d.schedules {
            guard let recurrence = ScheduleMapping.recurrence(schedule) else { continue }
            let records = d.exceptions.filter { $0.scheduleId == schedule.id }
            guard let occurrence = recurrence.nextOccurrence(after: now, exceptions: records.compactMap(ScheduleMapping.exception)) else { continue }
            if best == nil || occurrence.start < best!.occurrence.start {
                best = FoundMeeting(schedule: schedule, occurrence: occurrence, exception: records.first { $0.occurrenceDate == occurrence.originalDate.description })
            }
        }
        return best
    }
}
