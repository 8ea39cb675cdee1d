import Foundation
import Store

/// When a listing counts as "not recently confirmed": nobody who runs the group has confirmed it
/// for `staleAfterDays` (an operator setting, 60 days by default).
public struct Freshness: Sendable {
    public var staleAfterDays: Int

    public init(staleAfterDays: Int) {
        self.staleAfterDays = staleAfterDays
    }

    /// Confirmations before this instant are too old. It moves by whole hours: the cut-off travels in a
    /// search's cursor, so a page (its cursor, body and ETag) stays the same within the hour and in
    /// another process, instead of changing every second.
    public func cutoff(_ now: Date) -> String {
        let instant = now.timeIntervalSince1970 - Double(staleAfterDays) * 86_400
        return Timestamp.format(Date(timeIntervalSince1970: (instant / 3600).rounded(.down) * 3600))
    }

    /// When `cutoff` next moves on (the next whole hour): until then no listing turns stale.
    public func nextChange(after now: Date) -> Date {
        Date(timeIntervalSince1970: ((now.timeIntervalSince1970 / 3600).rounded(.down) + 1) * 3600)
    }

    public func isStale(_ group: GroupRecord, now: Date) -> Bool {
        guard let confirmed = group.lastConfirmedAt else { return true }
        return confirmed.text < cutoff(now)
    }

    /// The note shown on the page and in the API, or nil for a fresh listing.
    public func note(_ group: GroupRecord, now: Date) -> String? {
        guard isStale(group, now: now) else { return nil }
        guard let confirmed = group.lastConfirmedAt else {
            return "Not recently confirmed: nobody who runs this group has confirmed these details. Check with the organization before you go."
        }
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        let day = confirmed.day.split(separator: "-").compactMap { Int($0) }
        let when = day.count == 3 ? "\(months[day[1] - 1]) \(day[2]), \(day[0])" : confirmed.day
        return "Not recently confirmed: these details were last confirmed on \(when). Check with the organization before you go."
    }
}
