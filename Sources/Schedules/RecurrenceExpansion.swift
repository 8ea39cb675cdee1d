import Foundation

extension Recurrence {
    /// Every occurrence whose start lies in `[from, to)`, sorted by start.
    ///
    /// A cancelled occurrence is left out, or kept with status `.cancelled` when `includeCancelled`.
    /// A moved one appears only at its new date and time, and is in the window by its new start.
    /// Exceptions for dates the rule does not meet on are ignored. The work is proportional to the
    /// window's length (not to the schedule's age), so callers bound the window.
    public func occurrences(
        from: Date, to: Date, exceptions: [ScheduleException] = [],
        includeCancelled: Bool = false
    ) -> [Occurrence] {
        guard from < to, validate().isEmpty, let tz = Self.ianaTimeZone(timeZone) else { return [] }
        let zone = ZonedTime(timeZone: tz)
        let changes = Self.index(exceptions)
        // One day of margin on each side covers any zone offset and a time pushed over midnight.
        let first = zone.localDateAndTime(at: from).date.adding(days: -1)
        let last = zone.localDateAndTime(at: to).date.adding(days: 1)
        var found: [Occurrence] = []
        for date in meetingDates(from: first, through: last) {
            let change = changes[date]
            if change?.kind == .moved || (change?.kind == .cancelled && !includeCancelled) { continue }
            let occurrence = occurrence(on: date, change: change, zone: zone)
            if occurrence.start >= from && occurrence.start < to { found.append(occurrence) }
        }
        for change in changes.values where change.kind == .moved && meets(on: change.occurrenceDate) {
            let occurrence = occurrence(on: change.occurrenceDate, change: change, zone: zone)
            if occurrence.start >= from && occurrence.start < to { found.append(occurrence) }
        }
        return found.sorted { ($0.start, $0.originalDate) < ($1.start, $1.originalDate) }
    }

    /// The first occurrence that starts strictly after `after` and is not cancelled, or nil.
    /// An open-ended schedule is searched ten years ahead.
    public func nextOccurrence(after: Date, exceptions: [ScheduleException] = []) -> Occurrence? {
        guard validate().isEmpty, let tz = Self.ianaTimeZone(timeZone) else { return nil }
        let zone = ZonedTime(timeZone: tz)
        let changes = Self.index(exceptions)
        let best = changes.values
            .filter { $0.kind == .moved && meets(on: $0.occurrenceDate) }
            .map { occurrence(on: $0.occurrenceDate, change: $0, zone: zone) }
            .filter { $0.start > after }
            .min { $0.start < $1.start }
        var first = max(zone.localDateAndTime(at: after).date.adding(days: -1), startsOn)
        var limit = lastPossibleDate ?? first.adding(days: 3653)
        if let best { limit = min(limit, best.date.adding(days: 1)) }
        while first <= limit {
            let last = first.adding(days: 62)
            for date in meetingDates(from: first, through: min(last, limit)) where changes[date] == nil {
                let regular = occurrence(on: date, change: nil, zone: zone)
                if regular.start > after {
                    if let best, best.start <= regular.start { return best }
                    return regular
                }
            }
            first = last.adding(days: 1)
        }
        return best
    }

    /// The local dates the rule meets on from `first` through `last` inclusive, in order, before exceptions.
    public func meetingDates(from first: LocalDate, through last: LocalDate) -> [LocalDate] {
        let first = max(first, startsOn)
        let last = min(last, lastPossibleDate ?? last)
        guard first <= last else { return [] }
        switch frequency {
        case .once:
            return [startsOn]
        case .weekly, .biweekly:
            let step = frequency == .weekly ? 7 : 14
            var dates: [LocalDate] = []
            for weekday in Set(weekdays) {
                var date = first.adding(days: (weekday.rawValue - first.weekday.rawValue + 7) % 7)
                if frequency == .biweekly && !isOnWeek(date) { date = date.adding(days: 7) }
                while date <= last {
                    dates.append(date)
                    date = date.adding(days: step)
                }
            }
            return dates.sorted()
        case .monthly:
            guard weekdays.count == 1, let week = weekOfMonth else { return [] }
            var dates: [LocalDate] = []
            var (year, month) = (first.year, first.month)
            while (year, month) <= (last.year, last.month) {
                if let date = Self.date(week: week, weekday: weekdays[0], year: year, month: month),
                    date >= first, date <= last
                {
                    dates.append(date)
                }
                (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
            }
            return dates
        }
    }

    /// The occurrence the rule gives on `date`, as changed by `change`.
    public func occurrence(on date: LocalDate, change: ScheduleException?, zone: ZonedTime) -> Occurrence {
        let originalStart = zone.instant(of: date, at: startTime)
        var start = originalStart
        var status = Occurrence.Status.scheduled
        switch change?.kind {
        case .cancelled:
            status = .cancelled
        case .moved:
            status = .moved
            start = zone.instant(of: change?.movedToDate ?? date, at: change?.movedToTime ?? startTime)
        case nil:
            break
        }
        let local = zone.localDateAndTime(at: start)
        return Occurrence(
            originalDate: date, originalStart: originalStart, date: local.date, startTime: local.time,
            start: start, end: start.addingTimeInterval(Double(durationMinutes * 60)),
            timeZone: timeZone, status: status, note: change?.note ?? "")
    }

    /// Exceptions by the date they change; the first one wins if a date has several.
    static func index(_ exceptions: [ScheduleException]) -> [LocalDate: ScheduleException] {
        Dictionary(exceptions.map { ($0.occurrenceDate, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
