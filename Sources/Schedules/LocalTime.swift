import Foundation

/// A wall-clock time of day with minute precision and no time zone, written "HH:MM" (24-hour).
public struct LocalTime: Comparable, Hashable, Sendable, Codable, LosslessStringConvertible {
    public let hour: Int
    public let minute: Int

    /// A time from 00:00 to 23:59, or nil.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Parses exactly "HH:MM", 00:00 to 23:59; "24:00" and "7:5" are nil.
    public init?(_ description: String) {
        let bytes = Array(description.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"),
            let hour = LocalDate.number(bytes[0..<2]), let minute = LocalDate.number(bytes[3..<5])
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    /// Minutes since midnight, 0…1439.
    public var minutesSinceMidnight: Int { hour * 60 + minute }

    /// "HH:MM".
    public var description: String { LocalDate.pad(hour, 2) + ":" + LocalDate.pad(minute, 2) }

    /// The part of the day this time falls in.
    public var partOfDay: PartOfDay { PartOfDay(self) }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        lhs.minutesSinceMidnight < rhs.minutesSinceMidnight
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = LocalTime(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an HH:MM time: \(text)")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
