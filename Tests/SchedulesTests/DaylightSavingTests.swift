import Foundation
import Testing

@testable import Schedules

extension ScheduleTests {
    /// Expected instants are written in UTC by hand. US changes in 2026: March 8 and November 1 at 02:00.
    /// Europe/London: March 29 at 01:00 GMT and October 25 at 02:00 BST. Pacific/Auckland: April 5 at
    /// 03:00 NZDT (back) and September 27 at 02:00 NZST (forward).
    @Suite("Daylight-saving changes, read as RFC 5545 does")
    struct DaylightSavingTests: ScheduleTesting {
        @Test func newYorkEveningMeetingKeepsItsLocalTime() {
            let tuesdays = rule(.weekly, [.tuesday], from: "2026-01-06")
            let spring = tuesdays.occurrences(from: utc("2026-03-01T00:00:00Z"), to: utc("2026-03-12T00:00:00Z"))
            #expect(spring.map(\.start) == [utc("2026-03-04T00:00:00Z"), utc("2026-03-10T23:00:00Z")])
            #expect(spring.allSatisfy { $0.startTime == time("19:00") })
            #expect(
                starts(tuesdays, "2026-10-25T00:00:00Z", "2026-11-05T00:00:00Z") == [
                    utc("2026-10-27T23:00:00Z"), utc("2026-11-04T00:00:00Z"),
                ])
        }

        @Test func newYorkSpringForwardGapMovesForward() throws {
            let sundays = rule(.weekly, [.sunday], at: "02:30", minutes: 60, from: "2026-03-01")
            let found = sundays.occurrences(from: utc("2026-03-01T00:00:00Z"), to: utc("2026-03-16T00:00:00Z"))
            // 02:30 does not exist on March 8: it becomes 03:30 EDT, which is 07:30 UTC like 02:30 EST.
            #expect(found.map(\.start) == [utc("2026-03-01T07:30:00Z"), utc("2026-03-08T07:30:00Z"), utc("2026-03-15T06:30:00Z")])
            let gapDay = try #require(found.first { $0.originalDate == day("2026-03-08") })
            #expect(gapDay.date == day("2026-03-08"))
            #expect(gapDay.startTime == time("03:30"))
            #expect(gapDay.end == utc("2026-03-08T08:30:00Z"))
            #expect(gapDay.status == .scheduled)
        }

        @Test func newYorkFallBackAmbiguityTakesTheFirstInstant() throws {
            let sundays = rule(.weekly, [.sunday], at: "01:30", minutes: 60, from: "2026-10-25")
            let found = sundays.occurrences(from: utc("2026-10-25T00:00:00Z"), to: utc("2026-11-09T00:00:00Z"))
            // November 1 01:30 happens twice; the first is EDT (UTC-4).
            #expect(found.map(\.start) == [utc("2026-10-25T05:30:00Z"), utc("2026-11-01T05:30:00Z"), utc("2026-11-08T06:30:00Z")])
            let doubled = try #require(found.dropFirst().first)
            #expect(doubled.startTime == time("01:30"))
            #expect(doubled.end == utc("2026-11-01T06:30:00Z"))
        }

        @Test func denverSpringAndFall() {
            let sundaysAtTwoThirty = rule(.weekly, [.sunday], at: "02:30", zone: "America/Denver", from: "2026-03-01")
            #expect(
                starts(sundaysAtTwoThirty, "2026-03-01T00:00:00Z", "2026-03-16T00:00:00Z") == [
                    utc("2026-03-01T09:30:00Z"), utc("2026-03-08T09:30:00Z"), utc("2026-03-15T08:30:00Z"),
                ])
            #expect(
                sundaysAtTwoThirty.occurrences(from: utc("2026-03-08T00:00:00Z"), to: utc("2026-03-09T00:00:00Z"))
                    .map(\.startTime) == [time("03:30")])
            let sundaysAtOneThirty = rule(.weekly, [.sunday], at: "01:30", zone: "America/Denver", from: "2026-10-01")
            #expect(
                starts(sundaysAtOneThirty, "2026-10-31T00:00:00Z", "2026-11-09T00:00:00Z") == [
                    utc("2026-11-01T07:30:00Z"), utc("2026-11-08T08:30:00Z"),
                ])
            let wednesdays = rule(.weekly, [.wednesday], zone: "America/Denver", from: "2026-01-07")
            #expect(
                starts(wednesdays, "2026-03-01T00:00:00Z", "2026-03-13T00:00:00Z") == [
                    utc("2026-03-05T02:00:00Z"), utc("2026-03-12T01:00:00Z"),
                ])
            #expect(
                starts(wednesdays, "2026-10-27T00:00:00Z", "2026-11-06T00:00:00Z") == [
                    utc("2026-10-29T01:00:00Z"), utc("2026-11-05T02:00:00Z"),
                ])
        }

        @Test func londonChangesOnTheLastSundays() {
            let lastSunday = rule(.monthly, [.sunday], week: -1, at: "01:30", zone: "Europe/London", from: "2026-01-01")
            let found = lastSunday.occurrences(from: utc("2026-02-01T00:00:00Z"), to: utc("2026-11-01T00:00:00Z"))
            // March 29: 01:30 is skipped, becoming 02:30 BST (01:30 UTC). October 25: 01:30 BST, the first one.
            #expect(
                found.filter { [3, 10].contains($0.date.month) }.map(\.start)
                    == [utc("2026-03-29T01:30:00Z"), utc("2026-10-25T00:30:00Z")])
            #expect(found.first { $0.date.month == 3 }?.startTime == time("02:30"))
            #expect(found.first { $0.date.month == 2 }?.start == utc("2026-02-22T01:30:00Z"))
            #expect(found.first { $0.date.month == 4 }?.start == utc("2026-04-26T00:30:00Z"))
        }

        @Test func aucklandIsTheOtherWayRound() {
            // In April New Zealand leaves daylight time (UTC+13 → +12); in September it enters it.
            let wednesdays = rule(.weekly, [.wednesday], zone: "Pacific/Auckland", from: "2026-01-07")
            #expect(
                starts(wednesdays, "2026-03-31T00:00:00Z", "2026-04-09T00:00:00Z") == [
                    utc("2026-04-01T06:00:00Z"), utc("2026-04-08T07:00:00Z"),
                ])
            #expect(
                starts(wednesdays, "2026-09-22T00:00:00Z", "2026-10-01T00:00:00Z") == [
                    utc("2026-09-23T07:00:00Z"), utc("2026-09-30T06:00:00Z"),
                ])
            let sundays = rule(.weekly, [.sunday], at: "02:30", zone: "Pacific/Auckland", from: "2026-01-04")
            // April 5 02:30 happens twice (first at +13); September 27 02:30 does not exist (→ 03:30 +13).
            #expect(starts(sundays, "2026-04-04T00:00:00Z", "2026-04-05T00:00:00Z") == [utc("2026-04-04T13:30:00Z")])
            #expect(starts(sundays, "2026-09-26T00:00:00Z", "2026-09-27T00:00:00Z") == [utc("2026-09-26T14:30:00Z")])
        }

        @Test func skippedDayMovesForwardByTheWholeGap() throws {
            // Samoa skipped Friday 2011-12-30 (UTC-10 → UTC+14): a Friday 19:00 meeting becomes
            // Saturday 19:00, and a window that starts on Saturday local time still finds it.
            let fridays = rule(.weekly, [.friday], zone: "Pacific/Apia", from: "2011-12-01")
            let found = fridays.occurrences(from: utc("2011-12-30T10:00:00Z"), to: utc("2012-01-01T00:00:00Z"))
            #expect(found.map(\.start) == [utc("2011-12-31T05:00:00Z")])
            #expect(found.first?.originalDate == day("2011-12-30"))
            #expect(found.first?.date == day("2011-12-31"))
            #expect(found.first?.startTime == time("19:00"))
        }

        @Test func windowNearMidnightInAFarZone() {
            // 23:30 Auckland time on Tuesday is 11:30 UTC the same Tuesday in winter (+12 after April 5).
            let tuesdays = rule(.weekly, [.tuesday], at: "23:30", zone: "Pacific/Auckland", from: "2026-01-06")
            #expect(starts(tuesdays, "2026-06-02T11:30:00Z", "2026-06-02T11:31:00Z") == [utc("2026-06-02T11:30:00Z")])
            // 00:15 Kiritimati (UTC+14) on Wednesday is 10:15 UTC on Tuesday.
            let kiritimati = rule(.weekly, [.wednesday], at: "00:15", zone: "Pacific/Kiritimati", from: "2026-01-07")
            #expect(starts(kiritimati, "2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z") == [utc("2026-06-02T10:15:00Z")])
        }
    }
}
