import Foundation

// Plain-English wording of schedules for the HTML pages.

extension LocalTime {
    /// The time on a 12-hour clock: "7:00 pm", "12:00 pm" (noon), "12:15 am".
    public var englishText: String {
        let hour12 = hour % 12 == 0 ? 12 : hour % 12
        return "\(hour12):\(LocalDate.pad(minute, 2)) \(hour < 12 ? "am" : "pm")"
    }
}

extension LocalDate {
    public static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    ]

    /// The date without its weekday: "March 14, 2026".
    public var englishText: String { "\(Self.englishMonths[month - 1]) \(day), \(year)" }

    /// The date with its weekday: "Saturday, March 14, 2026".
    public var englishTextWithWeekday: String { "\(weekday.englishName), \(englishText)" }
}

extension Recurrence {
    /// The schedule in a sentence for pages: "Every Tuesday at 7:00 pm",
    /// "Every other Monday and Thursday at 10:30 am", "The last Friday of each month at 6:00 pm",
    /// "Once, on Saturday, March 14, 2026, at 9:00 am"; an end date adds ", until June 30, 2026".
    public var englishDescription: String {
        let time = startTime.englishText
        // Monday first, so that weekends read "Saturday and Sunday".
        let days = Set(weekdays).sorted { ($0.rawValue + 6) % 7 < ($1.rawValue + 6) % 7 }
        let dayList = Self.englishList(days.map(\.englishName))
        let until = endsOn.map { ", until \($0.englishText)" } ?? ""
        switch frequency {
        case .once:
            return "Once, on \(startsOn.englishTextWithWeekday), at \(time)"
        case .weekly:
            return (days.count == 7 ? "Every day" : "Every \(dayList)") + " at \(time)\(until)"
        case .biweekly:
            return "Every other \(dayList) at \(time)\(until)"
        case .monthly:
            let ordinals = [-1: "last", 1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"]
            let ordinal = weekOfMonth.flatMap { ordinals[$0] } ?? "chosen"
            return "The \(ordinal) \(dayList) of each month at \(time)\(until)"
        }
    }

    /// "A", "A and B", "A, B, and C".
    static func englishList(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        case 2: return "\(items[0]) and \(items[1])"
        default: return items.dropLast().joined(separator: ", ") + ", and " + items[items.count - 1]
        }
    }
}

extension Occurrence {
    /// The weekday and local start time in the group's own zone: "Tuesday 7:00 pm".
    public var spokenDescription: String { "\(date.weekday.englishName) \(startTime.englishText)" }

    /// The weekday and start time on a viewer's clock, say for an online meeting seen from
    /// another zone: "Tuesday 5:00 pm" in America/Denver for 7:00 pm in New York.
    public func spokenDescription(in viewerTimeZone: TimeZone) -> String {
        let local = ZonedTime(timeZone: viewerTimeZone).localDateAndTime(at: start)
        return "\(local.date.weekday.englishName) \(local.time.englishText)"
    }
}
