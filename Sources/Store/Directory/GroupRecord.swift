import GRDB

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
    public var createdAt: Timestamp = .epoch
    public var updatedAt: Timestamp = .epoch
    public var version: Int = 1
    /// When someone who runs the group last said it meets as listed (nil: never).
    public var lastConfirmedAt: Timestamp?
    public var lastConfirmedBy: String?
    public var openTo = OpenTo.anyone
    public var cameraOptional = true
    public var childcare = false
    public var aslInterpretation = false
    public var firstMeetingNote = ""
    /// Attendance cap; nil when the group takes everyone who comes.
    public var capacity: Int?
    public var openSeats: Int?
    public var seatsUpdatedAt: Timestamp?
    /// The language the group's own texts are written in (`ContentLanguage.isTag`); other languages are
    /// `GroupTranslation`s.
    public var contentLanguage = ContentLanguage.original

    public init(organizationId: Int64, slug: String, name: String, format: GroupFormat, timeZone: String) {
        self.organizationId = organizationId
        self.slug = slug
        self.name = name
        self.format = format
        self.timeZone = timeZone
    }
}
