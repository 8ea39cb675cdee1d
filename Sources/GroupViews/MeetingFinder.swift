import Foundation
import Schedules
import Store

/// One meeting found by expanding a schedule.
public struct FoundMeeting {
    public var schedule: ScheduleRecord
    public var occurrence: Occurrence
    public var exception: ScheduleExceptionRecord?

    /// Where this very meeting takes place, by location id: the place it was moved to, else its schedule's, else the group's.
    public var locationId: Int64? { exception?.movedLocationId ?? schedule.locationId }

    /// It has begun and not ended (a cancelled meeting never is).
    public func isHappening(at now: Date) -> Bool {
        occurrence.status != .cancelled && occurrence.start <= now && now < occurrence.end
    }

    /// It takes place somewhere other than the group's usual place, or at another time or date.
    public var isChanged: Bool { occurrence.status == .moved }
}

/// Expands a group's schedules into meetings.
public enum MeetingFinder {
    /// The longest a meeting can last (a schedule's `duration_minutes` is at most a day).
    static let longestMeeting: TimeInterval = 24 * 3600

    /// Every meeting of a group in [from, to), cancelled ones included, by start time.
    public static func meetings(for d: GroupDetails, from: Date, to: Date, includeCancelled: Bool = true) -> [FoundMeeting] {
        var found: [FoundMeeting] = []
        for schedule in d.schedules {
            guard let recurrence = ScheduleMapping.recurrence(schedule) else { continue }
            let records = d.exceptions.filter { $0.scheduleId == schedule.id }
            let exceptions = records.compactMap(ScheduleMapping.exception)
            for occurrence in recurrence.occurrences(from: from, to: to, exceptions: exceptions, includeCancelled: includeCancelled) {
                let record = records.first { $0.occurrenceDate == occurrence.originalDate.description }
                found.append(FoundMeeting(schedule: schedule, occurrence: occurrence, exception: record))
            }
        }
        return found.sorted { ($0.occurrence.start, $0.schedule.id!) < ($1.occurrence.start, $1.schedule.id!) }
    }

    /// The meeting a person can go to now or next: one that has begun and not ended (a meeting that
    /// began 14 minutes ago is still the one to join), else the next that is not cancelled, within a year.
    /// Every surface (pages, API, feeds, the widget) asks this, so that they agree.
    public static func next(for d: GroupDetails, after now: Date) -> FoundMeeting? {
        let ongoing = meetings(for: d, from: now.addingTimeInterval(-longestMeeting), to: now.addingTimeInterval(1), includeCancelled: false)
        if let current = ongoing.first(where: { $0.isHappening(at: now) }) { return current }
        return first(for: d, startingAfter: now)
    }

    /// The first meeting that starts after `instant` and is not cancelled (a moved one where and when it
    /// moved to), within ten years: the first a person referred at `instant` could go to.
    public static func first(for d: GroupDetails, startingAfter instant: Date) -> FoundMeeting? {
        var best: FoundMeeting?
        for schedule in d.schedules {
            guard let recurrence = ScheduleMapping.recurrence(schedule) else { continue }
            let records = d.exceptions.filter { $0.scheduleId == schedule.id }
            guard let occurrence = recurrence.nextOccurrence(after: instant, exceptions: records.compactMap(ScheduleMapping.exception)) else { continue }
            if best == nil || occurrence.start < best!.occurrence.start {
                best = FoundMeeting(
                    schedule: schedule, occurrence: occurrence, exception: records.first { $0.occurrenceDate == occurrence.originalDate.description })
            }
        }
        return best
    }
}

extension GroupDetails {
    /// Where a schedule (or an exception that moved a meeting) meets: its own place, else the group's.
    public func place(_ locationId: Int64?) -> LocationRecord? {
        guard let id = locationId ?? group.locationId else { return nil }
        return scheduleLocations[id] ?? (location?.id == id ? location : nil)
    }

    /// Where one meeting takes place: the place it was moved to, else its schedule's, else the group's.
    public func place(of meeting: FoundMeeting) -> LocationRecord? { place(meeting.locationId) }

    /// The place of a meeting when it is not the group's usual place (nil when it is, or is unknown).
    public func otherPlace(of meeting: FoundMeeting) -> LocationRecord? {
        guard let id = meeting.locationId, id != group.locationId else { return nil }
        return place(id)
    }
}
