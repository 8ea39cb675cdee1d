import GRDB

/// A directory record the API lists, reads, creates, changes and deletes on its own (organizations,
/// locations, facilitators): what a response shows with it, and what each write keeps in step.
public protocol DirectoryResource: VersionedRecord, TableRecord {
    /// The record with whatever a response shows beside it, read in the same snapshot.
    associatedtype Shown: Sendable
    /// Rows a write replaces along with the record (a facilitator's trainings); `Never` when none.
    associatedtype Parts: Sendable = Never
    /// The organization whose managers may change the record (an organization is its own).
    var owningOrganizationId: Int64 { get }
    /// Unique columns, each with the body field that names it in a conflict.
    static var uniqueFields: [String: String] { get }
    static func shown(_ records: [Self], in db: Database) throws -> [Shown]
    static func record(in shown: Shown) -> Self
    /// Runs in the write's transaction: replaces the parts when given, refreshes what shows the record.
    static func didWrite(_ record: Self, parts: Parts?, in db: Database) throws
}

extension DirectoryResource where Shown == Self {
    public static func shown(_ records: [Self], in db: Database) throws -> [Self] { records }
    public static func record(in shown: Self) -> Self { shown }
}

/// A page of records in id order: at most the asked number, and whether more follow.
public struct ResourcePage<Shown: Sendable>: Sendable {
    public var items: [Shown]
    /// The id of the last item, where the next page starts.
    public var lastId: Int64?
    public var hasMore: Bool
}

extension AppDatabase {
    /// Records with ids above `afterId`, of one organization or all, `limit` at most.
    public func resources<R: DirectoryResource>(_ type: R.Type, organizationId: Int64?, afterId: Int64, limit: Int) throws -> ResourcePage<R.Shown> {
        try pool.read { db in
            var query = R.filter(Column("id") > afterId)
            if let organizationId { query = query.filter(Column("organization_id") == organizationId) }
            let records = try query.order(Column("id")).limit(limit + 1).fetchAll(db)
            let page = Array(records.prefix(limit))
            return ResourcePage(items: try R.shown(page, in: db), lastId: page.last?.id, hasMore: records.count > limit)
        }
    }

    /// One record as a response shows it.
    public func resource<R: DirectoryResource>(_ type: R.Type, id: Int64) throws -> R.Shown? {
        try pool.read { db in
            guard let record = try R.fetchOne(db, id: id) else { return nil }
            return try R.shown([record], in: db)[0]
        }
    }

    /// Creates a record (and its parts) once per idempotency claim; `answer` encodes what was created.
    public func createResource<R: DirectoryResource>(
        _ record: R, parts: R.Parts?, claim: IdempotencyClaim,
        answer: (R.Shown) throws -> StoredResponse
    ) throws -> IdempotencyOutcome {
        try once(
            claim,
            { db in
                let saved = try VersionedWrites.insert(record, in: db, uniqueFields: R.uniqueFields)
                try R.didWrite(saved, parts: parts, in: db)
                return try R.shown([saved], in: db)[0]
            }, answer: answer)
    }

    /// Writes a changed record if it is still at `expectedVersion` (`StoreFailure.versionMismatch` otherwise).
    public func updateResource<R: DirectoryResource>(_ record: R, parts: R.Parts?, expectedVersion: Int) throws -> R.Shown {
        try pool.write { db in
            let saved = try VersionedWrites.update(record, expectedVersion: expectedVersion, in: db, uniqueFields: R.uniqueFields)
            try R.didWrite(saved, parts: parts, in: db)
            return try R.shown([saved], in: db)[0]
        }
    }

    /// Deletes a record if `mayManage` admits its organization (`StoreFailure.forbidden` otherwise) and
    /// it is at a version `expected` admits.
    public func deleteResource<R: DirectoryResource>(_ type: R.Type, id: Int64, expected: VersionPrecondition, mayManage: (Int64) -> Bool) throws {
        try pool.write { db in
            guard let record = try R.fetchOne(db, id: id) else { throw StoreFailure.notFound }
            guard mayManage(record.owningOrganizationId) else { throw StoreFailure.forbidden }
            try VersionedWrites.delete(R.self, id: id, expected: expected, in: db)
        }
    }
}

extension OrganizationRecord: DirectoryResource {
    public typealias Shown = OrganizationRecord
    public var owningOrganizationId: Int64 { id ?? 0 }
    public static let uniqueFields = ["organizations.slug": "slug"]

    /// Search rows show the organization's name.
    public static func didWrite(_ record: OrganizationRecord, parts: Never?, in db: Database) throws {
        try DirectoryIndexes.refreshGroups(ofOrganization: record.id!, in: db)
    }
}

extension LocationRecord: DirectoryResource {
    public typealias Shown = LocationRecord
    public var owningOrganizationId: Int64 { organizationId }
    public static let uniqueFields: [String: String] = [:]

    /// Search rows show the place's name and town.
    public static func didWrite(_ record: LocationRecord, parts: Never?, in db: Database) throws {
        try DirectoryIndexes.refreshGroups(atLocation: record.id!, in: db)
    }
}
