import GRDB

/// Columns are snake_case in SQL and camelCase in Swift.
public protocol SnakeCaseRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {}

extension SnakeCaseRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}

/// A record with an id, a version that grows on each update, and timestamps.
public protocol VersionedRecord: SnakeCaseRecord {
    var id: Int64? { get set }
    var version: Int { get set }
    var createdAt: String { get set }
    var updatedAt: String { get set }
}

extension VersionedRecord {
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

public struct OrganizationRecord: VersionedRecord, Equatable {
    public static let databaseTableName = "organizations"
    public var id: Int64?
    public var slug: String
    public var name: String
    public var description: String = ""
    public var website: String?
    public var email: String?
    public var phone: String?
    public var createdAt: String = ""
    public var updatedAt: String = ""
    public var version: Int = 1

    public init(slug: String, name: String) {
        self.slug = slug
        self.name = name
    }
}

public struct LocationRecord: VersionedRecord, Equatable {
    public static let databaseTableName = "locations"
    public var id: Int64?
    public var organizationId: Int64
    public var name: String
    public var kind: LocationKind
    public var address: String?
    public var city: String?
    public var county: String?
    public var state: String?
    public var zip: String?
    public var latitude: Double?
    public var longitude: Double?
    /// The coordinates are the centroid of the ZIP code (or town), not the place's own (migration 0009).
    public var coordinatesApproximate = false
    public var wheelchairAccessible = false
    public var aslAvailable = false
    public var parking = false
    public var nearTransit = false
    public var accessibilityNotes = ""
    public var directions = ""
    public var createdAt: String = ""
    public var updatedAt: String = ""
    public var version: Int = 1

    public init(organizationId: Int64, name: String, kind: LocationKind) {
        self.organizationId = organizationId
        self.name = name
        self.kind = kind
    }
}

public struct TopicRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "topics"
    public var id: Int64?
    public var slug: String
    public var name: String
    public var description: String
}

public struct TagRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "tags"
    public var id: Int64?
    public var organizationId: Int64
    public var slug: String
    public var name: String
    public var code: String?

    public init(organizationId: Int64, slug: String, name: String, code: String? = nil) {
        self.organizationId = organizationId
        self.slug = slug
        self.name = name
        self.code = code
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

public struct GroupRecord: VersionedRecord, Equatable {
    public static let databaseTableName = "groups"
    public var id: Int64?
    public var organizationId: Int64
    public var locationId: Int64?
    public var slug: String
    public var name: String
    public var summary = ""
    public var description = ""
    public var format: GroupFormat
    public var isFree = true
    public var cost = ""
    public var joinMode = JoinMode.dropIn
    public var registrationUrl: String?
    public var onlineUrl: String?
    public var dialIn: String?
    public var onlineDetailsPrivate = false
    public var contactEmail: String?
    public var contactPhone: String?
    public var status = GroupStatus.active
    public var timeZone: String
    public var createdAt: String = ""
    public var updatedAt: String = ""
    public var version: Int = 1
    /// When someone who runs the group last said it meets as listed (nil: never).
    public var lastConfirmedAt: String?
    public var lastConfirmedBy: String?
    public var openTo = OpenTo.anyone
    public var cameraOptional = true
    public var childcare = false
    public var aslInterpretation = false
    public var firstMeetingNote = ""
    /// Attendance cap; nil when the group takes everyone who comes.
    public var capacity: Int?
    public var openSeats: Int?
    public var seatsUpdatedAt: String?

    public init(organizationId: Int64, slug: String, name: String, format: GroupFormat, timeZone: String) {
        self.organizationId = organizationId
        self.slug = slug
        self.name = name
        self.format = format
        self.timeZone = timeZone
    }
}

public struct ScheduleRecord: VersionedRecord, Equatable {
    public static let databaseTableName = "schedules"
    public var id: Int64?
    public var groupId: Int64
    public var frequency: String
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
    public var createdAt: String = ""
    public var updatedAt: String = ""
    public var version: Int = 1

    public init(groupId: Int64, frequency: String, startTime: String, durationMinutes: Int, timeZone: String, startsOn: String) {
        self.groupId = groupId
        self.frequency = frequency
        self.startTime = startTime
        self.durationMinutes = durationMinutes
        self.timeZone = timeZone
        self.startsOn = startsOn
    }
}

public struct ScheduleExceptionRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "schedule_exceptions"
    public var id: Int64?
    public var scheduleId: Int64
    public var occurrenceDate: String
    public var kind: String
    public var movedToDate: String?
    public var movedToTime: String?
    public var movedLocationId: Int64?
    public var note = ""
    public var createdAt: String = ""

    public init(scheduleId: Int64, occurrenceDate: String, kind: String) {
        self.scheduleId = scheduleId
        self.occurrenceDate = occurrenceDate
        self.kind = kind
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

public struct FacilitatorRecord: VersionedRecord, Equatable {
    public static let databaseTableName = "facilitators"
    public var id: Int64?
    public var organizationId: Int64
    public var displayName: String
    public var bio = ""
    /// A JSON array of strings.
    public var livedExperience = "[]"
    /// A JSON array of language tags.
    public var languages = "[]"
    public var privateEmail: String?
    public var privatePhone: String?
    public var createdAt: String = ""
    public var updatedAt: String = ""
    public var version: Int = 1

    public init(organizationId: Int64, displayName: String) {
        self.organizationId = organizationId
        self.displayName = displayName
    }
}

public struct TrainingRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "trainings"
    public var id: Int64?
    public var facilitatorId: Int64
    public var name: String
    public var issuer = ""
    public var completedOn: String?
    public var expiresOn: String?

    public init(facilitatorId: Int64, name: String) {
        self.facilitatorId = facilitatorId
        self.name = name
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
