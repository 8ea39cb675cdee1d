import Foundation
import GRDB
import HTTPServer
import Store

/// Keeping a listing current in one step each: "meets as listed", "yes, this meeting is on",
/// "this meeting is cancelled". Facilitators may do these for their organization's groups too.
struct ListingRoutes {
    let api: API

    func register(on router: Router) {
        let api = self.api
        let small = RouteOptions(bodyLimit: 4 * 1024)

        router.post("/api/v1/groups/:id/confirm", options: small) { request in
            let principal = try api.signedIn(request)
            let id = try API.id(request)
            let view: GroupView = try API.store {
                try api.database.pool.write { db in
                    guard let group = try GroupRecord.fetchOne(db, key: id) else { throw HTTPError.notFound("No group with that id.") }
                    try Self.requireConfirm(principal, group.organizationId)
                    try ListingWrites.confirmGroup(id, by: principal.subject, in: db)
                    try api.audit(principal, request, action: "group.confirm", targetType: "group", targetId: String(id),
                                  organizationId: group.organizationId, in: db)
                    return GroupView(try GroupReads.details(ids: [id], in: db)[0], principal: principal, now: Date(), freshness: api.freshness)
                }
            }
            var response = try API.json(view)
            response.headers.set("Cache-Control", "no-store")
            return response
        }

        router.post("/api/v1/schedules/:id/occurrences/:date/confirm", options: small) { request in
            let principal = try api.signedIn(request)
            let (scheduleId, date) = try Self.occurrence(request)
            let meeting: MeetingView = try API.store {
                try api.database.pool.write { db in
                    let schedule = try Self.comingOccurrence(scheduleId, date, principal: principal, in: db)
                    _ = try ListingWrites.confirmOccurrence(scheduleId: scheduleId, date: date.description, by: principal.subject, in: db)
                    try api.audit(principal, request, action: "occurrence.confirm", targetType: "schedule", targetId: "\(scheduleId)/\(date)",
                                  organizationId: try ScheduleWrites.organizationId(ofGroup: schedule.groupId, in: db), in: db)
                    return try Self.meeting(schedule, date, in: db)
                }
            }
            var response = try API.json(meeting)
            response.headers.set("Cache-Control", "no-store")
            return response
        }

        router.post("/api/v1/schedules/:id/occurrences/:date/cancel", options: small) { request in
            let principal = try api.signedIn(request)
            let (scheduleId, date) = try Self.occurrence(request)
            var note = ""
            if !request.body.isEmpty {
                var body = try JSONBody(request)
                body.rejectUnknown(["note"])
                body.text("note", into: &note, max: 500, allowEmpty: true)
                try body.finish()
            }
            let meeting: MeetingView = try API.store {
                try api.database.pool.write { db in
                    let schedule = try Self.comingOccurrence(scheduleId, date, principal: principal, in: db)
                    _ = try ListingWrites.cancelOccurrence(scheduleId: scheduleId, date: date.description, note: note, in: db)
                    try api.audit(principal, request, action: "occurrence.cancel", targetType: "schedule", targetId: "\(scheduleId)/\(date)",
                                  organizationId: try ScheduleWrites.organizationId(ofGroup: schedule.groupId, in: db), in: db)
                    return try Self.meeting(schedule, date, in: db)
                }
            }
            var response = try API.json(meeting)
            response.headers.set("Cache-Control", "no-store")
            return response
        }
    }

    /// 403 unless the principal runs the organization's groups: a coordinator, a facilitator, or an admin.
    static func requireConfirm(_ principal: Principal, _ organizationId: Int64) throws {
        guard principal.role == .admin || ((principal.role == .coordinator || principal.role == .facilitator) && principal.organizationId == organizationId) else {
            throw HTTPError(403, detail: "Only the organization's coordinators and facilitators confirm or cancel its meetings.")
        }
    }

    /// The schedule id and the occurrence's date from the path (404 for a malformed date).
    static func occurrence(_ request: Request) throws -> (Int64, LocalDate) {
        let id = try API.id(request)
        guard let date = LocalDate(request.parameter("date")) else {
            throw HTTPError.notFound("The date must be written like 2026-12-01.")
        }
        return (id, date)
    }

    /// The schedule, once the principal may change it and `date` is a coming date on which it meets.
    static func comingOccurrence(_ scheduleId: Int64, _ date: LocalDate, principal: Principal, in db: Database) throws -> ScheduleRecord {
        guard let schedule = try ScheduleRecord.fetchOne(db, key: scheduleId),
              let organizationId = try ScheduleWrites.organizationId(ofGroup: schedule.groupId, in: db) else {
            throw HTTPError.notFound("No schedule with that id.")
        }
        try requireConfirm(principal, organizationId)
        guard let recurrence = ScheduleMapping.recurrence(schedule), recurrence.meets(on: date) else {
            throw HTTPError.unprocessable([FieldError(field: "date", message: "is not a date on which this schedule meets")])
        }
        let today = Recurrence.ianaTimeZone(schedule.timeZone).map { ZonedTime(timeZone: $0).localDateAndTime(at: Date()).date }
        if let today, date < today {
            throw HTTPError.unprocessable([FieldError(field: "date", message: "is in the past; only coming meetings can be confirmed or cancelled")])
        }
        return schedule
    }

    /// The meeting on `date` as the meetings API now shows it.
    static func meeting(_ schedule: ScheduleRecord, _ date: LocalDate, in db: Database) throws -> MeetingView {
        let details = try GroupReads.details(ids: [schedule.groupId], in: db)[0]
        let start = Date(timeIntervalSince1970: Double(date.daysSince1970 - 2) * 86_400)
        let end = Date(timeIntervalSince1970: Double(date.daysSince1970 + 40) * 86_400)
        guard let found = MeetingFinder.meetings(for: details, from: start, to: end)
            .first(where: { $0.schedule.id == schedule.id && $0.occurrence.originalDate == date }) else {
            throw HTTPError.notFound("No meeting on that date.")
        }
        return MeetingView(found, group: details)
    }
}
