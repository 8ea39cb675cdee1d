import Foundation
import GroupViews
import HTTPServer
import Schedules
import Store

/// Keeping a listing current in one step each: "meets as listed", "yes, this meeting is on",
/// "this meeting is cancelled". Facilitators may do these for their organization's groups too.
struct ListingRoutes: RouteCollection {
    let api: API

    init(_ context: RouteContext) { api = context.api }

    static let routes: [Route<Self>] = [
        .post("/api/v1/groups/:id/confirm", .managesOrganization, Self.confirmGroup, bodyLimit: 4 * 1024),
        .post("/api/v1/schedules/:id/occurrences/:date/confirm", .managesOrganization, Self.confirmOccurrence, bodyLimit: 4 * 1024),
        .post("/api/v1/schedules/:id/occurrences/:date/cancel", .managesOrganization, Self.cancelOccurrence, bodyLimit: 4 * 1024),
    ]

    func confirmGroup(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        let audit = API.auditEntry(caller, request, action: "group.confirm", targetType: "group", targetId: String(id))
        let details = try API.store(notFound: "No group with that id.") {
            do {
                return try api.database.confirmGroup(id: id, by: caller.subject, mayConfirm: { Self.mayConfirm(caller, $0) }, audit: audit)
            } catch StoreFailure.forbidden {
                throw Self.refusal
            }
        }
        return try Self.unstored(GroupView(details, principal: caller, now: Date(), freshness: api.freshness))
    }

    func confirmOccurrence(_ request: Request, _ caller: Principal) throws -> Response {
        let (scheduleId, date) = try Self.occurrence(request)
        let meeting = try changeComingOccurrence(scheduleId, date, caller, request, action: "occurrence.confirm") { version, audit in
            try api.database.confirmOccurrence(scheduleId: scheduleId, date: date.description, by: caller.subject, scheduleVersion: version, audit: audit)
        }
        return try Self.unstored(meeting)
    }

    func cancelOccurrence(_ request: Request, _ caller: Principal) throws -> Response {
        let (scheduleId, date) = try Self.occurrence(request)
        var note = ""
        if !request.body.isEmpty {
            var body = try JSONBody(request)
            body.rejectUnknown(["note"])
            body.text("note", into: &note, max: 500, allowEmpty: true)
            try body.finish()
        }
        let meeting = try changeComingOccurrence(scheduleId, date, caller, request, action: "occurrence.cancel") { version, audit in
            try api.database.cancelOccurrence(scheduleId: scheduleId, date: date.description, note: note, scheduleVersion: version, audit: audit)
        }
        return try Self.unstored(meeting)
    }

    /// Checks, on the schedule as read, that the caller runs its group and that `date` is a coming
    /// date on which it meets; then `write` changes that occurrence if the schedule is still the
    /// version read (read and checked again once if not). The meeting as the meetings API now shows it.
    func changeComingOccurrence(
        _ scheduleId: Int64, _ date: LocalDate, _ caller: Principal, _ request: Request, action: String,
        write: (_ scheduleVersion: Int, AuditEntry) throws -> GroupDetails
    ) throws -> MeetingView {
        try API.store(notFound: "No schedule with that id.") {
            try VersionedChange.write(
                expected: .any, read: { try api.database.groupDetails(ofSchedule: scheduleId) },
                version: { Self.schedule(scheduleId, of: $0)?.version ?? 0 }
            ) { details, version in
                guard let schedule = Self.schedule(scheduleId, of: details) else { throw StoreFailure.notFound }
                try Self.requireConfirm(caller, details.group.organizationId)
                try Self.checkComing(schedule, date)
                // The meeting must be there before anything is written.
                _ = try Self.meeting(schedule, date, of: details)
                let audit = API.auditEntry(
                    caller, request, action: action, targetType: "schedule", targetId: "\(scheduleId)/\(date)",
                    organizationId: details.group.organizationId)
                return try Self.meeting(schedule, date, of: try write(version, audit))
            }
        }
    }

    /// An answer about a listing just changed: never stored by caches.
    static func unstored<T: Encodable>(_ value: T) throws -> Response {
        var response = try API.json(value)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    static let refusal = HTTPError(403, detail: "Only the organization's coordinators and facilitators confirm or cancel its meetings.")

    /// Whether the caller runs the organization's groups: a coordinator, a facilitator, or an admin.
    static func mayConfirm(_ caller: Principal, _ organizationId: Int64) -> Bool {
        caller.role == .admin || ((caller.role == .coordinator || caller.role == .facilitator) && caller.organizationId == organizationId)
    }

    /// 403 unless the caller runs the organization's groups.
    static func requireConfirm(_ caller: Principal, _ organizationId: Int64) throws {
        guard mayConfirm(caller, organizationId) else { throw refusal }
    }

    /// The schedule id and the occurrence's date from the path (404 for a malformed date).
    static func occurrence(_ request: Request) throws -> (Int64, LocalDate) {
        let id = try API.id(request)
        guard let date = LocalDate(request.parameter("date")) else {
            throw HTTPError.notFound("The date must be written like 2026-12-01.")
        }
        return (id, date)
    }

    static func schedule(_ id: Int64, of group: GroupDetails) -> ScheduleRecord? {
        group.schedules.first { $0.id == id }
    }

    /// 422 unless `date` is a coming date on which the schedule meets.
    static func checkComing(_ schedule: ScheduleRecord, _ date: LocalDate) throws {
        guard let recurrence = ScheduleMapping.recurrence(schedule), recurrence.meets(on: date) else {
            throw HTTPError.unprocessable([FieldError(field: "date", message: "is not a date on which this schedule meets")])
        }
        let today = Recurrence.ianaTimeZone(schedule.timeZone).map { ZonedTime(timeZone: $0).localDateAndTime(at: Date()).date }
        if let today, date < today {
            throw HTTPError.unprocessable([FieldError(field: "date", message: "is in the past; only coming meetings can be confirmed or cancelled")])
        }
    }

    /// The meeting on `date` as the meetings API shows it.
    static func meeting(_ schedule: ScheduleRecord, _ date: LocalDate, of details: GroupDetails) throws -> MeetingView {
        let start = Date(timeIntervalSince1970: Double(date.daysSince1970 - 2) * 86_400)
        let end = Date(timeIntervalSince1970: Double(date.daysSince1970 + 40) * 86_400)
        guard
            let found = MeetingFinder.meetings(for: details, from: start, to: end)
                .first(where: { $0.schedule.id == schedule.id && $0.occurrence.originalDate == date })
        else {
            throw HTTPError.notFound("No meeting on that date.")
        }
        return MeetingView(found, group: details)
    }
}
