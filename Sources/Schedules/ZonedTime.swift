import Foundation

/// The wall clock of one time zone: turns a local date and time into an instant and back.
///
/// Follows RFC 5545 §3.3.10: a time skipped by a spring-forward change is moved forward by the
/// length of the gap (02:30 → 03:30), and a time repeated by a fall-back change means the first
/// of the two instants (the one still on daylight time).
public struct ZonedTime: Hashable, Sendable {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// The instant at which this zone's wall clock shows `time` on `date`.
    public func instant(of date: LocalDate, at time: LocalTime) -> Date {
        // The wall-clock reading expressed as if it were UTC, in seconds since 1970.
        let wall = date.daysSince1970 * 86_400 + time.minutesSinceMidnight * 60
        let before = offset(at: wall - 86_400)
        let candidates = Set([before, offset(at: wall), offset(at: wall + 86_400)])
        // An offset is right if the zone really uses it at the instant it gives.
        let instants = candidates.filter { offset(at: wall - $0) == $0 }.map { wall - $0 }
        // None: the time fell in a gap; read it with the offset in force before the gap.
        return Date(timeIntervalSince1970: Double(instants.min() ?? (wall - before)))
    }

    /// The local date and time (to the minute, seconds dropped) that this zone's wall clock shows at `instant`.
    public func localDateAndTime(at instant: Date) -> (date: LocalDate, time: LocalTime) {
        let wall = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        let days = wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400
        let minutes = (wall - days * 86_400) / 60
        return (LocalDate(daysSince1970: days), LocalTime(hour: minutes / 60, minute: minutes % 60)!)
    }

    private func offset(at seconds: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
    }
}
