import GRDB

public struct ScheduleExceptionRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "schedule_exceptions"
    public var id: Int64?
    public var scheduleId: Int64
    public var occurrenceDate: String
    public var kind: ExceptionKind
    public var movedToDate: String?
    public var movedToTime: String?
    public var movedLocationId: Int64?
    public var note = ""
    public var createdAt: Timestamp = .epoch

    public init(scheduleId: Int64, occurrenceDate: String, kind: ExceptionKind) {
        self.scheduleId = scheduleId
        self.occurrenceDate = occurrenceDate
        self.kind = kind
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
