import GRDB

/// A schedule with its exceptions, and the organization whose managers may change it.
public struct ScheduleDetails: Sendable {
    public var schedule: ScheduleRecord
    public var exceptions: [ScheduleExceptionRecord]
    public var organizationId: Int64
}

/// What the API does with schedules and their exceptions, each in one transaction.
extension AppDatabase {
    /// A group's schedules with their exceptions; nil when there is no such group.
    public func schedules(ofGroup groupId: Int64) throws -> [ScheduleDetails]? {
        try pool.read { db in
            guard let organizationId = try ScheduleWrites.organizationId(ofGroup: groupId, in: db) else { return nil }
            return try ScheduleWrites.schedules(groupId: groupId, in: db).map {
                ScheduleDetails(schedule: $0, exceptions: try ScheduleWrites.exceptions(scheduleId: $0.id!, in: db), organizationId: organizationId)
            }
        }
    }

    public func schedule(id: Int64) throws -> ScheduleDetails? {
        try pool.read { db in try ScheduleDetails.read(id: id, in: db) }
    }

    /// Adds a schedule to its group once per idempotency claim; without a time zone it takes the group's.
    public func createSchedule(
        _ schedule: ScheduleRecord, claim: IdempotencyClaim,
        answer: (ScheduleRecord) throws -> StoredResponse
    ) throws -> IdempotencyOutcome {
        try once(
            claim,
            { db in
                var schedule = schedule
                if schedule.timeZone.isEmpty, let zone = try GroupRecord.fetchOne(db, id: schedule.groupId)?.timeZone { schedule.timeZone = zone }
                return try ScheduleWrites.insert(schedule, in: db)
            }, answer: answer)
    }

    /// Writes a changed schedule if it is still at `expectedVersion`.
    public func updateSchedule(_ schedule: ScheduleRecord, expectedVersion: Int) throws -> ScheduleDetails {
        try pool.write { db in
            let saved = try ScheduleWrites.update(schedule, expectedVersion: expectedVersion, in: db)
            guard let details = try ScheduleDetails.read(id: saved.id!, in: db) else { throw StoreFailure.notFound }
            return details
        }
    }

    /// Deletes a schedule if `mayManage` admits its organization (`StoreFailure.forbidden` otherwise)
    /// and it is at a version `expected` admits.
    public func deleteSchedule(id: Int64, expected: VersionPrecondition, mayManage: (Int64) -> Bool) throws {
        try pool.write { db in
            guard let details = try ScheduleDetails.read(id: id, in: db) else { throw StoreFailure.notFound }
            guard mayManage(details.organizationId) else { throw StoreFailure.forbidden }
            try ScheduleWrites.delete(id: id, expected: expected, in: db)
        }
    }

    /// Adds or replaces the exception of one occurrence once per idempotency claim, if the schedule is
    /// still at `scheduleVersion`, the version the occurrence was checked against.
    public func saveException(
        _ exception: ScheduleExceptionRecord, scheduleVersion: Int, claim: IdempotencyClaim,
        answer: (ScheduleExceptionRecord) throws -> StoredResponse
    ) throws -> IdempotencyOutcome {
        try once(
            claim,
            { db in
                guard let schedule = try ScheduleRecord.fetchOne(db, id: exception.scheduleId) else { throw StoreFailure.notFound }
                guard schedule.version == scheduleVersion else { throw StoreFailure.versionMismatch(current: schedule.version) }
                return try ScheduleWrites.saveException(exception, in: db)
            }, answer: answer)
    }

    /// Removes the exception of one occurrence if `mayManage` admits the schedule's organization.
    public func deleteException(scheduleId: Int64, occurrenceDate: String, mayManage: (Int64) -> Bool) throws {
        try pool.write { db in
            guard let details = try ScheduleDetails.read(id: scheduleId, in: db) else { throw StoreFailure.notFound }
            guard mayManage(details.organizationId) else { throw StoreFailure.forbidden }
            try ScheduleWrites.deleteException(scheduleId: scheduleId, occurrenceDate: occurrenceDate, in: db)
        }
    }
}

extension ScheduleDetails {
    static func read(id: Int64, in db: Database) throws -> ScheduleDetails? {
        guard let schedule = try ScheduleRecord.fetchOne(db, id: id) else { return nil }
        return ScheduleDetails(
            schedule: schedule, exceptions: try ScheduleWrites.exceptions(scheduleId: id, in: db),
            organizationId: try ScheduleWrites.organizationId(ofGroup: schedule.groupId, in: db) ?? 0)
    }
}
