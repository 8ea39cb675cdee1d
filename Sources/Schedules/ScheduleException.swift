import Foundation

/// A change to one occurrence of a schedule, named by the local date it would have had:
/// cancelled, or moved to another date and/or start time.
public struct ScheduleException: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case cancelled, moved
    }

    /// The local date the occurrence has under the rule.
    public var occurrenceDate: LocalDate
    public var kind: Kind
    /// The new local date of a moved occurrence; nil keeps the date.
    public var movedToDate: LocalDate?
    /// The new local start time of a moved occurrence; nil keeps the time.
    public var movedToTime: LocalTime?
    public var note: String

    public init(
        occurrenceDate: LocalDate, kind: Kind, movedToDate: LocalDate? = nil,
        movedToTime: LocalTime? = nil, note: String = ""
    ) {
        self.occurrenceDate = occurrenceDate
        self.kind = kind
        self.movedToDate = movedToDate
        self.movedToTime = movedToTime
        self.note = note
    }

    /// The occurrence on `date` does not take place.
    public static func cancelled(_ date: LocalDate, note: String = "") -> ScheduleException {
        ScheduleException(occurrenceDate: date, kind: .cancelled, note: note)
    }

    /// The occurrence on `date` takes place on `newDate` and/or at `newTime` instead.
    public static func moved(
        _ date: LocalDate, to newDate: LocalDate? = nil, at newTime: LocalTime? = nil,
        note: String = ""
    ) -> ScheduleException {
        ScheduleException(occurrenceDate: date, kind: .moved, movedToDate: newDate, movedToTime: newTime, note: note)
    }

    /// Problems with this exception for `recurrence`, by snake_case API field; empty when it is valid.
    public func validate(for recurrence: Recurrence) -> [(field: String, message: String)] {
        var errors: [(field: String, message: String)] = []
        if !recurrence.meets(on: occurrenceDate) {
            errors.append(("occurrence_date", "is not a date this schedule meets on"))
        }
        switch kind {
        case .cancelled:
            if movedToDate != nil { errors.append(("moved_to_date", "only applies to a moved meeting")) }
            if movedToTime != nil { errors.append(("moved_to_time", "only applies to a moved meeting")) }
        case .moved:
            if movedToDate == nil && movedToTime == nil {
                errors.append(("moved_to_date", "a moved meeting needs a new date or a new time"))
            }
            errors += landingProblems(for: recurrence)
        }
        return errors
    }

    /// Problems with when a moved meeting lands, by API field: too late, onto another of the schedule's
    /// own meetings (listed twice), or at a time the clocks skip (it would silently become another). The
    /// API also moves a meeting by place alone, which this engine does not see, so it asks only this.
    public func landingProblems(for recurrence: Recurrence) -> [(field: String, message: String)] {
        var errors: [(field: String, message: String)] = []
        if let movedToDate, movedToDate >= LocalDate.firstUnscheduled {
            errors.append(("moved_to_date", LocalDate.unscheduledMessage))
        }
        let date = movedToDate ?? occurrenceDate, time = movedToTime ?? recurrence.startTime
        if date != occurrenceDate, time == recurrence.startTime, recurrence.meets(on: date) {
            errors.append(("moved_to_date", "the schedule already meets then; cancel this meeting instead"))
        }
        if let zone = Recurrence.ianaTimeZone(recurrence.timeZone),
            ZonedTime(timeZone: zone).localDateAndTime(at: ZonedTime(timeZone: zone).instant(of: date, at: time)) != (date, time)
        {
            errors.append(("moved_to_time", "does not exist on that day in the group's time zone (the clocks go forward)"))
        }
        return errors
    }
}
