import Foundation
import Schedules
import Store

/// One meeting found by expanding a schedule.
public struct FoundMeeting {
    public var schedule: ScheduleRecord
    public var occurrence: Occurrence
    public var exception: ScheduleExceptionRecord?
}

/// Expands a group's schedules into meetings.
public enum MeetingFinder {
    /// Every meeting of a group in [from, to), cancelled ones included, by start time.
    public static func meetings(for d: GroupDetails, from: Date, to: Date, includeCancelled: Bool = true) -> [FoundMeeting] {
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
    public static func next(for d: GroupDetails, after now: Date) -> FoundMeeting? {
        var best: FoundMeeting?
        for schedule in d.schedules {
            guard let recurrence = ScheduleMapping.recurrence(schedule) else { continue }
            let records = d.exceptions.filter { $0.scheduleId == schedule.id }
            guard let occurrence = recurrence.nextOccurrence(after: now, exceptions: records.compactMap(ScheduleMapping.exception)) else { continue }
            if best == nil || occurrence.start < best!.occurrence.start {
                best = FoundMeeting(
                    schedule: schedule, occurrence: occurrence, exception: records.first { $0.occurrenceDate == occurrence.originalDate.description })
            }
        }
        return best
    }
}
