import Foundation
import Schedules
import Store

/// One meeting (an occurrence of a schedule) as the API shows it.
public struct MeetingView: Encodable {
    public var groupId: Int64
    public var groupSlug: String
    public var groupName: String
    public var scheduleId: Int64
    public var date: String
    public var startTime: String
    public var endTime: String
    public var timeZone: String
    public var startsAt: String
    public var endsAt: String
    public var status: String
    public var originalDate: String
    /// The local start time the rule gives it, before any move.
    public var originalStartTime: String
    /// It has begun and not ended at the time of the answer: the meeting to join now.
    public var happeningNow: Bool
    public var note: String
    public var format: GroupFormat
    public var location: Place?
    public var summary: String
    /// Someone who runs the group confirmed this very meeting ("yes, it is on").
    public var confirmed: Bool
    public var confirmedAt: String?

    public struct Place: Encodable {
        public var id: Int64
        public var name: String
        public var address: String?
        public var city: String?
        public var state: String?
    }

    public init(_ m: FoundMeeting, group d: GroupDetails, now: Date = Date()) {
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
        originalStartTime = zone.map { ZonedTime(timeZone: $0).localDateAndTime(at: o.originalStart).time.description } ?? startTime
        happeningNow = m.isHappening(at: now)
        note = o.note
        format = d.group.format
        location = d.place(of: m).map { Place(id: $0.id!, name: $0.name, address: $0.address, city: $0.city, state: $0.state) }
        summary = o.spokenDescription
        let confirmation =
            o.status == .cancelled
            ? nil
            : d.confirmations.first { $0.scheduleId == m.schedule.id && $0.occurrenceDate == o.originalDate.description }
        confirmed = confirmation != nil
        confirmedAt = confirmation?.confirmedAt
    }
}
