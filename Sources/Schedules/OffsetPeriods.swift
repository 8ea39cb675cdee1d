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
        func offset(_ date: LocalDate) -> Int { zone.secondsFromGMT(for: clock.instant(of: date, at: time)) }
        let end = last.map { min($0, horizon) } ?? horizon
        var periods = [OffsetPeriod(from: first, through: last, secondsFromGMT: offset(first))]
        guard first < end else { return periods }
        var after = clock.instant(of: first, at: time)
        let stop = clock.instant(of: end, at: time)
        while let change = zone.nextDaylightSavingTimeTransition(after: after), change <= stop {
            after = change
            let day = clock.localDateAndTime(at: change).date
            // The change happens during `day`: the meeting that day has the new offset if it starts after it.
            let boundary = clock.instant(of: day, at: time) >= change ? day : day.adding(days: 1)
            let seconds = offset(boundary)
            guard boundary <= end, boundary > periods[periods.count - 1].from, seconds != periods[periods.count - 1].secondsFromGMT else { continue }
            periods[periods.count - 1].through = boundary.adding(days: -1)
            periods.append(OffsetPeriod(from: boundary, through: last, secondsFromGMT: seconds))
        }
        if periods.count > 1 { periods[periods.count - 1].through = end }
        return periods
    }
}
