import GRDB

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
