import Foundation
import Testing

@testable import Schedules

extension ScheduleTests {
    @Suite("Schedules in plain English")
    struct ScheduleDescriptionTests: ScheduleTesting {
        @Test func recurrences() {
            #expect(rule(.weekly, [.tuesday], from: "2026-01-06").englishDescription == "Every Tuesday at 7:00 pm")
            #expect(
                rule(.biweekly, [.thursday, .monday], at: "10:30", from: "2026-01-05").englishDescription
                    == "Every other Monday and Thursday at 10:30 am")
            #expect(
                rule(.monthly, [.wednesday], week: 1, at: "18:00", from: "2026-01-01").englishDescription
                    == "The first Wednesday of each month at 6:00 pm")
            #expect(
                rule(.monthly, [.monday], week: 2, at: "12:00", from: "2026-01-01").englishDescription
                    == "The second Monday of each month at 12:00 pm")
            #expect(
                rule(.monthly, [.friday], week: -1, at: "19:30", from: "2026-01-01").englishDescription
                    == "The last Friday of each month at 7:30 pm")
            #expect(
                rule(.monthly, [.sunday], week: 5, at: "09:00", from: "2026-01-01").englishDescription
                    == "The fifth Sunday of each month at 9:00 am")
            #expect(
                rule(.once, [], at: "09:00", from: "2026-03-14").englishDescription
                    == "Once, on Saturday, March 14, 2026, at 9:00 am")
        }

        @Test func listsEndDatesAndWholeWeeks() {
            #expect(
                rule(.weekly, [.friday, .monday, .wednesday], at: "08:00", from: "2026-01-01").englishDescription
                    == "Every Monday, Wednesday, and Friday at 8:00 am")
            #expect(
                rule(.weekly, [.sunday, .saturday], at: "11:00", from: "2026-01-01").englishDescription
                    == "Every Saturday and Sunday at 11:00 am")
            #expect(
                rule(.weekly, Weekday.allCases, at: "00:00", from: "2026-01-01").englishDescription
                    == "Every day at 12:00 am")
            #expect(
                rule(.weekly, [.tuesday], from: "2026-01-06", until: "2026-06-30").englishDescription
                    == "Every Tuesday at 7:00 pm, until June 30, 2026")
        }

        @Test func occurrenceInTheViewersWords() throws {
            let tuesdays = rule(.weekly, [.tuesday], from: "2026-01-06")
            let first = try #require(tuesdays.nextOccurrence(after: utc("2026-01-01T00:00:00Z")))
            #expect(first.spokenDescription == "Tuesday 7:00 pm")
            #expect(first.spokenDescription(in: TimeZone(identifier: "America/Denver")!) == "Tuesday 5:00 pm")
            #expect(first.spokenDescription(in: TimeZone(identifier: "Pacific/Auckland")!) == "Wednesday 1:00 pm")
            let moved = try #require(
                tuesdays.nextOccurrence(
                    after: utc("2026-01-01T00:00:00Z"), exceptions: [.moved(day("2026-01-06"), to: day("2026-01-08"), at: time("12:15"))]))
            #expect(moved.spokenDescription == "Thursday 12:15 pm")
        }

        @Test func longDates() {
            #expect(day("2026-03-14").englishText == "March 14, 2026")
            #expect(day("2026-12-01").englishTextWithWeekday == "Tuesday, December 1, 2026")
        }
    }
}
