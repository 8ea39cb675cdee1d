import Foundation
import GRDB

/// An instant as every timestamp column holds it and the API shows it: RFC 3339 in UTC, to the
/// second ("2026-03-01T18:30:00Z"). It is stored as that text, so SQL still compares and orders
/// the column as strings, and encoded in JSON as the same string: records hold a `Timestamp`, and
/// nothing converts between text and dates by hand.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, DatabaseValueConvertible, CustomStringConvertible {
    /// The text the column holds and the API shows, always in the canonical form above. Kept as
    /// text because most timestamps are read from a row and written to JSON unchanged: a search
    /// page would otherwise parse and format each of them (measured: 80 of each per page).
    public let text: String

    public init(_ date: Date) {
        self.init(canonical: Self.format(date))
    }

    private init(canonical text: String) {
        self.text = text
    }

    /// An RFC 3339 time (with or without a fraction of a second, in any offset); nil for other text.
    public init?(rfc3339 text: String) {
        if Self.canonical(text) != nil {
            self.init(canonical: text)
        } else if let date = Self.parse(text) {
            self.init(date)
        } else {
            return nil
        }
    }

    public static func now() -> Timestamp { Timestamp(Date()) }

    /// 1970-01-01T00:00:00Z: what a record holds before the store sets its real time on insert.
    public static let epoch = Timestamp(Date(timeIntervalSince1970: 0))

    /// The instant, in whole seconds (the text has no fraction).
    public var date: Date { Self.canonical(text)! }

    public var description: String { text }

    /// Midnight UTC of the same day: when only the day may be kept (feedback, suggested corrections).
    public var startOfDay: Timestamp {
        Timestamp(Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400))
    }

    /// The day, "2026-03-01".
    public var day: String { String(text.prefix(10)) }

    /// The same instant moved by `seconds`.
    public func adding(_ seconds: TimeInterval) -> Timestamp { Timestamp(date.addingTimeInterval(seconds)) }

    /// The canonical text orders as the instants do (four-digit years, UTC, fixed width).
    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.text < b.text }

    // MARK: Codable, as its text

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let timestamp = Timestamp(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "“\(text)” is not an RFC 3339 time")
        }
        self = timestamp
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    // MARK: Database, as its text

    public var databaseValue: DatabaseValue { text.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Timestamp? {
        String.fromDatabaseValue(dbValue).flatMap(Timestamp.init(rfc3339:))
    }

    // MARK: Text

    /// `date` as the columns' text: UTC, whole seconds, `Z`.
    public static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ n: Int32, _ width: Int = 2) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))Z"
    }

    /// An RFC 3339 time. The columns' own form ("2026-03-01T18:30:00Z") is read without a formatter,
    /// since every row read decodes its timestamps; any other offset or a fraction goes through one.
    public static func parse(_ text: String) -> Date? {
        if let date = canonical(text) { return date }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// "YYYY-MM-DDTHH:MM:SSZ" exactly, with valid fields; nil for anything else.
    private static func canonical(_ text: String) -> Date? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 20, utf8[4] == 45, utf8[7] == 45, utf8[10] == 84, utf8[13] == 58, utf8[16] == 58, utf8[19] == 90 else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for byte in utf8[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int32(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        let seconds = timegm(&parts)
        // timegm normalizes an impossible date (February 30th) into another day: refuse it.
        guard parts.tm_mday == day, parts.tm_mon == month - 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
