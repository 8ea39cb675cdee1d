import Foundation
import GRDB
import HTTPServer
import Store

/// Meeting schedules of a group and their exceptions (a cancelled or moved occurrence).
struct ScheduleRoutes {
    let api: API

    static let fields: Set<String> = ["frequency", "weekdays", "week_of_month", "start_time", "duration_minutes", "time_zone", "starts_on", "ends_on", "location_id", "notes"]
    static let exceptionFields: Set<String> = ["occurrence_date", "kind", "moved_to_date", "moved_to_time", "moved_location_id", "note"]

    func register(on router: Router) {
        let api = self.api
        router.get("/api/v1/groups/:id/schedules") { request in
            let groupId = try API.id(request)
            let views: [ScheduleView]? = try api.database.pool.read { db in
                guard try ScheduleWrites.organizationId(ofGroup: groupId, in: db) != nil else { return nil }
                return try ScheduleWrites.schedules(groupId: groupId, in: db).map {
                    ScheduleView($0, exceptions: try ScheduleWrites.exceptions(scheduleId: $0.id!, in: db))
                }
            }
            guard let views else { throw HTTPError.notFound("No group with that id.") }
            return try API.json(Page(data: views, next: nil))
        }

        router.post("/api/v1/groups/:id/schedules") { request in
            let principal = try api.signedIn(request)
            let groupId = try API.id(request)
            let organizationId = try api.database.pool.read { try ScheduleWrites.organizationId(ofGroup: groupId, in: $0) }
            guard let organizationId else { throw HTTPError.notFound("No group with that id.") }
            try API.requireManage(principal, organizationId: organizationId)
            var body = try JSONBody(request)
            body.rejectUnknown(Self.fields)
            var record = ScheduleRecord(groupId: groupId, frequency: "weekly", startTime: "", durationMinutes: 60, timeZone: "", startsOn: "")
            Self.apply(&body, to: &record, creating: true)
            try body.finish()
            return try api.create(request, principal: principal) { db in
                if record.timeZone.isEmpty, let zone = try GroupRecord.fetchOne(db, key: groupId)?.timeZone { record.timeZone = zone }
                let saved = try ScheduleWrites.insert(record, in: db)
                return StoredResponse(status: 201, location: "/api/v1/schedules/\(saved.id!)", body: try API.encode(ScheduleView(saved, exceptions: [])))
            }
        }

        router.get("/api/v1/schedules/:id") { request in
            let id = try API.id(request)
            let found: (ScheduleView, Int)? = try api.database.pool.read { db in
                guard let record = try ScheduleRecord.fetchOne(db, key: id) else { return nil }
                return (ScheduleView(record, exceptions: try ScheduleWrites.exceptions(scheduleId: id, in: db)), record.version)
            }
            guard let (view, version) = found else { throw HTTPError.notFound("No schedule with that id.") }
            return try API.json(view, version: version, request: request)
        }

        router.patch("/api/v1/schedules/:id") { request in
            let principal = try api.signedIn(request)
            let id = try API.id(request)
            let expected = try API.expectedVersion(request)
            var body = try JSONBody(request)
            body.rejectUnknown(Self.fields)
            let (view, version): (ScheduleView, Int) = try API.store {
                try api.database.pool.write { db in
                    guard var record = try ScheduleRecord.fetchOne(db, key: id) else { throw StoreFailure.notFound }
                    try API.requireManage(principal, organizationId: try ScheduleWrites.organizationId(ofGroup: record.groupId, in: db) ?? 0)
                    Self.apply(&body, to: &record, creating: false)
                    try body.finish()
                    let saved = try ScheduleWrites.update(record, expectedVersion: expected, in: db)
                    return (ScheduleView(saved, exceptions: try ScheduleWrites.exceptions(scheduleId: id, in: db)), saved.version)
                }
            }
            return try API.json(view, version: version)
        }

        router.delete("/api/v1/schedules/:id") { request in
            let principal = try api.signedIn(request)
            let id = try API.id(request)
            let expected = try API.expectedVersion(request)
            try API.store {
                try api.database.pool.write { db in
                    guard let record = try ScheduleRecord.fetchOne(db, key: id) else { throw StoreFailure.notFound }
                    try API.requireManage(principal, organizationId: try ScheduleWrites.organizationId(ofGroup: record.groupId, in: db) ?? 0)
                    try ScheduleWrites.delete(id: id, expectedVersion: expected, in: db)
                }
            }
            return .empty(status: 204)
        }

        router.post("/api/v1/schedules/:id/exceptions") { request in
            let principal = try api.signedIn(request)
            let id = try API.id(request)
            let organizationId = try api.database.pool.read { db in
                try ScheduleRecord.fetchOne(db, key: id).flatMap { try ScheduleWrites.organizationId(ofGroup: $0.groupId, in: db) }
            }
            guard let organizationId else { throw HTTPError.notFound("No schedule with that id.") }
            try API.requireManage(principal, organizationId: organizationId)
            var body = try JSONBody(request)
            body.rejectUnknown(Self.exceptionFields)
            var exception = ScheduleExceptionRecord(scheduleId: id, occurrenceDate: "", kind: "cancelled")
            body.text("occurrence_date", into: &exception.occurrenceDate, required: true, max: 10)
            body.choice("kind", from: ["cancelled", "moved"], into: &exception.kind, required: true)
            body.optionalText("moved_to_date", into: &exception.movedToDate, max: 10, validate: { LocalDate($0) == nil ? "must be a date such as 2026-12-01" : nil })
            body.optionalText("moved_to_time", into: &exception.movedToTime, max: 5, validate: { LocalTime($0) == nil ? "must be a time such as 18:30" : nil })
            body.optionalIdentifier("moved_location_id", into: &exception.movedLocationId)
            body.text("note", into: &exception.note, max: 500, allowEmpty: true)
            if !exception.occurrenceDate.isEmpty && LocalDate(exception.occurrenceDate) == nil { body.fail("occurrence_date", "must be a date such as 2026-12-01") }
            if exception.kind == "moved" && exception.movedToDate == nil && exception.movedToTime == nil && exception.movedLocationId == nil {
                body.fail("moved_to_date", "or moved_to_time or moved_location_id is required when kind is moved")
            }
            try body.finish()
            return try api.create(request, principal: principal) { db in
                guard let schedule = try ScheduleRecord.fetchOne(db, key: id) else { throw HTTPError.notFound("No schedule with that id.") }
                try API.requireManage(principal, organizationId: try ScheduleWrites.organizationId(ofGroup: schedule.groupId, in: db) ?? 0)
                guard let date = LocalDate(exception.occurrenceDate), ScheduleMapping.meets(schedule, on: date) else {
                    throw HTTPError.unprocessable([FieldError(field: "occurrence_date", message: "is not a date on which this schedule meets")])
                }
                let saved = try API.store { try ScheduleWrites.saveException(exception, in: db) }
                return StoredResponse(status: 201, location: "/api/v1/schedules/\(id)",
                                      body: try API.encode(ScheduleView.ExceptionView(saved)))
            }
        }

        router.delete("/api/v1/schedules/:id/exceptions/:date") { request in
            let principal = try api.signedIn(request)
            let id = try API.id(request)
            let date = request.parameter("date")
            try API.store {
                try api.database.pool.write { db in
                    guard let schedule = try ScheduleRecord.fetchOne(db, key: id) else { throw StoreFailure.notFound }
                    try API.requireManage(principal, organizationId: try ScheduleWrites.organizationId(ofGroup: schedule.groupId, in: db) ?? 0)
                    try ScheduleWrites.deleteException(scheduleId: id, occurrenceDate: date, in: db)
                }
            }
            return .empty(status: 204)
        }
    }

    /// Copies a body's fields onto a schedule and validates the whole rule.
    static func apply(_ body: inout JSONBody, to r: inout ScheduleRecord, creating: Bool) {
        body.choice("frequency", from: Frequency.allCases.map(\.rawValue), into: &r.frequency, required: creating)
        if body.has("weekdays") {
            var names: [String] = []
            body.textList("weekdays", into: &names, maxCount: 7, maxLength: 10, validate: { Weekday(name: $0) != nil }, rule: "is not a weekday name such as tuesday")
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
