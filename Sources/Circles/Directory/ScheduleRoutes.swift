import Foundation
import GroupViews
import HTTPServer
import Schedules
import Store

/// Meeting schedules of a group and their exceptions (a cancelled or moved occurrence).
struct ScheduleRoutes: RouteCollection {
    let api: API

    static let fields: Set<String> = [
        "frequency", "weekdays", "week_of_month", "start_time", "duration_minutes", "time_zone", "starts_on", "ends_on", "location_id", "notes",
    ]
    static let exceptionFields: Set<String> = ["occurrence_date", "kind", "moved_to_date", "moved_to_time", "moved_location_id", "note"]

    init(_ context: RouteContext) { api = context.api }

    static let routes: [Route<Self>] = [
        .get("/api/v1/groups/:id/schedules", .anyone, Self.listOfGroup),
        .post("/api/v1/groups/:id/schedules", .managesOrganization, Self.create),
        .get("/api/v1/schedules/:id", .anyone, Self.read),
        .patch("/api/v1/schedules/:id", .managesOrganization, Self.update),
        .delete("/api/v1/schedules/:id", .managesOrganization, Self.delete),
        .post("/api/v1/schedules/:id/exceptions", .managesOrganization, Self.addException),
        .delete("/api/v1/schedules/:id/exceptions/:date", .managesOrganization, Self.deleteException),
    ]

    func listOfGroup(_ request: Request, _ caller: Principal) throws -> Response {
        guard let schedules = try api.database.schedules(ofGroup: try API.id(request)) else { throw HTTPError.notFound("No group with that id.") }
        return try API.json(Page(data: schedules.map { ScheduleView($0.schedule, exceptions: $0.exceptions) }, next: nil))
    }

    func create(_ request: Request, _ caller: Principal) throws -> Response {
        let groupId = try API.id(request)
        guard let organizationId = try api.database.organizationId(ofGroup: groupId) else { throw HTTPError.notFound("No group with that id.") }
        try API.requireManage(caller, organizationId: organizationId)
        var body = try JSONBody(request)
        body.rejectUnknown(Self.fields)
        var record = ScheduleRecord(groupId: groupId, frequency: .weekly, startTime: "", durationMinutes: 60, timeZone: "", startsOn: "")
        Self.apply(&body, to: &record, creating: true)
        try body.finish()
        return try api.create(request, principal: caller) { claim in
            try api.database.createSchedule(record, claim: claim) { saved in
                StoredResponse(status: 201, location: "/api/v1/schedules/\(saved.id!)", body: try API.encode(ScheduleView(saved, exceptions: [])))
            }
        }
    }

    func read(_ request: Request, _ caller: Principal) throws -> Response {
        guard let details = try api.database.schedule(id: try API.id(request)) else { throw HTTPError.notFound("No schedule with that id.") }
        return try API.json(ScheduleView(details.schedule, exceptions: details.exceptions), version: details.schedule.version)
    }

    func update(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        let expected = try API.expectedVersion(request)
        var body = try JSONBody(request)
        body.rejectUnknown(Self.fields)
        let details = try API.store {
            try VersionedChange.write(expected: expected, read: { try api.database.schedule(id: id) }, version: \.schedule.version) { current, version in
                try API.requireManage(caller, organizationId: current.organizationId)
                var record = current.schedule
                var changes = body
                Self.apply(&changes, to: &record, creating: false)
                try changes.finish()
                return try api.database.updateSchedule(record, expectedVersion: version)
            }
        }
        return try API.json(ScheduleView(details.schedule, exceptions: details.exceptions), version: details.schedule.version)
    }

    func delete(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        let expected = try API.expectedVersion(request)
        try API.store { try api.database.deleteSchedule(id: id, expected: expected, mayManage: { caller.canManage(organizationId: $0) }) }
        return .empty(status: 204)
    }

    /// Cancels or moves one occurrence. The date is checked against the schedule as read, and the
    /// exception is saved only if the schedule is still that version (read and checked again once if not).
    func addException(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        guard let details = try api.database.schedule(id: id) else { throw HTTPError.notFound("No schedule with that id.") }
        try API.requireManage(caller, organizationId: details.organizationId)
        var body = try JSONBody(request)
        body.rejectUnknown(Self.exceptionFields)
        var exception = ScheduleExceptionRecord(scheduleId: id, occurrenceDate: "", kind: .cancelled)
        body.text("occurrence_date", into: &exception.occurrenceDate, required: true, max: 10)
        body.choice("kind", into: &exception.kind, required: true)
        body.optionalText(
            "moved_to_date", into: &exception.movedToDate, max: 10,
            validate: { text in
                guard let date = LocalDate(text) else { return "must be a date such as 2026-12-01" }
                return date >= .firstUnscheduled ? LocalDate.unscheduledMessage : nil
            })
        body.optionalText("moved_to_time", into: &exception.movedToTime, max: 5, validate: { LocalTime($0) == nil ? "must be a time such as 18:30" : nil })
        body.optionalIdentifier("moved_location_id", into: &exception.movedLocationId)
        body.text("note", into: &exception.note, max: 500, allowEmpty: true)
        if !exception.occurrenceDate.isEmpty && LocalDate(exception.occurrenceDate) == nil { body.fail("occurrence_date", "must be a date such as 2026-12-01") }
        if exception.kind == .cancelled {
            let moves = [
                ("moved_to_date", exception.movedToDate != nil), ("moved_to_time", exception.movedToTime != nil),
                ("moved_location_id", exception.movedLocationId != nil),
            ]
            for (field, given) in moves where given { body.fail(field, "is only for a moved meeting; a cancelled one is not moved") }
        }
        if exception.kind == .moved && exception.movedToDate == nil && exception.movedToTime == nil && exception.movedLocationId == nil {
            body.fail("moved_to_date", "or moved_to_time or moved_location_id is required when kind is moved")
        }
        try body.finish()
        return try api.create(request, principal: caller, notFound: "No schedule with that id.") { claim in
            try VersionedChange.write(expected: .any, read: { try api.database.schedule(id: id) }, version: \.schedule.version) { current, version in
                try API.requireManage(caller, organizationId: current.organizationId)
                guard let date = LocalDate(exception.occurrenceDate), ScheduleMapping.meets(current.schedule, on: date) else {
                    throw HTTPError.unprocessable([FieldError(field: "occurrence_date", message: "is not a date on which this schedule meets")])
                }
                let problems = MeetingMoveRules.problems(exception, of: current.schedule, now: Date())
                if !problems.isEmpty { throw HTTPError.unprocessable(problems) }
                return try api.database.saveException(exception, scheduleVersion: version, claim: claim) { saved in
                    StoredResponse(
                        status: 201, location: "/api/v1/schedules/\(id)/exceptions/\(saved.occurrenceDate)",
                        body: try API.encode(ScheduleView.ExceptionView(saved)))
                }
            }
        }
    }

    func deleteException(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        let date = request.parameter("date")
        try API.store { try api.database.deleteException(scheduleId: id, occurrenceDate: date, mayManage: { caller.canManage(organizationId: $0) }) }
        return .empty(status: 204)
    }

    /// Copies a body's fields onto a schedule and validates the whole rule.
    static func apply(_ body: inout JSONBody, to r: inout ScheduleRecord, creating: Bool) {
        body.choice("frequency", into: &r.frequency, required: creating)
        if body.has("weekdays") {
            var names: [String] = []
            body.textList(
                "weekdays", into: &names, maxCount: 7, maxLength: 10, validate: { Weekday(name: $0) != nil }, rule: "is not a weekday name such as tuesday")
            r.weekdays = names.compactMap { Weekday(name: $0) }.sorted().map(\.icalCode).joined(separator: ",")
        }
        body.optionalInteger("week_of_month", into: &r.weekOfMonth, range: -1...5)
        body.text("start_time", into: &r.startTime, required: creating, max: 5)
        body.integer("duration_minutes", into: &r.durationMinutes, range: 1...1440)
        if body.has("time_zone") { body.text("time_zone", into: &r.timeZone, max: 64) }
        body.text("starts_on", into: &r.startsOn, required: creating, max: 10)
        body.optionalText("ends_on", into: &r.endsOn, max: 10)
        body.optionalIdentifier("location_id", into: &r.locationId)
        body.text("notes", into: &r.notes, max: 500, allowEmpty: true)
        guard body.errors.isEmpty else { return }
        var check = r
        if check.timeZone.isEmpty { check.timeZone = "UTC" }
        for problem in ScheduleMapping.recurrenceProblems(check) { body.fail(problem.field, problem.message) }
    }
}
