import Schedules
import Store

/// A schedule as the API shows it: the rule, in words too, and its exceptions.
struct ScheduleView: Encodable {
    var id: Int64
    var groupId: Int64
    var frequency: String
    var weekdays: [String]
    var weekOfMonth: Int?
    var startTime: String
    var durationMinutes: Int
    var timeZone: String
    var startsOn: String
    var endsOn: String?
    var locationId: Int64?
    var notes: String
    var summary: String
    var exceptions: [ExceptionView]
    var updatedAt: String

    struct ExceptionView: Encodable {
        var occurrenceDate: String
        var kind: String
        var movedToDate: String?
        var movedToTime: String?
        var movedLocationId: Int64?
        var note: String

        init(_ e: ScheduleExceptionRecord) {
            occurrenceDate = e.occurrenceDate
            kind = e.kind
            movedToDate = e.movedToDate
            movedToTime = e.movedToTime
            movedLocationId = e.movedLocationId
            note = e.note
        }
    }

    init(_ r: ScheduleRecord, exceptions: [ScheduleExceptionRecord]) {
        id = r.id!
        groupId = r.groupId
        frequency = r.frequency
        weekdays = ScheduleMapping.weekdays(r.weekdays).compactMap { Weekday(icalCode: $0)?.name }
        weekOfMonth = r.weekOfMonth
        startTime = r.startTime
        durationMinutes = r.durationMinutes
        timeZone = r.timeZone
        startsOn = r.startsOn
        endsOn = r.endsOn
        locationId = r.locationId
        notes = r.notes
        summary = ScheduleMapping.recurrence(r).map { $0.englishDescription } ?? ""
        self.exceptions = exceptions.map(ExceptionView.init)
        updatedAt = r.updatedAt
    }
}

/// One meeting (an occurrence of a schedule) as the API shows it.
struct MeetingView: Encodable {
    var groupId: Int64
    var groupSlug: String
    var groupName: String
    var scheduleId: Int64
    var date: String
    var startTime: String
    var endTime: String
    var timeZone: String
    var startsAt: String
    var endsAt: String
    var status: String
    var originalDate: String
    var note: String
    var format: String
    var location: Place?
    var summary: String
    /// Someone who runs the group confirmed this very meeting ("yes, it is on").
    var confirmed: Bool
    var confirmedAt: String?

    struct Place: Encodable {
        var id: Int64
        var name: String
        var address: String?
        var city: String?
        var state: String?
    }

    init(_ m: FoundMeeting, group d: GroupDetails) {
        let o = m.occurrence
        groupId = d.group.id!
        groupSlug = d.group.slug
        groupName = d.group.name
        scheduleId = m.schedule.id!
        date = o.date.description
        startTime = o.startTime.description
        let zone = Recurrence.ianaTimeZone(o.timeZone)
        endTime = zone.map { ZonedTime(timeZone: $0).localDateAndTime(at: o.end).time.description } ?? ""
        timeZone = o.timeZone
        startsAt = Timestamp.format(o.start)
        endsAt = Timestamp.format(o.end)
        status = o.status.rawValue
        originalDate = o.originalDate.description
        note = o.note
        format = d.group.format
        let locationId = m.exception?.movedLocationId ?? m.schedule.locationId ?? d.group.locationId
        let place = locationId.flatMap { d.scheduleLocations[$0] ?? (d.location?.id == $0 ? d.location : nil) }
        location = place.map { Place(id: $0.id!, name: $0.name, address: $0.address, city: $0.city, state: $0.state) }
        summary = o.spokenDescription
        let confirmation = o.status == .cancelled ? nil
            : d.confirmations.first { $0.scheduleId == m.schedule.id && $0.occurrenceDate == o.originalDate.description }
        confirmed = confirmation != nil
        confirmedAt = confirmation?.confirmedAt
    }
}
