import GRDB

/// What the API does with a group, each in one transaction.
extension AppDatabase {
    /// A group by its slug, with everything a response shows.
    public func groupDetails(slug: String) throws -> GroupDetails? {
        try pool.read { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM groups WHERE slug = ?", arguments: [slug]) else { return nil }
            return try GroupReads.details(ids: [id], in: db).first
        }
    }

    /// A group's texts in other languages than its own (one query: a message to a person names the group in their language).
    public func groupTranslations(groupId: Int64) throws -> [GroupTranslation] {
        try pool.read { db in
            try GroupTranslation.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM group_translations WHERE group_id = ? ORDER BY language"), arguments: [groupId])
        }
    }

    /// The organization that runs a group; nil when there is no such group.
    public func organizationId(ofGroup groupId: Int64) throws -> Int64? {
        try pool.read { db in try ScheduleWrites.organizationId(ofGroup: groupId, in: db) }
    }

    /// Creates a group with its links once per idempotency claim; `answer` encodes what was created.
    /// With `slugBase`, the group gets the first free slug made from it (`base`, `base-2`…).
    public func createGroup(
        _ group: GroupRecord, links: GroupLinks, slugBase: String?, claim: IdempotencyClaim,
        answer: (GroupDetails) throws -> StoredResponse
    ) throws -> IdempotencyOutcome {
        try once(
            claim,
            { db in
                var group = group
                if let slugBase { group.slug = try GroupWrites.freeSlug(slugBase, in: db) }
                let saved = try GroupWrites.save(group, links: links, expectedVersion: nil, in: db)
                return try GroupReads.details(ids: [saved.id!], in: db)[0]
            }, answer: answer)
    }

    /// Writes a changed group and its links if the group is still at `expectedVersion`.
    public func updateGroup(_ group: GroupRecord, links: GroupLinks, expectedVersion: Int) throws -> GroupDetails {
        try pool.write { db in
            let saved = try GroupWrites.save(group, links: links, expectedVersion: expectedVersion, in: db)
            return try GroupReads.details(ids: [saved.id!], in: db)[0]
        }
    }

    /// Deletes a group if `mayManage` admits its organization (`StoreFailure.forbidden` otherwise) and
    /// it is at a version `expected` admits, with its search rows.
    public func deleteGroup(id: Int64, expected: VersionPrecondition, mayManage: (Int64) -> Bool) throws {
        try pool.write { db in
            guard let group = try GroupRecord.fetchOne(db, id: id) else { throw StoreFailure.notFound }
            guard mayManage(group.organizationId) else { throw StoreFailure.forbidden }
            try VersionedWrites.delete(GroupRecord.self, id: id, expected: expected, in: db)
            try DirectoryIndexes.forget(groupId: id, in: db)
        }
    }
}
