import GRDB

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
