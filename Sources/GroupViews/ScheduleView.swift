import Schedules
import Store

/// A schedule as the API shows it: the rule, in words too, and its exceptions.
public struct ScheduleView: Encodable {
    public var id: Int64
    public var groupId: Int64
    public var frequency: ScheduleFrequency
    public var weekdays: [String]
    public var weekOfMonth: Int?
    public var startTime: String
    public var durationMinutes: Int
    public var timeZone: String
    public var startsOn: String
    public var endsOn: String?
    public var locationId: Int64?
    public var notes: String
    public var summary: String
    public var exceptions: [ExceptionView]
    public var updatedAt: Timestamp

    public struct ExceptionView: Encodable {
        public var occurrenceDate: String
        public var kind: ExceptionKind
        public var movedToDate: String?
        public var movedToTime: String?
        public var movedLocationId: Int64?
        public var note: String

        public init(_ e: ScheduleExceptionRecord) {
            occurrenceDate = e.occurrenceDate
            kind = e.kind
            movedToDate = e.movedToDate
            movedToTime = e.movedToTime
            movedLocationId = e.movedLocationId
            note = e.note
        }
    }

    public init(_ r: ScheduleRecord, exceptions: [ScheduleExceptionRecord]) {
        id = r.id!
        groupId = r.groupId
        frequency = r.frequency
        weekdays = ScheduleMapping.weekdays(r.weekdays).compactMap { Weekday(icalCode: $0)?.name }
        weekOfMonth = r.weekOfMonth
        startTime = r.startTime
        durationMinutes = r.durationMinutes
        timeZone = r.timeZone
        startsOn = r.startsOn
        endsOn = r.endsOn
        locationId = r.locationId
        notes = r.notes
        summary = ScheduleMapping.recurrence(r).map { $0.englishDescription } ?? ""
        self.exceptions = exceptions.map(ExceptionView.init)
        updatedAt = r.updatedAt
    }
}
