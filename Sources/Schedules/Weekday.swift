import Foundation

/// A day of the week, numbered as the store and the API do: 0 = Sunday … 6 = Saturday.
///
/// Encodes as its lowercase English name ("tuesday"); decodes from a name or an iCalendar code ("TU").
public enum Weekday: Int, CaseIterable, Comparable, Hashable, Sendable, Codable {
    case sunday = 0, monday, tuesday, wednesday, thursday, friday, saturday

    /// The lowercase English name: "tuesday".
    public var name: String {
        switch self {
        case .sunday: "sunday"
        case .monday: "monday"
        case .tuesday: "tuesday"
        case .wednesday: "wednesday"
        case .thursday: "thursday"
        case .friday: "friday"
        case .saturday: "saturday"
        }
    }

    /// The two-letter iCalendar (RFC 5545 BYDAY) code: "TU".
    public var icalCode: String {
        switch self {
        case .sunday: "SU"
        case .monday: "MO"
        case .tuesday: "TU"
        case .wednesday: "WE"
        case .thursday: "TH"
        case .friday: "FR"
        case .saturday: "SA"
        }
    }

    /// The capitalized English name for pages: "Tuesday".
    public var englishName: String { name.prefix(1).uppercased() + name.dropFirst() }

    /// Parses a lowercase English name ("tuesday"); anything else, including "Tuesday", is nil.
    public init?(name: String) {
        guard let day = Weekday.allCases.first(where: { $0.name == name }) else { return nil }
        self = day
    }

    /// Parses an iCalendar code ("TU"); case-insensitive, as RFC 5545 values are.
    public init?(icalCode: String) {
        let code = icalCode.uppercased()
        guard let day = Weekday.allCases.first(where: { $0.icalCode == code }) else { return nil }
        self = day
    }

    /// Parses either a lowercase English name or an iCalendar code.
    public init?(nameOrCode text: String) {
        if let day = Weekday(name: text) ?? Weekday(icalCode: text) { self = day } else { return nil }
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Weekday(nameOrCode: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a weekday: \(text)")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
