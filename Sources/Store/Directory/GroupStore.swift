import GRDB

/// What a group is linked to besides its own columns.
public struct GroupLinks: Sendable, Equatable {
    public var topics: [String] = []
    public var tags: [String] = []
    public var audiences: [String] = []
    public var languages: [String] = []
    public var facilitatorIds: [Int64] = []
    public init() {}
}

/// A group with everything a response about it shows.
public struct GroupDetails: Sendable {
    public var group: GroupRecord
    public var organization: OrganizationRecord
    public var links: GroupLinks
    public var location: LocationRecord?
    public var schedules: [ScheduleRecord]
    public var exceptions: [ScheduleExceptionRecord]
    public var facilitators: [FacilitatorRecord]
    /// Schedules may meet somewhere else than the group's usual place.
    public var scheduleLocations: [Int64: LocationRecord]
    /// Coming occurrences someone confirmed ("yes, it is on").
    public var confirmations: [OccurrenceConfirmation] = []
}

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
        let saved = group.id == nil
            ? try VersionedWrites.insert(group, in: db, uniqueFields: uniqueFields)
            : try VersionedWrites.update(group, expectedVersion: expectedVersion, in: db, uniqueFields: uniqueFields)
        try replaceLinks(groupId: saved.id!, organizationId: saved.organizationId, links: links, in: db)
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
            guard let tagId = try Int64.fetchOne(db, sql: "SELECT id FROM tags WHERE organization_id = ? AND slug = ?", arguments: [organizationId, slug]) else {
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

/// Reads of the group aggregate, batched so that a page of results costs a fixed number of queries.
public enum GroupReads {
    public static func details(ids: [Int64], in db: Database) throws -> [GroupDetails] {
        guard !ids.isEmpty else { return [] }
        let groups = try GroupRecord.filter(keys: ids).fetchAll(db)
        let byId = Dictionary(uniqueKeysWithValues: groups.map { ($0.id!, $0) })
        let organizationIds = Set(groups.map(\.organizationId))
        let organizations = Dictionary(uniqueKeysWithValues: try OrganizationRecord.filter(keys: organizationIds).fetchAll(db).map { ($0.id!, $0) })
        let schedules = try ScheduleRecord.filter(ids.contains(Column("group_id"))).order(Column("id")).fetchAll(db)
        let scheduleIds = schedules.map { $0.id! }
        let exceptions = scheduleIds.isEmpty ? [] : try ScheduleExceptionRecord.filter(scheduleIds.contains(Column("schedule_id"))).order(Column("occurrence_date")).fetchAll(db)
        let confirmations = scheduleIds.isEmpty ? [] : try OccurrenceConfirmation.filter(scheduleIds.contains(Column("schedule_id"))).fetchAll(db)
        var locationIds = Set(groups.compactMap(\.locationId))
        locationIds.formUnion(schedules.compactMap(\.locationId))
        locationIds.formUnion(exceptions.compactMap(\.movedLocationId))
        let locations = Dictionary(uniqueKeysWithValues: try LocationRecord.filter(keys: locationIds).fetchAll(db).map { ($0.id!, $0) })

        let placeholders = ids.map { _ in "?" }.joined(separator: ",")
        let arguments = StatementArguments(ids)
        var links: [Int64: GroupLinks] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT gt.group_id, t.slug FROM group_topics gt JOIN topics t ON t.id = gt.topic_id WHERE gt.group_id IN (\(placeholders)) ORDER BY t.name", arguments: arguments) {
            links[row[0], default: GroupLinks()].topics.append(row[1])
        }
        for row in try Row.fetchAll(db, sql: "SELECT gt.group_id, t.slug FROM group_tags gt JOIN tags t ON t.id = gt.tag_id WHERE gt.group_id IN (\(placeholders)) ORDER BY t.name", arguments: arguments) {
            links[row[0], default: GroupLinks()].tags.append(row[1])
        }
        for row in try Row.fetchAll(db, sql: "SELECT group_id, audience FROM group_audiences WHERE group_id IN (\(placeholders)) ORDER BY audience", arguments: arguments) {
            links[row[0], default: GroupLinks()].audiences.append(row[1])
        }
        for row in try Row.fetchAll(db, sql: "SELECT group_id, language FROM group_languages WHERE group_id IN (\(placeholders)) ORDER BY language", arguments: arguments) {
            links[row[0], default: GroupLinks()].languages.append(row[1])
        }
        var facilitatorsByGroup: [Int64: [Int64]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT group_id, facilitator_id FROM group_facilitators WHERE group_id IN (\(placeholders)) ORDER BY facilitator_id", arguments: arguments) {
            links[row[0], default: GroupLinks()].facilitatorIds.append(row[1])
            facilitatorsByGroup[row[0], default: []].append(row[1])
        }
        let facilitatorIds = Set(facilitatorsByGroup.values.flatMap { $0 })
        let facilitators = Dictionary(uniqueKeysWithValues: try FacilitatorRecord.filter(keys: facilitatorIds).fetchAll(db).map { ($0.id!, $0) })

        return ids.compactMap { id in
            guard let group = byId[id], let organization = organizations[group.organizationId] else { return nil }
            let own = schedules.filter { $0.groupId == id }
            let ownIds = Set(own.map { $0.id! })
            var scheduleLocations: [Int64: LocationRecord] = [:]
            for schedule in own { if let l = schedule.locationId, let loc = locations[l] { scheduleLocations[l] = loc } }
            let ownExceptions = exceptions.filter { ownIds.contains($0.scheduleId) }
            for e in ownExceptions { if let l = e.movedLocationId, let loc = locations[l] { scheduleLocations[l] = loc } }
            return GroupDetails(
                group: group, organization: organization, links: links[id] ?? GroupLinks(),
                location: group.locationId.flatMap { locations[$0] },
                schedules: own, exceptions: ownExceptions,
                facilitators: (facilitatorsByGroup[id] ?? []).compactMap { facilitators[$0] },
                scheduleLocations: scheduleLocations,
                confirmations: confirmations.filter { ownIds.contains($0.scheduleId) })
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
