import GRDB

extension FetchableRecord where Self: TableRecord {
    /// The row whose `id` column is `id`, through a statement each connection prepares once.
    ///
    /// GRDB's `fetchOne(_:key:)` builds and prepares its query on every call; on the paths every
    /// request takes (a referral's transaction, a console session) preparing was a tenth of the CPU
    /// time. Every table read this way has `id` as its primary key.
    static func fetchOne(_ db: Database, id: some DatabaseValueConvertible) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: "SELECT * FROM \(databaseTableName) WHERE id = ?"), arguments: [id])
    }
}
