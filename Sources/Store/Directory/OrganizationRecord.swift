import GRDB

public struct OrganizationRecord: VersionedRecord, Equatable {
    public static let databaseTableName = "organizations"
    public var id: Int64?
    public var slug: String
    public var name: String
    public var description: String = ""
    public var website: String?
    public var email: String?
    public var phone: String?
    public var createdAt: Timestamp = .epoch
    public var updatedAt: Timestamp = .epoch
    public var version: Int = 1

    public init(slug: String, name: String) {
        self.slug = slug
        self.name = name
    }
}
