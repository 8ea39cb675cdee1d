import GRDB

/// What a group is linked to besides its own columns.
public struct GroupLinks: Sendable, Equatable {
    public var topics: [String] = []
    public var tags: [String] = []
    public var audiences: [Audience] = []
    public var languages: [String] = []
    public var facilitatorIds: [Int64] = []
    /// The group's texts in other languages than its own, in the order of their language tags.
    public var translations: [GroupTranslation] = []
    public init() {}

    /// The translation into `language`, if the group has one.
    public func translation(_ language: String) -> GroupTranslation? {
        translations.first { $0.language == language }
    }
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

/// Reads of the group aggregate, batched so that a page of results costs a fixed number of queries.
///
/// Every statement has one fixed SQL text (ids travel as one JSON array through `json_each`), so
/// each connection prepares it once and reuses it: preparing a dozen statements per search was a
/// fifth of its CPU time.
public enum GroupReads {
    public static func details(ids: [Int64], in db: Database) throws -> [GroupDetails] {
        guard !ids.isEmpty else { return [] }
        func list<S: Sequence<Int64>>(_ ids: S) -> StatementArguments { ["[" + ids.map(String.init).joined(separator: ",") + "]"] }
        func fetch<R: FetchableRecord>(_ type: R.Type, _ sql: String, _ arguments: StatementArguments) throws -> [R] {
            try R.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
        }
        // The link rows are read in place (a cursor), not copied into an array of rows first.
        func forEachRow(_ sql: String, _ body: (Row) throws -> Void) throws {
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: list(ids))
            while let row = try rows.next() { try body(row) }
        }
        let groups = try fetch(GroupRecord.self, "SELECT * FROM groups WHERE id IN (SELECT value FROM json_each(?))", list(ids))
        let byId = Dictionary(uniqueKeysWithValues: groups.map { ($0.id!, $0) })
        let organizationIds = Set(groups.map(\.organizationId))
        let organizations = Dictionary(
            uniqueKeysWithValues: try fetch(
                OrganizationRecord.self,
                "SELECT * FROM organizations WHERE id IN (SELECT value FROM json_each(?))", list(organizationIds)
            ).map { ($0.id!, $0) })
        let schedules = try fetch(ScheduleRecord.self, "SELECT * FROM schedules WHERE group_id IN (SELECT value FROM json_each(?)) ORDER BY id", list(ids))
        let scheduleIds = schedules.map { $0.id! }
        let exceptions =
            scheduleIds.isEmpty
            ? []
            : try fetch(
                ScheduleExceptionRecord.self,
                "SELECT * FROM schedule_exceptions WHERE schedule_id IN (SELECT value FROM json_each(?)) ORDER BY occurrence_date", list(scheduleIds))
        let confirmations =
            scheduleIds.isEmpty
            ? []
            : try fetch(
                OccurrenceConfirmation.self,
                "SELECT * FROM occurrence_confirmations WHERE schedule_id IN (SELECT value FROM json_each(?))", list(scheduleIds))
        var locationIds = Set(groups.compactMap(\.locationId))
        locationIds.formUnion(schedules.compactMap(\.locationId))
        locationIds.formUnion(exceptions.compactMap(\.movedLocationId))
        let locations = Dictionary(
            uniqueKeysWithValues: try fetch(
                LocationRecord.self,
                "SELECT * FROM locations WHERE id IN (SELECT value FROM json_each(?))", list(locationIds)
            ).map { ($0.id!, $0) })

        var links: [Int64: GroupLinks] = [:]
        try forEachRow(
            "SELECT gt.group_id, t.slug FROM group_topics gt JOIN topics t ON t.id = gt.topic_id WHERE gt.group_id IN (SELECT value FROM json_each(?)) ORDER BY t.name"
        ) { row in
            links[row[0], default: GroupLinks()].topics.append(row[1])
        }
        try forEachRow(
            "SELECT gt.group_id, t.slug FROM group_tags gt JOIN tags t ON t.id = gt.tag_id WHERE gt.group_id IN (SELECT value FROM json_each(?)) ORDER BY t.name"
        ) { row in
            links[row[0], default: GroupLinks()].tags.append(row[1])
        }
        try forEachRow("SELECT group_id, audience FROM group_audiences WHERE group_id IN (SELECT value FROM json_each(?)) ORDER BY audience") { row in
            links[row[0], default: GroupLinks()].audiences.append(try row.decode(atIndex: 1))
        }
        try forEachRow("SELECT group_id, language FROM group_languages WHERE group_id IN (SELECT value FROM json_each(?)) ORDER BY language") { row in
            links[row[0], default: GroupLinks()].languages.append(row[1])
        }
        for translation in try fetch(
            GroupTranslation.self, "SELECT * FROM group_translations WHERE group_id IN (SELECT value FROM json_each(?)) ORDER BY language", list(ids))
        {
            links[translation.groupId, default: GroupLinks()].translations.append(translation)
        }
        var facilitatorsByGroup: [Int64: [Int64]] = [:]
        try forEachRow(
            "SELECT group_id, facilitator_id FROM group_facilitators WHERE group_id IN (SELECT value FROM json_each(?)) ORDER BY facilitator_id"
        ) { row in
            links[row[0], default: GroupLinks()].facilitatorIds.append(row[1])
            facilitatorsByGroup[row[0], default: []].append(row[1])
        }
        let facilitatorIds = Set(facilitatorsByGroup.values.flatMap { $0 })
        let facilitators = Dictionary(
            uniqueKeysWithValues: try fetch(
                FacilitatorRecord.self,
                "SELECT * FROM facilitators WHERE id IN (SELECT value FROM json_each(?))", list(facilitatorIds)
            ).map { ($0.id!, $0) })

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
