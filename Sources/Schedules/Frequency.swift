import Foundation

/// How often a schedule repeats; the raw values are the API's and the store's spelling.
public enum Frequency: String, CaseIterable, Hashable, Sendable, Codable {
    /// On the schedule's weekdays every week.
    case weekly
    /// On the schedule's weekdays every other week, counted from the week of `startsOn`.
    case biweekly
    /// On the nth (or last) given weekday of each month.
    case monthly
    /// A single meeting on `startsOn`.
    case once
}
