import Foundation

/// The runs of dates on which a meeting at one local time has one UTC offset, for formats that carry
/// an offset instead of a time zone (HSDS 3.0's `schedule.timezone` is a number of hours): one row
/// per run, each right for the dates it covers.
public struct OffsetPeriod: Equatable, Sendable {
    public var from: LocalDate
    /// The last date of the run; nil when the offset holds for every later date.
    public var through: LocalDate?
    /// Seconds east of UTC of the meeting's start on these dates.
    public var secondsFromGMT: Int

    public init(from: LocalDate, through: LocalDate?, secondsFromGMT: Int) {
        self.from = from
        self.through = through
        self.secondsFromGMT = secondsFromGMT
    }

    /// The periods of a meeting at `time` from `first` through `last` (open-ended when nil), cut at each
    /// change of the zone's offset up to `horizon` (the last period ends there when the offset still
    /// changes later). A meeting on the day of a change belongs to the period its start falls in.
    public static func periods(zone: TimeZone, at time: LocalTime, from first: LocalDate, through last: LocalDate?, horizon: LocalDate) -> [OffsetPeriod] {
        let clock = ZonedTime(timeZone: zone)
        // What local time minus the meeting's instant is: the zone's offset, except on a day whose time falls
        // in a spring-forward gap, where the meeting is moved forward (RFC 5545) and keeps the offset before.
        func offset(_ date: LocalDate) -> Int {
            date.daysSince1970 * 86_400 + time.minutesSinceMidnight * 60 - Int(clock.instant(of: date, at: time).timeIntervalSince1970)
        }
        let end = last.map { min($0, horizon) } ?? horizon
        var periods = [OffsetPeriod(from: first, through: last, secondsFromGMT: offset(first))]
        guard first < end else { return periods }
        var after = clock.instant(of: first, at: time)
        let stop = clock.instant(of: end, at: time)
        while let change = zone.nextDaylightSavingTimeTransition(after: after), change <= stop {
            after = change
            let day = clock.localDateAndTime(at: change).date
            // The change happens during `day`: that day's meeting has the new offset if it starts after it,
            // else the next day's does.
            let previous = periods[periods.count - 1]
            guard
                let boundary = [day, day.adding(days: 1)].first(where: { $0 > previous.from && $0 <= end && offset($0) != previous.secondsFromGMT })
            else { continue }
            periods[periods.count - 1].through = boundary.adding(days: -1)
            periods.append(OffsetPeriod(from: boundary, through: last, secondsFromGMT: offset(boundary)))
        }
        if periods.count > 1 { periods[periods.count - 1].through = end }
        return periods
    }
}
