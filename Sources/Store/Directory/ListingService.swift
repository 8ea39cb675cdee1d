import GRDB

/// Keeping a listing current, each step in one transaction with its audit entry.
extension AppDatabase {
    /// The group a schedule belongs to, as a response shows it (its schedules include this one).
    public func groupDetails(ofSchedule scheduleId: Int64) throws -> GroupDetails? {
        try pool.read { db in
            guard let groupId = try Int64.fetchOne(db, sql: "SELECT group_id FROM schedules WHERE id = ?", arguments: [scheduleId]) else { return nil }
            return try GroupReads.details(ids: [groupId], in: db).first
        }
    }

    /// Says the group meets as listed, if `mayConfirm` admits its organization (`StoreFailure.forbidden`
    /// otherwise); `audit` is recorded with the group's organization. Returns the group as now shown.
    public func confirmGroup(id: Int64, by actor: String, mayConfirm: (Int64) -> Bool, audit: AuditEntry) throws -> GroupDetails {
        try pool.write { db in
            guard let group = try GroupRecord.fetchOne(db, id: id) else { throw StoreFailure.notFound }
            guard mayConfirm(group.organizationId) else { throw StoreFailure.forbidden }
            try ListingWrites.confirmGroup(id, by: actor, in: db)
            var audit = audit
            audit.organizationId = group.organizationId
            try AuditWrites.record(audit, in: db)
            return try GroupReads.details(ids: [id], in: db)[0]
        }
    }

    /// Confirms one occurrence if the schedule is still at `scheduleVersion`, the version the date
    /// was checked against. Returns the schedule's group as now shown.
    public func confirmOccurrence(scheduleId: Int64, date: String, by actor: String, scheduleVersion: Int, audit: AuditEntry) throws -> GroupDetails {
        try pool.write { db in
            let schedule = try Self.schedule(scheduleId, atVersion: scheduleVersion, in: db)
            _ = try ListingWrites.confirmOccurrence(scheduleId: scheduleId, date: date, by: actor, in: db)
            try AuditWrites.record(audit, in: db)
            return try GroupReads.details(ids: [schedule.groupId], in: db)[0]
        }
    }

    /// Cancels one occurrence if the schedule is still at `scheduleVersion`, the version the date
    /// was checked against. Returns the schedule's group as now shown.
    public func cancelOccurrence(scheduleId: Int64, date: String, note: String, scheduleVersion: Int, audit: AuditEntry) throws -> GroupDetails {
        try pool.write { db in
            let schedule = try Self.schedule(scheduleId, atVersion: scheduleVersion, in: db)
            _ = try ListingWrites.cancelOccurrence(scheduleId: scheduleId, date: date, note: note, in: db)
            try AuditWrites.record(audit, in: db)
            return try GroupReads.details(ids: [schedule.groupId], in: db)[0]
        }
    }

    private static func schedule(_ id: Int64, atVersion version: Int, in db: Database) throws -> ScheduleRecord {
        guard let schedule = try ScheduleRecord.fetchOne(db, id: id) else { throw StoreFailure.notFound }
        guard schedule.version == version else { throw StoreFailure.versionMismatch(current: schedule.version) }
        return schedule
    }
}
