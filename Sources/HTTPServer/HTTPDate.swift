import Foundation

/// IMF-fixdate formatting and parsing (RFC 9110 §5.6.7), without locale surprises.
public enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats seconds since 1970 as `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func format(_ seconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// Parses an IMF-fixdate; nil for anything else (out-of-range fields included).
    public static func parse(_ text: String) -> Int? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT",
            parts[1].utf8.count == 2, parts[3].utf8.count == 4,
            let day = Int(parts[1]), let month = months.firstIndex(of: String(parts[2])), let year = Int(parts[3]),
            (1...31).contains(day), (1...9999).contains(year)
        else { return nil }
        let clockParts = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clockParts.count == 3, clockParts.allSatisfy({ $0.utf8.count == 2 && $0.utf8.allSatisfy(isDigit) }) else { return nil }
        let clock = clockParts.compactMap { Int($0) }
        guard clock.count == 3, clock[0] < 24, clock[1] < 60, clock[2] < 61 else { return nil }
        var t = tm()
        t.tm_year = Int32(year - 1900)
        t.tm_mon = Int32(month)
        t.tm_mday = Int32(day)
        t.tm_hour = Int32(clock[0])
        t.tm_min = Int32(clock[1])
        t.tm_sec = Int32(clock[2])
        return Int(timegm(&t))
    }

    /// Now, in seconds since 1970.
    public static var now: Int { Int(time(nil)) }
}

/// The `Date` header value, formatted at most once a second per thread.
struct DateCache {
    private var second = -1
    private var value: [UInt8] = []

    mutating func current() -> [UInt8] {
        let now = HTTPDate.now
        if now != second {
            second = now
            value = Array(HTTPDate.format(now).utf8)
        }
        return value
    }
}
