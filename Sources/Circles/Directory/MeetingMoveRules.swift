import Foundation
import GroupViews
import HTTPServer
import Schedules
import Store

/// What the API refuses of a moved meeting beyond its fields' forms: where it lands (the engine's
/// rules: onto another of the schedule's meetings, a time the clocks skip), a move that leaves the
/// meeting where and when it was, and a coming meeting moved into the past, where no one can go.
enum MeetingMoveRules {
    static func problems(_ exception: ScheduleExceptionRecord, of schedule: ScheduleRecord, now: Date) -> [FieldError] {
        guard exception.kind == .moved, let recurrence = ScheduleMapping.recurrence(schedule), let move = ScheduleMapping.exception(exception)
        else { return [] }
        let landing = move.landingProblems(for: recurrence)
        if !landing.isEmpty { return landing.map { FieldError(field: $0.field, message: $0.message) } }
        let date = move.movedToDate ?? move.occurrenceDate, time = move.movedToTime ?? recurrence.startTime
        let samePlace = exception.movedLocationId == nil || exception.movedLocationId == schedule.locationId
        if date == move.occurrenceDate, time == recurrence.startTime, samePlace {
            let field = exception.movedToDate != nil ? "moved_to_date" : exception.movedToTime != nil ? "moved_to_time" : "moved_location_id"
            return [FieldError(field: field, message: "leaves the meeting on the day, at the time and in the place it already has")]
        }
        guard let zone = Recurrence.ianaTimeZone(recurrence.timeZone) else { return [] }
        let clock = ZonedTime(timeZone: zone)
        let wasComing = clock.instant(of: move.occurrenceDate, at: recurrence.startTime) > now
        if wasComing, clock.instant(of: date, at: time) <= now {
            let field = exception.movedToDate != nil ? "moved_to_date" : "moved_to_time"
            return [FieldError(field: field, message: "is in the past: a coming meeting cannot be moved to a time that has gone")]
        }
        return []
    }
}
