import GRDB

/// Columns are snake_case in SQL and camelCase in Swift.
public protocol SnakeCaseRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {}

extension SnakeCaseRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}
