import Foundation

/// One dated meeting of a schedule, after exceptions.
///
/// `date` and `startTime` are what the group's wall clock shows at `start`: the rule's date and time,
/// the new ones of a moved meeting, or a time pushed forward out of a spring-forward gap (02:30 → 03:30).
public struct Occurrence: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        case scheduled, cancelled, moved
    }

    /// The local date the rule gives it (an iCalendar RECURRENCE-ID, an exception's `occurrenceDate`).
    public var originalDate: LocalDate
    /// The instant the rule gives it, before any move.
    public var originalStart: Date
    /// The local date it takes place on.
    public var date: LocalDate
    /// The local start time.
    public var startTime: LocalTime
    public var start: Date
    public var end: Date
    /// The IANA time zone of `date` and `startTime`.
    public var timeZone: String
    public var status: Status
    /// The note of the exception that cancelled or moved it; empty otherwise.
    public var note: String

    public init(
        originalDate: LocalDate, originalStart: Date, date: LocalDate, startTime: LocalTime, start: Date,
        end: Date, timeZone: String, status: Status, note: String = ""
    ) {
        self.originalDate = originalDate
        self.originalStart = originalStart
        self.date = date
        self.startTime = startTime
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.status = status
        self.note = note
    }

    /// The weekday of its local date.
    public var weekday: Weekday { date.weekday }

    /// The part of the day of its local start time.
    public var partOfDay: PartOfDay { PartOfDay(startTime) }
}
