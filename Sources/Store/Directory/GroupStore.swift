import GRDB

extension AppDatabase {
    /// Creates or updates a group with its links, in one transaction that also refreshes its search row and slots.
    public func saveGroup(_ group: GroupRecord, links: GroupLinks, expectedVersion: Int? = nil) throws -> GroupRecord {
        try pool.write { db in try GroupWrites.save(group, links: links, expectedVersion: expectedVersion, in: db) }
    }

    /// Details of groups, in the order of `ids` (unknown ids are skipped).
    public func groupDetails(ids: [Int64]) throws -> [GroupDetails] {
        try pool.read { db in try GroupReads.details(ids: ids, in: db) }
    }

    public func groupDetails(id: Int64) throws -> GroupDetails? {
        try groupDetails(ids: [id]).first
    }

    /// The languages some group's texts are translated into, in order.
    public func translationLanguages() throws -> [String] {
        try pool.read { try String.fetchAll($0, sql: "SELECT DISTINCT language FROM group_translations ORDER BY language") }
    }

    public func groupId(slug: String) throws -> Int64? {
        try pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM groups WHERE slug = ?", arguments: [slug]) }
    }
}

/// Writes of the group aggregate, usable inside a larger transaction.
public enum GroupWrites {
    static let uniqueFields = ["groups.slug": "slug"]

    /// `base`, or `base-2`, `base-3`… — the first slug no group has.
    public static func freeSlug(_ base: String, in db: Database) throws -> String {
        let stem = base.isEmpty ? "group" : base
        var candidate = stem
        var n = 2
        while try Bool.fetchOne(db, sql: "SELECT 1 FROM groups WHERE slug = ?", arguments: [candidate]) == true {
            candidate = "\(stem)-\(n)"
            n += 1
        }
        return candidate
    }

    public static func save(_ group: GroupRecord, links: GroupLinks, expectedVersion: Int?, in db: Database) throws -> GroupRecord {
        if let locationId = group.locationId {
            let owner = try Int64.fetchOne(db, sql: "SELECT organization_id FROM locations WHERE id = ?", arguments: [locationId])
            guard owner == group.organizationId else { throw StoreFailure.invalidReference(field: "location_id") }
        }
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM organizations WHERE id = ?", arguments: [group.organizationId]) == true else {
            throw StoreFailure.invalidReference(field: "organization_id")
        }
        var group = group
        // Creating a listing is saying it is right today.
        if group.id == nil && group.lastConfirmedAt == nil { group.lastConfirmedAt = Timestamp.now() }
        let saved =
            group.id == nil
            ? try VersionedWrites.insert(group, in: db, uniqueFields: uniqueFields)
            : try VersionedWrites.update(group, expectedVersion: expectedVersion, in: db, uniqueFields: uniqueFields)
        try replaceLinks(groupId: saved.id!, organizationId: saved.organizationId, links: links, in: db)
        try replaceTranslations(groupId: saved.id!, with: links.translations, in: db)
        try DirectoryIndexes.refresh(groupId: saved.id!, in: db)
        return saved
    }

    static func replaceLinks(groupId: Int64, organizationId: Int64, links: GroupLinks, in db: Database) throws {
        for table in ["group_topics", "group_tags", "group_audiences", "group_languages", "group_facilitators"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE group_id = ?", arguments: [groupId])
        }
        for slug in Set(links.topics) {
            guard let topicId = try Int64.fetchOne(db, sql: "SELECT id FROM topics WHERE slug = ?", arguments: [slug]) else {
                throw StoreFailure.invalidReference(field: "topics")
            }
            try db.execute(sql: "INSERT INTO group_topics (group_id, topic_id) VALUES (?, ?)", arguments: [groupId, topicId])
        }
        for slug in Set(links.tags) {
            guard let tagId = try Int64.fetchOne(db, sql: "SELECT id FROM tags WHERE organization_id = ? AND slug = ?", arguments: [organizationId, slug])
            else {
                throw StoreFailure.invalidReference(field: "tags")
            }
            try db.execute(sql: "INSERT INTO group_tags (group_id, tag_id) VALUES (?, ?)", arguments: [groupId, tagId])
        }
        for audience in Set(links.audiences) {
            try db.execute(sql: "INSERT INTO group_audiences (group_id, audience) VALUES (?, ?)", arguments: [groupId, audience])
        }
        for language in Set(links.languages) {
            try db.execute(sql: "INSERT INTO group_languages (group_id, language) VALUES (?, ?)", arguments: [groupId, language])
        }
        for facilitatorId in Set(links.facilitatorIds) {
            let owner = try Int64.fetchOne(db, sql: "SELECT organization_id FROM facilitators WHERE id = ?", arguments: [facilitatorId])
            guard owner == organizationId else { throw StoreFailure.invalidReference(field: "facilitator_ids") }
            try db.execute(sql: "INSERT INTO group_facilitators (group_id, facilitator_id) VALUES (?, ?)", arguments: [groupId, facilitatorId])
        }
    }
}

extension GroupWrites {
    /// Replaces a group's translations (inside the transaction that writes the group, before its search row
    /// is refreshed); one without any text is not stored.
    public static func replaceTranslations(groupId: Int64, with translations: [GroupTranslation], in db: Database) throws {
        try db.execute(sql: "DELETE FROM group_translations WHERE group_id = ?", arguments: [groupId])
        for t in translations where !t.isEmpty {
            try db.execute(
                sql: """
                    INSERT INTO group_translations (group_id, language, name, summary, description, first_meeting_note)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [groupId, t.language, t.name, t.summary, t.description, t.firstMeetingNote])
        }
    }
}

/// Writes of a facilitator's trainings, inside the facilitator's transaction.
public enum FacilitatorWrites {
    public static func replaceTrainings(facilitatorId: Int64, with trainings: [TrainingRecord], in db: Database) throws {
        try db.execute(sql: "DELETE FROM trainings WHERE facilitator_id = ?", arguments: [facilitatorId])
        for var training in trainings {
            training.facilitatorId = facilitatorId
            try training.insert(db)
        }
    }

    public static func extras(id: Int64, in db: Database) throws -> (trainings: [TrainingRecord], groupIds: [Int64]) {
        let trainings = try TrainingRecord.filter(Column("facilitator_id") == id).order(Column("id")).fetchAll(db)
        let groupIds = try Int64.fetchAll(db, sql: "SELECT group_id FROM group_facilitators WHERE facilitator_id = ? ORDER BY group_id", arguments: [id])
        return (trainings, groupIds)
    }
}

extension AppDatabase {
    public func organization(slug: String) throws -> OrganizationRecord? {
        try pool.read { try OrganizationRecord.filter(Column("slug") == slug).fetchOne($0) }
    }
}
