import GRDB

/// A record with an id, a version that grows on each update, and timestamps.
public protocol VersionedRecord: SnakeCaseRecord {
    var id: Int64? { get set }
    var version: Int { get set }
    var createdAt: Timestamp { get set }
    var updatedAt: Timestamp { get set }
}

extension VersionedRecord {
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
