import Foundation
import Testing

@testable import Schedules

extension ScheduleTests {
    @Suite("Expanding weekly, biweekly, monthly and one-time schedules")
    struct RecurrenceExpansionTests: ScheduleTesting {
        @Test func weeklyOnOneDay() {
            let tuesdays = rule(.weekly, [.tuesday], from: "2026-01-06")
            let found = tuesdays.occurrences(
                from: utc("2026-01-01T00:00:00Z"), to: utc("2026-02-01T00:00:00Z"),
                exceptions: [], includeCancelled: false)
            // 19:00 EST is midnight UTC of the next day.
            #expect(
                found.map(\.start) == [
                    utc("2026-01-07T00:00:00Z"), utc("2026-01-14T00:00:00Z"),
                    utc("2026-01-21T00:00:00Z"), utc("2026-01-28T00:00:00Z"),
                ])
            #expect(
                found.map(\.end) == [
                    utc("2026-01-07T01:30:00Z"), utc("2026-01-14T01:30:00Z"),
                    utc("2026-01-21T01:30:00Z"), utc("2026-01-28T01:30:00Z"),
                ])
            #expect(found.map(\.date) == [day("2026-01-06"), day("2026-01-13"), day("2026-01-20"), day("2026-01-27")])
            #expect(found.map(\.originalDate) == found.map(\.date))
            #expect(found.allSatisfy { $0.startTime == time("19:00") && $0.status == .scheduled && $0.note.isEmpty })
            #expect(found.allSatisfy { $0.timeZone == "America/New_York" && $0.weekday == .tuesday })
        }

        @Test func weeklyOnSeveralDaysIsSortedByStart() {
            let mondaysAndThursdays = rule(.weekly, [.thursday, .monday], at: "10:30", zone: "Europe/London", from: "2026-01-01")
            #expect(
                starts(mondaysAndThursdays, "2026-01-05T00:00:00Z", "2026-01-19T00:00:00Z") == [
                    utc("2026-01-05T10:30:00Z"), utc("2026-01-08T10:30:00Z"),
                    utc("2026-01-12T10:30:00Z"), utc("2026-01-15T10:30:00Z"),
                ])
        }

        @Test func windowIsHalfOpen() {
            let tuesdays = rule(.weekly, [.tuesday], from: "2026-01-06")
            // A start equal to `from` is in, a start equal to `to` is out.
            #expect(starts(tuesdays, "2026-01-14T00:00:00Z", "2026-01-21T00:00:00Z") == [utc("2026-01-14T00:00:00Z")])
            #expect(starts(tuesdays, "2026-01-14T00:00:01Z", "2026-01-21T00:00:00Z") == [])
            #expect(starts(tuesdays, "2026-01-21T00:00:00Z", "2026-01-14T00:00:00Z") == [])
        }

        @Test func biweeklyFromItsFirstDay() {
            let everyOtherTuesday = rule(.biweekly, [.tuesday], from: "2026-01-06")
            #expect(
                starts(everyOtherTuesday, "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z") == [
                    utc("2026-01-07T00:00:00Z"), utc("2026-01-21T00:00:00Z"),
                    utc("2026-02-04T00:00:00Z"), utc("2026-02-18T00:00:00Z"),
                ])
        }

        @Test func biweeklyStartingMidWeekCountsFromThatSundayWeek() {
            // Starts on Wednesday 2026-01-07: its week (Sun 4 – Sat 10) is a meeting week,
            // but Tuesday the 6th is before the start.
            let tuesdaysAndThursdays = rule(
                .biweekly, [.tuesday, .thursday], at: "10:00", zone: "Europe/London",
                from: "2026-01-07")
            #expect(
                starts(tuesdaysAndThursdays, "2026-01-01T00:00:00Z", "2026-02-07T00:00:00Z") == [
                    utc("2026-01-08T10:00:00Z"), utc("2026-01-20T10:00:00Z"), utc("2026-01-22T10:00:00Z"),
                    utc("2026-02-03T10:00:00Z"), utc("2026-02-05T10:00:00Z"),
                ])
            // Starts on Saturday 2026-01-10: Monday the 5th is before it, so the first is Monday the 19th, not the 12th.
            let mondays = rule(.biweekly, [.monday], at: "10:00", zone: "Europe/London", from: "2026-01-10")
            #expect(
                starts(mondays, "2026-01-01T00:00:00Z", "2026-02-10T00:00:00Z") == [
                    utc("2026-01-19T10:00:00Z"), utc("2026-02-02T10:00:00Z"),
                ])
            // Starts on Sunday 2026-01-11, which begins its own week: Monday the 12th is in it
            // (weeks starting on Monday would have given the 19th).
            let fromSunday = rule(.biweekly, [.monday], at: "10:00", zone: "Europe/London", from: "2026-01-11")
            #expect(
                starts(fromSunday, "2026-01-01T00:00:00Z", "2026-02-10T00:00:00Z") == [
                    utc("2026-01-12T10:00:00Z"), utc("2026-01-26T10:00:00Z"), utc("2026-02-09T10:00:00Z"),
                ])
        }

        @Test func biweeklyStartedYearsAgoKeepsItsFortnight() {
            // 2010-01-05 to 2026-01-06 is 835 weeks, an odd number: the 6th is an off week.
            let everyOtherTuesday = rule(.biweekly, [.tuesday], from: "2010-01-05")
            #expect(
                starts(everyOtherTuesday, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z") == [
                    utc("2026-01-14T00:00:00Z"), utc("2026-01-28T00:00:00Z"),
                ])
        }

        @Test func monthlyFirstWeekday() {
            let firstWednesday = rule(.monthly, [.wednesday], week: 1, at: "18:00", from: "2026-01-01")
            // April 1 is after the change to daylight time.
            #expect(
                starts(firstWednesday, "2026-01-01T00:00:00Z", "2026-04-30T00:00:00Z") == [
                    utc("2026-01-07T23:00:00Z"), utc("2026-02-04T23:00:00Z"),
                    utc("2026-03-04T23:00:00Z"), utc("2026-04-01T22:00:00Z"),
                ])
        }

        @Test func monthlySecondAndFourthWeekday() {
            let secondMonday = rule(.monthly, [.monday], week: 2, at: "12:00", zone: "UTC", from: "2026-01-01")
            #expect(
                starts(secondMonday, "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z") == [
                    utc("2026-01-12T12:00:00Z"), utc("2026-02-09T12:00:00Z"), utc("2026-03-09T12:00:00Z"),
                ])
            let fourthThursday = rule(.monthly, [.thursday], week: 4, at: "12:00", zone: "UTC", from: "2026-01-01")
            #expect(
                fourthThursday.occurrences(from: utc("2026-11-01T00:00:00Z"), to: utc("2026-12-01T00:00:00Z"))
                    .map(\.date) == [day("2026-11-26")])
        }

        @Test func monthlyFifthWeekdaySkipsMonthsWithoutOne() {
            // Fridays of 2026: five in January and May, four in February to April.
            let fifthFriday = rule(.monthly, [.friday], week: 5, at: "10:00", zone: "Europe/London", from: "2026-01-01")
            #expect(
                starts(fifthFriday, "2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z") == [
                    utc("2026-01-30T10:00:00Z"), utc("2026-05-29T09:00:00Z"),
                ])
        }

        @Test func monthlyLastWeekday() {
            let lastFriday = rule(.monthly, [.friday], week: -1, at: "12:00", zone: "UTC", from: "2026-01-01")
            #expect(
                lastFriday.occurrences(from: utc("2026-01-01T00:00:00Z"), to: utc("2026-05-01T00:00:00Z")).map(\.date)
                    == [day("2026-01-30"), day("2026-02-27"), day("2026-03-27"), day("2026-04-24")])
            let lastSunday = rule(.monthly, [.sunday], week: -1, at: "12:00", zone: "UTC", from: "2024-01-01")
            #expect(
                lastSunday.occurrences(from: utc("2024-02-01T00:00:00Z"), to: utc("2024-04-01T00:00:00Z")).map(\.date)
                    == [day("2024-02-25"), day("2024-03-31")])
        }

        @Test func once() {
            let workshop = rule(.once, [], at: "09:00", from: "2026-03-14")
            let found = workshop.occurrences(from: utc("2026-03-01T00:00:00Z"), to: utc("2026-04-01T00:00:00Z"))
            #expect(found.map(\.start) == [utc("2026-03-14T13:00:00Z")])
            #expect(found.first?.date == day("2026-03-14"))
            #expect(starts(workshop, "2026-03-15T00:00:00Z", "2027-01-01T00:00:00Z") == [])
            #expect(starts(workshop, "2025-01-01T00:00:00Z", "2026-03-14T13:00:00Z") == [])
            #expect(workshop.meetingWeekdays == [.saturday])
        }

        @Test func startAndEndDatesAreInclusive() {
            let tuesdays = rule(.weekly, [.tuesday], from: "2026-01-13", until: "2026-02-03")
            #expect(
                starts(tuesdays, "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z") == [
                    utc("2026-01-14T00:00:00Z"), utc("2026-01-21T00:00:00Z"),
                    utc("2026-01-28T00:00:00Z"), utc("2026-02-04T00:00:00Z"),
                ])
            // A start on a day the rule does not meet on: the first meeting is the next Tuesday.
            let fromThursday = rule(.weekly, [.tuesday], from: "2026-01-08", until: "2026-01-20")
            #expect(
                fromThursday.occurrences(from: utc("2026-01-01T00:00:00Z"), to: utc("2026-03-01T00:00:00Z")).map(\.date)
                    == [day("2026-01-13"), day("2026-01-20")])
        }

        @Test func windowYearsAfterTheStart() {
            let tuesdays = rule(.weekly, [.tuesday], from: "2010-01-05")
            #expect(
                starts(tuesdays, "2026-06-01T00:00:00Z", "2026-06-15T00:00:00Z") == [
                    utc("2026-06-02T23:00:00Z"), utc("2026-06-09T23:00:00Z"),
                ])
            // A whole year: 52 Tuesdays, from January 6 to December 29.
            let year = tuesdays.occurrences(from: utc("2026-01-01T00:00:00Z"), to: utc("2027-01-01T00:00:00Z"))
            #expect(year.count == 52)
            #expect(year.first?.date == day("2026-01-06"))
            #expect(year.last?.date == day("2026-12-29"))
        }

        @Test func longWindowOnOldScheduleIsQuick() {
            let everyDay = rule(.weekly, Weekday.allCases, from: "2010-01-01")
            let clock = ContinuousClock()
            var count = 0
            let elapsed = clock.measure {
                for _ in 0..<10 {
                    count = everyDay.occurrences(from: utc("2026-01-01T05:00:00Z"), to: utc("2027-01-01T05:00:00Z")).count
                }
            }
            #expect(count == 365)
            #expect(elapsed < .seconds(5))
        }

        @Test func meetingWeekdays() {
            #expect(rule(.weekly, [.monday, .thursday], from: "2026-01-01").meetingWeekdays == [.monday, .thursday])
            #expect(rule(.monthly, [.friday], week: -1, from: "2026-01-01").meetingWeekdays == [.friday])
        }

        @Test func meetsOn() {
            let everyOtherTuesday = rule(.biweekly, [.tuesday], from: "2026-01-06", until: "2026-03-03")
            #expect(everyOtherTuesday.meets(on: day("2026-01-06")))
            #expect(!everyOtherTuesday.meets(on: day("2026-01-13")))
            #expect(everyOtherTuesday.meets(on: day("2026-03-03")))
            #expect(!everyOtherTuesday.meets(on: day("2026-03-17")))
            #expect(!everyOtherTuesday.meets(on: day("2025-12-23")))
            #expect(
                everyOtherTuesday.meetingDates(from: day("2026-01-01"), through: day("2026-12-31"))
                    == [day("2026-01-06"), day("2026-01-20"), day("2026-02-03"), day("2026-02-17"), day("2026-03-03")])
        }

        @Test func invalidRecurrenceHasNoOccurrences() {
            let badZone = rule(.weekly, [.tuesday], zone: "EST", from: "2026-01-06")
            #expect(starts(badZone, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z") == [])
            #expect(badZone.nextOccurrence(after: utc("2026-01-01T00:00:00Z")) == nil)
            let noDays = rule(.weekly, [], from: "2026-01-06")
            #expect(noDays.nextOccurrence(after: utc("2026-01-01T00:00:00Z")) == nil)
        }

        @Test func codesWithTheAPIsKeys() throws {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = .sortedKeys
            let recurrence = rule(.monthly, [.friday], week: -1, from: "2026-01-06", until: "2026-12-31")
            let json = String(decoding: try encoder.encode(recurrence), as: UTF8.self)
            #expect(
                json == #"{"duration_minutes":90,"ends_on":"2026-12-31","frequency":"monthly","start_time":"19:00","#
                    + #""starts_on":"2026-01-06","time_zone":"America\/New_York","week_of_month":-1,"weekdays":["friday"]}"#)
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            #expect(try decoder.decode(Recurrence.self, from: Data(json.utf8)) == recurrence)
        }
    }
}
