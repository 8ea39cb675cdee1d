import GRDB

/// Insert, update and delete with optimistic concurrency, shared by every versioned resource.
public enum VersionedWrites {
    /// Inserts a new record with fresh timestamps and version 1.
    public static func insert<R: VersionedRecord>(
        _ record: R, in db: Database, uniqueFields: [String: String] = [:], referenceField: String = "organization_id"
    ) throws -> R {
        var record = record
        let now = Timestamp.now()
        record.createdAt = now
        record.updatedAt = now
        record.version = 1
        do {
            try record.insert(db)
        } catch {
            throw StoreFailure.translate(error, uniqueFields: uniqueFields, referenceField: referenceField)
        }
        return record
    }

    /// Updates a record if its stored version is `expectedVersion` (or any, when nil); bumps the version.
    public static func update<R: VersionedRecord & TableRecord>(
        _ record: R, expectedVersion: Int?, in db: Database, uniqueFields: [String: String] = [:]
    ) throws -> R {
        guard let id = record.id, let current = try R.fetchOne(db, id: id) else { throw StoreFailure.notFound }
        if let expectedVersion, expectedVersion != current.version {
            throw StoreFailure.versionMismatch(current: current.version)
        }
        var record = record
        record.createdAt = current.createdAt
        record.updatedAt = Timestamp.now()
        record.version = current.version + 1
        do {
            try record.update(db)
        } catch {
            throw StoreFailure.translate(error, uniqueFields: uniqueFields)
        }
        return record
    }

    /// Deletes a record if its stored version is one `expected` admits.
    public static func delete<R: VersionedRecord & TableRecord>(_ type: R.Type, id: Int64, expected: VersionPrecondition, in db: Database) throws {
        guard let current = try R.fetchOne(db, id: id) else { throw StoreFailure.notFound }
        guard expected.admits(current.version) else {
            throw StoreFailure.versionMismatch(current: current.version)
        }
        do {
            _ = try R.deleteOne(db, key: id)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreFailure.inUse
        }
    }
}

extension AppDatabase {
    /// One record by id.
    public func record<R: VersionedRecord & TableRecord>(_ type: R.Type, id: Int64) throws -> R? {
        try pool.read { try R.fetchOne($0, key: id) }
    }

    /// Records in id order after `afterId`, optionally of one organization.
    public func records<R: VersionedRecord & TableRecord>(_ type: R.Type, organizationId: Int64? = nil, afterId: Int64, limit: Int) throws -> [R] {
        try pool.read { db in
            var request = R.filter(Column("id") > afterId)
            if let organizationId { request = request.filter(Column("organization_id") == organizationId) }
            return try request.order(Column("id")).limit(limit).fetchAll(db)
        }
    }
}
