import GRDB

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
    public var createdAt: Timestamp = .epoch
    public var updatedAt: Timestamp = .epoch
    public var version: Int = 1

    public init(organizationId: Int64, displayName: String) {
        self.organizationId = organizationId
        self.displayName = displayName
    }
}
