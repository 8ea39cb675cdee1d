import Foundation
import Testing

@testable import Schedules

extension ScheduleTests {
    /// The runs of one UTC offset that HSDS schedule rows are cut into. The changes of 2027, by hand:
    /// United States March 14 and November 7 at 02:00; Australia/Sydney April 4 at 03:00 AEDT (back)
    /// and October 3 at 02:00 AEST (forward).
    @Suite("Periods of one UTC offset")
    struct OffsetPeriodTests: ScheduleTesting {
        func periods(_ zone: String, _ at: String, _ from: String, through: String? = nil, horizon: String) -> [OffsetPeriod] {
            OffsetPeriod.periods(
                zone: TimeZone(identifier: zone)!, at: time(at), from: day(from), through: through.map(day), horizon: day(horizon))
        }

        @Test func losAngelesWinterSummerWinter() {
            #expect(
                periods("America/Los_Angeles", "19:00", "2026-12-05", horizon: "2027-12-06") == [
                    OffsetPeriod(from: day("2026-12-05"), through: day("2027-03-13"), secondsFromGMT: -8 * 3600),
                    OffsetPeriod(from: day("2027-03-14"), through: day("2027-11-06"), secondsFromGMT: -7 * 3600),
                    OffsetPeriod(from: day("2027-11-07"), through: day("2027-12-06"), secondsFromGMT: -8 * 3600),
                ])
        }

        /// 02:30 on April 4 happens twice in Sydney; the first (still daylight time, +11) is the meeting. On
        /// October 3 it does not exist: the meeting is at 03:30 AEDT and keeps the offset before (+10).
        @Test func aMeetingOnTheDayOfTheChangeBelongsToThePeriodItStartsIn() {
            #expect(
                periods("Australia/Sydney", "02:30", "2027-03-01", horizon: "2027-10-31") == [
                    OffsetPeriod(from: day("2027-03-01"), through: day("2027-04-04"), secondsFromGMT: 11 * 3600),
                    OffsetPeriod(from: day("2027-04-05"), through: day("2027-10-03"), secondsFromGMT: 10 * 3600),
                    OffsetPeriod(from: day("2027-10-04"), through: day("2027-10-31"), secondsFromGMT: 11 * 3600),
                ])
            // An evening meeting that day is after the change.
            #expect(periods("Australia/Sydney", "19:00", "2027-03-01", horizon: "2027-05-01").map(\.from) == [day("2027-03-01"), day("2027-04-04")])
        }

        /// 01:30 does not exist in London on March 28, 2027: the meeting is at 02:30 BST (01:30 UTC), so
        /// that day keeps the offset before the change, and the next day has the new one.
        @Test func aMeetingInTheSpringForwardGapKeepsTheOffsetBefore() {
            #expect(
                periods("Europe/London", "01:30", "2027-03-01", horizon: "2027-04-30") == [
                    OffsetPeriod(from: day("2027-03-01"), through: day("2027-03-28"), secondsFromGMT: 0),
                    OffsetPeriod(from: day("2027-03-29"), through: day("2027-04-30"), secondsFromGMT: 3600),
                ])
        }

        @Test func aZoneWithoutChangesIsOneOpenPeriodAndAnEndIsKept() {
            #expect(
                periods("America/Phoenix", "18:00", "2026-12-05", horizon: "2027-12-06") == [
                    OffsetPeriod(from: day("2026-12-05"), through: nil, secondsFromGMT: -7 * 3600)
                ])
            #expect(
                periods("Europe/Berlin", "18:00", "2027-01-01", through: "2027-02-01", horizon: "2028-01-01") == [
                    OffsetPeriod(from: day("2027-01-01"), through: day("2027-02-01"), secondsFromGMT: 3600)
                ])
            #expect(
                periods("Europe/Berlin", "18:00", "2027-01-01", through: "2027-06-30", horizon: "2028-01-01").map(\.through) == [
                    day("2027-03-27"), day("2027-06-30"),
                ])
        }
    }
}
