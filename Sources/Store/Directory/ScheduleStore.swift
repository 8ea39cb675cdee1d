import GRDB

/// Writes of schedules and their exceptions; each keeps the group's weekday/time slots in step.
public enum ScheduleWrites {
    public static func insert(_ schedule: ScheduleRecord, in db: Database) throws -> ScheduleRecord {
        try checkLocation(schedule.locationId, groupId: schedule.groupId, in: db)
        let saved = try VersionedWrites.insert(schedule, in: db)
        try DirectoryIndexes.refreshSlots(groupId: saved.groupId, in: db)
        try touchGroup(saved.groupId, in: db)
        return saved
    }

    public static func update(_ schedule: ScheduleRecord, expectedVersion: Int?, in db: Database) throws -> ScheduleRecord {
        try checkLocation(schedule.locationId, groupId: schedule.groupId, in: db)
        let saved = try VersionedWrites.update(schedule, expectedVersion: expectedVersion, in: db)
        try DirectoryIndexes.refreshSlots(groupId: saved.groupId, in: db)
        try touchGroup(saved.groupId, in: db)
        return saved
    }

    public static func delete(id: Int64, expected: VersionPrecondition, in db: Database) throws {
        guard let schedule = try ScheduleRecord.fetchOne(db, id: id) else { throw StoreFailure.notFound }
        try VersionedWrites.delete(ScheduleRecord.self, id: id, expected: expected, in: db)
        try DirectoryIndexes.refreshSlots(groupId: schedule.groupId, in: db)
        try touchGroup(schedule.groupId, in: db)
    }

    /// Adds or replaces the exception for one occurrence date.
    public static func saveException(_ exception: ScheduleExceptionRecord, in db: Database) throws -> ScheduleExceptionRecord {
        guard let schedule = try ScheduleRecord.fetchOne(db, id: exception.scheduleId) else { throw StoreFailure.notFound }
        try checkLocation(exception.movedLocationId, groupId: schedule.groupId, field: "moved_location_id", in: db)
        try db.execute(
            sql: "DELETE FROM schedule_exceptions WHERE schedule_id = ? AND occurrence_date = ?",
            arguments: [exception.scheduleId, exception.occurrenceDate])
        var record = exception
        record.id = nil
        record.createdAt = Timestamp.now()
        try record.insert(db)
        try touchSchedule(exception.scheduleId, in: db)
        try touchGroup(schedule.groupId, in: db)
        return record
    }

    public static func deleteException(scheduleId: Int64, occurrenceDate: String, in db: Database) throws {
        guard let schedule = try ScheduleRecord.fetchOne(db, id: scheduleId) else { throw StoreFailure.notFound }
        try db.execute(sql: "DELETE FROM schedule_exceptions WHERE schedule_id = ? AND occurrence_date = ?", arguments: [scheduleId, occurrenceDate])
        if db.changesCount == 0 { throw StoreFailure.notFound }
        try touchSchedule(scheduleId, in: db)
        try touchGroup(schedule.groupId, in: db)
    }

    public static func exceptions(scheduleId: Int64, in db: Database) throws -> [ScheduleExceptionRecord] {
        try ScheduleExceptionRecord.filter(Column("schedule_id") == scheduleId).order(Column("occurrence_date")).fetchAll(db)
    }

    public static func schedules(groupId: Int64, in db: Database) throws -> [ScheduleRecord] {
        try ScheduleRecord.filter(Column("group_id") == groupId).order(Column("id")).fetchAll(db)
    }

    /// A schedule's group's organization, for access checks.
    public static func organizationId(ofGroup groupId: Int64, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT organization_id FROM groups WHERE id = ?", arguments: [groupId])
    }

    /// A change of schedule is a change of the group for feeds and caches.
    static func touchSchedule(_ scheduleId: Int64, in db: Database) throws {
        try db.execute(sql: "UPDATE schedules SET updated_at = ?, version = version + 1 WHERE id = ?", arguments: [Timestamp.now(), scheduleId])
    }

    static func touchGroup(_ groupId: Int64, in db: Database) throws {
        try db.execute(sql: "UPDATE groups SET updated_at = ?, version = version + 1 WHERE id = ?", arguments: [Timestamp.now(), groupId])
    }

    static func checkLocation(_ locationId: Int64?, groupId: Int64, field: String = "location_id", in db: Database) throws {
        guard let locationId else { return }
        let sameOrganization =
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT 1 FROM locations l JOIN groups g ON g.organization_id = l.organization_id WHERE l.id = ? AND g.id = ?
                    """, arguments: [locationId, groupId]) ?? false
        guard sameOrganization else { throw StoreFailure.invalidReference(field: field) }
    }
}
