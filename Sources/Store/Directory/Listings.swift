import Foundation
import GRDB

/// Keeping a listing current: confirming it meets as listed, confirming one occurrence, updating open seats.
/// None of these bump the group's version: they say the record is right, they do not change it.
public enum ListingWrites {
    /// Marks the group confirmed now; returns the timestamp.
    @discardableResult
    public static func confirmGroup(_ groupId: Int64, by actor: String, in db: Database) throws -> String {
        let now = Timestamp.now().text
        try db.execute(sql: "UPDATE groups SET last_confirmed_at = ?, last_confirmed_by = ? WHERE id = ?", arguments: [now, actor, groupId])
        if db.changesCount == 0 { throw StoreFailure.notFound }
        return now
    }

    /// Confirms one occurrence (again, if it was confirmed before), and with it the listing. A cancelled
    /// occurrence is un-cancelled: confirming says the meeting happens.
    public static func confirmOccurrence(scheduleId: Int64, date: String, by actor: String, in db: Database) throws -> OccurrenceConfirmation {
        guard let schedule = try ScheduleRecord.fetchOne(db, id: scheduleId) else { throw StoreFailure.notFound }
        try db.execute(
            sql: "DELETE FROM schedule_exceptions WHERE schedule_id = ? AND occurrence_date = ? AND kind = ?",
            arguments: [scheduleId, date, ExceptionKind.cancelled])
        if db.changesCount > 0 {
            try ScheduleWrites.touchSchedule(scheduleId, in: db)
            try ScheduleWrites.touchGroup(schedule.groupId, in: db)
        }
        var record = OccurrenceConfirmation(scheduleId: scheduleId, occurrenceDate: date, confirmedBy: actor)
        try record.save(db)
        try confirmGroup(schedule.groupId, by: actor, in: db)
        return record
    }

    /// Cancels one occurrence (replacing a move or a confirmation of it).
    public static func cancelOccurrence(scheduleId: Int64, date: String, note: String, in db: Database) throws -> ScheduleExceptionRecord {
        try db.execute(sql: "DELETE FROM occurrence_confirmations WHERE schedule_id = ? AND occurrence_date = ?", arguments: [scheduleId, date])
        var exception = ScheduleExceptionRecord(scheduleId: scheduleId, occurrenceDate: date, kind: .cancelled)
        exception.note = note
        return try ScheduleWrites.saveException(exception, in: db)
    }
}
