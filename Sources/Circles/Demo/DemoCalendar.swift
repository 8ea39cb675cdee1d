import Foundation
import Store

/// Calendar dates as day numbers (days since 1970-01-01), so that demo schedules can be laid out
/// relative to today with plain integer arithmetic and written as `YYYY-MM-DD`.
enum DemoCalendar {
    /// The day number of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func day(_ year: Int, _ month: Int, _ dayOfMonth: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + dayOfMonth - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month and day of a day number.
    static func civil(_ day: Int) -> (year: Int, month: Int, day: Int) {
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
    static func weekday(_ day: Int) -> Int {
        ((day % 7) + 7 + 4) % 7
    }

    static func format(_ day: Int) -> String {
        let (y, m, d) = civil(day)
        return String(y) + "-" + (m < 10 ? "0" : "") + String(m) + "-" + (d < 10 ? "0" : "") + String(d)
    }

    static func parse(_ text: String) -> Int? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return day(parts[0], parts[1], parts[2])
    }

    /// Today's date where the clocks show `timeZone` (an IANA identifier).
    static func today(in timeZone: String, now: Date = Date()) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return day(parts.year!, parts.month!, parts.day!)
    }

    static let weekdayCodes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]

    /// The weekdays (0 = Sunday) of an iCalendar list such as "MO,TH".
    static func weekdays(_ codes: String) -> [Int] {
        codes.split(separator: ",").compactMap { weekdayCodes.firstIndex(of: String($0)) }
    }

    /// The latest day on or before `day` that falls on `weekday`.
    static func onOrBefore(_ day: Int, weekday: Int) -> Int {
        day - (self.weekday(day) - weekday + 7) % 7
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        month == 12 ? 31 : day(year, month + 1, 1) - day(year, month, 1)
    }

    /// Whether a schedule (with the columns of the `schedules` table) meets on `day`.
    static func meets(frequency: ScheduleFrequency, weekdays codes: String, weekOfMonth: Int?, startsOn: Int, endsOn: Int?, on day: Int) -> Bool {
        if day < startsOn { return false }
        if let endsOn, day > endsOn { return false }
        let weekday = self.weekday(day)
        switch frequency {
        case .once:
            return day == startsOn
        case .weekly:
            return weekdays(codes).contains(weekday)
        case .biweekly:
            let weekOfStart = onOrBefore(startsOn, weekday: 0)
            return weekdays(codes).contains(weekday) && ((onOrBefore(day, weekday: 0) - weekOfStart) / 7) % 2 == 0
        case .monthly:
            guard weekdays(codes).contains(weekday), let n = weekOfMonth else { return false }
            let (y, m, d) = civil(day)
            if n == -1 { return d + 7 > daysInMonth(y, m) }
            return (d - 1) / 7 + 1 == n
        }
    }
}
