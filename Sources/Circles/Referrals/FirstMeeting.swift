import Foundation
import GroupViews
import Schedules
import Store

/// The first meeting a referred person could go to, and what follows from it: the status page asks
/// "Have you been to the group?" once it is over, and the one check-in mail ("Did you go?") is due the
/// morning after it, on the group's clock. Both ask this one type, so that they agree.
///
/// It is the group's first meeting that starts after the referral was sent and is not cancelled (a
/// moved one where and when it moved to), read from the schedules as they are when asked: a meeting
/// cancelled after the referral moves the check-in on to the next one.
enum FirstMeeting {
    /// The hour of the group's morning at which a check-in is sent.
    static let checkInTime = LocalTime(hour: 10, minute: 0)!

    /// The meeting, if the group lists any after `sent`.
    static func after(_ sent: Date, in d: GroupDetails) -> FoundMeeting? {
        MeetingFinder.first(for: d, startingAfter: sent)
    }

    /// Whether the person could have been to the group by `now`: the first meeting after `sent` is over.
    /// A group with no meetings listed is asked about a week after the referral.
    static func isOver(_ d: GroupDetails, since sent: Date, now: Date) -> Bool {
        guard sent < now else { return false }
        if d.schedules.isEmpty { return now.timeIntervalSince(sent) >= 7 * 86_400 }
        guard let first = after(sent, in: d) else { return false }
        return first.occurrence.end <= now
    }

    /// When the check-in about `meeting` is due: 10 am on the group's clock the day after its date
    /// (never before the meeting has ended).
    static func checkInDue(after meeting: FoundMeeting) -> Date {
        let zone = Recurrence.ianaTimeZone(meeting.occurrence.timeZone) ?? TimeZone(identifier: "UTC")!
        let morning = ZonedTime(timeZone: zone).instant(of: meeting.occurrence.date.adding(days: 1), at: checkInTime)
        return max(morning, meeting.occurrence.end)
    }

    /// When the check-in of a referral sent at `sent` is due, by the group's schedules now; nil when the
    /// group lists no meeting after it (no check-in then).
    static func checkInDue(_ d: GroupDetails, since sent: Date) -> Date? {
        after(sent, in: d).map(checkInDue(after:))
    }

    /// What to do with a check-in when it falls due at `now`.
    enum Decision: Equatable {
        case send
        /// The first meeting moved later (one was cancelled or moved): wait until then.
        case wait(until: Date)
        /// The person answered or withdrew, the referral ended, they unsubscribed, or the group is gone or lists no meeting.
        case drop
    }

    /// Decides a check-in about `referral` at `now`, its group's details as they are now.
    static func decide(_ referral: ReferralRecord, group d: GroupDetails?, now: Date) -> Decision {
        guard ReferralWorkflow.wantsCheckIn(referral.status), referral.mailUnsubscribedAt == nil, referral.personalData != nil,
            let d, d.group.status != .archived, let due = checkInDue(d, since: referral.createdAt.date)
        else { return .drop }
        return due <= now ? .send : .wait(until: due)
    }
}
