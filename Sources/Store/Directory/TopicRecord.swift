import GRDB

public struct TopicRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "topics"
    public var id: Int64?
    public var slug: String
    public var name: String
    public var description: String
}
