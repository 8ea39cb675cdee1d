import Foundation

/// The field errors of a schedule that could not be accepted, by snake_case API field.
public struct ScheduleValidationError: Error, Sendable {
    public var errors: [(field: String, message: String)]

    public init(errors: [(field: String, message: String)]) { self.errors = errors }
}

extension Recurrence {
    /// Builds a recurrence from the strings of an API request or a stored row, reporting every
    /// bad field at once. Weekdays may be names ("tuesday") or iCalendar codes ("TU").
    public static func parse(
        frequency: String, weekdays: [String], weekOfMonth: Int?, startTime: String,
        durationMinutes: Int, timeZone: String, startsOn: String,
        endsOn: String?
    ) throws(ScheduleValidationError) -> Recurrence {
        var errors: [(field: String, message: String)] = []
        let parsedFrequency = Frequency(rawValue: frequency)
        if parsedFrequency == nil { errors.append(("frequency", "must be one of weekly, biweekly, monthly, once")) }
        let parsedWeekdays = weekdays.compactMap(Weekday.init(nameOrCode:))
        if parsedWeekdays.count != weekdays.count { errors.append(("weekdays", "must be a weekday name such as \"tuesday\"")) }
        let parsedTime = LocalTime(startTime)
        if parsedTime == nil { errors.append(("start_time", "must be a 24-hour time such as \"19:00\"")) }
        let parsedStart = LocalDate(startsOn)
        if parsedStart == nil { errors.append(("starts_on", "must be a date such as \"2026-01-06\"")) }
        let parsedEnd = endsOn.map(LocalDate.init)
        if parsedEnd == .some(nil) { errors.append(("ends_on", "must be a date such as \"2026-12-31\"")) }

        let candidate = Recurrence(
            frequency: parsedFrequency ?? .weekly, weekdays: parsedWeekdays, weekOfMonth: weekOfMonth,
            startTime: parsedTime ?? LocalTime(hour: 0, minute: 0)!, durationMinutes: durationMinutes,
            timeZone: timeZone, startsOn: parsedStart ?? LocalDate(year: 1970, month: 1, day: 1)!,
            endsOn: parsedEnd ?? nil)
        // Rules that read a field that did not parse would only repeat its error.
        var unreliable = Set(errors.map(\.field))
        if parsedFrequency == nil { unreliable.formUnion(["weekdays", "week_of_month"]) }
        if parsedStart == nil { unreliable.insert("ends_on") }
        errors += candidate.validate().filter { !unreliable.contains($0.field) }
        guard errors.isEmpty else { throw ScheduleValidationError(errors: errors) }
        return candidate
    }
}
