import GRDB

public struct ScheduleRecord: VersionedRecord, Equatable {
    public static let databaseTableName = "schedules"
    public var id: Int64?
    public var groupId: Int64
    public var frequency: ScheduleFrequency
    /// iCalendar weekday codes, comma-separated: "TU,TH".
    public var weekdays: String = ""
    public var weekOfMonth: Int?
    public var startTime: String
    public var durationMinutes: Int
    public var timeZone: String
    public var startsOn: String
    public var endsOn: String?
    public var locationId: Int64?
    public var notes = ""
    public var createdAt: Timestamp = .epoch
    public var updatedAt: Timestamp = .epoch
    public var version: Int = 1

    public init(groupId: Int64, frequency: ScheduleFrequency, startTime: String, durationMinutes: Int, timeZone: String, startsOn: String) {
        self.groupId = groupId
        self.frequency = frequency
        self.startTime = startTime
        self.durationMinutes = durationMinutes
        self.timeZone = timeZone
        self.startsOn = startsOn
    }
}
