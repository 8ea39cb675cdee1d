import GRDB

/// One page of a group search with the details of each result, read in one snapshot.
public struct GroupSearchResult: Sendable {
    public var page: GroupSearchPage
    /// Of the page's groups, those asked for (all, unless the caller kept some), in the page's order.
    public var details: [GroupDetails]
    /// The directory's change counter when the page was read (see `directoryGeneration()`).
    public var generation: Int64
}

extension AppDatabase {
    /// A counter that moves forward with every change to what a group search shows, whichever
    /// connection or process made it: triggers on the directory tables keep it (migration 0007).
    /// An answer computed at one value is still right while the counter has that value.
    public func directoryGeneration() throws -> Int64 {
        // A single statement reads a consistent snapshot, so no transaction is needed around it.
        try pool.raw.unsafeRead { try Self.directoryGeneration(in: $0) }
    }

    static func directoryGeneration(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM directory_generation WHERE id = 1")) ?? 0
    }

    /// Runs a search and loads its results' details in one read transaction, with the generation they reflect.
    /// `detailsOf` picks which of the page's ids need details (a caller that kept the others' answers),
    /// given the generation of the snapshot they would be read from; by default all of them.
    public func searchGroupsWithDetails(
        _ query: GroupQuery, after position: SearchPosition?,
        detailsOf pick: (_ ids: [Int64], _ generation: Int64) -> [Int64] = { ids, _ in ids }
    ) throws -> GroupSearchResult {
        try pool.read { db in
            let generation = try Self.directoryGeneration(in: db)
            let page = try GroupSearch.run(query, after: position, in: db)
            let details = try GroupReads.details(ids: pick(page.ids, generation), in: db)
            return GroupSearchResult(page: page, details: details, generation: generation)
        }
    }
}
