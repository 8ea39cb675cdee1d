import Foundation
import Testing

@testable import Schedules

extension ScheduleTests {
    @Suite("Validating and parsing schedules")
    struct RecurrenceValidationTests: ScheduleTesting {
        func fields(_ recurrence: Recurrence) -> [String] { recurrence.validate().map(\.field) }

        @Test func validSchedulesHaveNoErrors() {
            #expect(fields(rule(.weekly, [.tuesday, .thursday], from: "2026-01-06")).isEmpty)
            #expect(fields(rule(.biweekly, [.monday], from: "2026-01-06", until: "2026-01-06")).isEmpty)
            #expect(fields(rule(.monthly, [.friday], week: -1, from: "2026-01-06")).isEmpty)
            #expect(fields(rule(.monthly, [.friday], week: 5, from: "2026-01-06")).isEmpty)
            #expect(fields(rule(.once, [], from: "2026-03-14")).isEmpty)
            #expect(fields(rule(.weekly, [.sunday], minutes: 1, zone: "UTC", from: "2026-01-06")).isEmpty)
            #expect(fields(rule(.weekly, [.sunday], minutes: 1440, zone: "Europe/London", from: "2026-01-06")).isEmpty)
        }

        @Test func weekdays() {
            #expect(fields(rule(.weekly, [], from: "2026-01-06")) == ["weekdays"])
            #expect(fields(rule(.biweekly, [], from: "2026-01-06")) == ["weekdays"])
            #expect(fields(rule(.weekly, [.tuesday, .tuesday], from: "2026-01-06")) == ["weekdays"])
            #expect(fields(rule(.monthly, [.tuesday, .friday], week: 1, from: "2026-01-06")) == ["weekdays"])
            #expect(fields(rule(.monthly, [], week: 1, from: "2026-01-06")) == ["weekdays"])
            let once = rule(.once, [.saturday], from: "2026-03-14").validate()
            #expect(once.map(\.field) == ["weekdays"])
            #expect(once.first?.message == "must be empty for a one-time meeting, which is on starts_on")
        }

        @Test func weekOfMonth() {
            #expect(fields(rule(.monthly, [.friday], from: "2026-01-06")) == ["week_of_month"])
            #expect(fields(rule(.monthly, [.friday], week: 0, from: "2026-01-06")) == ["week_of_month"])
            #expect(fields(rule(.monthly, [.friday], week: 6, from: "2026-01-06")) == ["week_of_month"])
            #expect(fields(rule(.monthly, [.friday], week: -2, from: "2026-01-06")) == ["week_of_month"])
            #expect(fields(rule(.weekly, [.friday], week: 2, from: "2026-01-06")) == ["week_of_month"])
            #expect(fields(rule(.once, [], week: 1, from: "2026-01-06")) == ["week_of_month"])
        }

        @Test(arguments: [0, -30, 1441, 10_000])
        func durationMinutes(_ minutes: Int) {
            let errors = rule(.weekly, [.tuesday], minutes: minutes, from: "2026-01-06").validate()
            #expect(errors.map(\.field) == ["duration_minutes"])
            #expect(errors.first?.message == "must be between 1 and 1440")
        }

        @Test(arguments: [
            "EST", "PST", "EST5EDT", "GMT", "GMT+5", "GMT+05:00", "utc", "america/new_york",
            "America/New_york", "Mars/Phobos", "", "/", "America/", "Factory", "America/New York",
        ])
        func timeZoneMustBeIANA(_ zone: String) {
            let errors = rule(.weekly, [.tuesday], zone: zone, from: "2026-01-06").validate()
            #expect(errors.map(\.field) == ["time_zone"])
            #expect(errors.first?.message == "must be an IANA time zone such as \"America/New_York\"")
        }

        @Test(arguments: [
            "America/New_York", "America/Denver", "Europe/London", "Pacific/Auckland", "Asia/Kolkata",
            "America/Argentina/Buenos_Aires", "Etc/GMT+5", "UTC",
        ])
        func ianaZonesAreAccepted(_ zone: String) {
            #expect(Recurrence.ianaTimeZone(zone) != nil)
        }

        @Test func endsOn() {
            let errors = rule(.weekly, [.tuesday], from: "2026-01-06", until: "2026-01-05").validate()
            #expect(errors.map(\.field) == ["ends_on"])
            #expect(errors.first?.message == "must not be before starts_on")
        }

        @Test func nothingIsScheduledFromTheYear9000() {
            #expect(fields(rule(.once, [], from: "8999-12-31")) == [])
            #expect(fields(rule(.once, [], from: "9000-01-01")) == ["starts_on"])
            #expect(rule(.weekly, [.tuesday], from: "9999-12-28").validate().first?.message == "must be before 9000-01-01")
            let once = rule(.weekly, [.tuesday], from: "2026-01-06")
            let late = ScheduleException.moved(LocalDate("2026-01-13")!, to: LocalDate("9000-01-01")!)
            #expect(late.validate(for: once).map(\.field) == ["moved_to_date"])
            #expect(ScheduleException.moved(LocalDate("2026-01-13")!, to: LocalDate("8999-12-30")!).validate(for: once).isEmpty)
        }

        @Test func everyProblemIsReported() {
            let bad = rule(.monthly, [], week: 9, minutes: 0, zone: "EST", from: "2026-01-06", until: "2025-01-01")
            #expect(fields(bad) == ["weekdays", "week_of_month", "duration_minutes", "time_zone", "ends_on"])
        }

        @Test func parsesStrings() throws {
            let recurrence = try Recurrence.parse(
                frequency: "biweekly", weekdays: ["TU", "thursday"], weekOfMonth: nil,
                startTime: "19:00", durationMinutes: 90, timeZone: "America/New_York",
                startsOn: "2026-01-06", endsOn: "2026-06-30")
            #expect(recurrence == rule(.biweekly, [.tuesday, .thursday], from: "2026-01-06", until: "2026-06-30"))
        }

        @Test func parsingReportsEachBadField() {
            func parseFields(
                frequency: String = "weekly", weekdays: [String] = ["tuesday"], weekOfMonth: Int? = nil,
                startTime: String = "19:00", minutes: Int = 90, zone: String = "America/New_York",
                startsOn: String = "2026-01-06", endsOn: String? = nil
            ) -> [String] {
                do {
                    _ = try Recurrence.parse(
                        frequency: frequency, weekdays: weekdays, weekOfMonth: weekOfMonth,
                        startTime: startTime, durationMinutes: minutes, timeZone: zone,
                        startsOn: startsOn, endsOn: endsOn)
                    return []
                } catch {
                    return error.errors.map(\.field)
                }
            }
            #expect(parseFields() == [])
            #expect(parseFields(frequency: "daily") == ["frequency"])
            #expect(parseFields(frequency: "Weekly") == ["frequency"])
            #expect(parseFields(weekdays: ["tues"]) == ["weekdays"])
            #expect(parseFields(weekdays: ["Tuesday"]) == ["weekdays"])
            #expect(parseFields(startTime: "24:00") == ["start_time"])
            #expect(parseFields(startTime: "7:5") == ["start_time"])
            #expect(parseFields(minutes: 0) == ["duration_minutes"])
            #expect(parseFields(zone: "EST") == ["time_zone"])
            #expect(parseFields(startsOn: "2026-02-30") == ["starts_on"])
            #expect(parseFields(endsOn: "2026-13-01") == ["ends_on"])
            #expect(parseFields(endsOn: "2025-12-31") == ["ends_on"])
            #expect(parseFields(frequency: "monthly", weekOfMonth: nil) == ["week_of_month"])
            // A field that did not parse does not also fail the rules that read it.
            #expect(parseFields(frequency: "daily", weekdays: [], weekOfMonth: 3) == ["frequency"])
            #expect(parseFields(startsOn: "soon", endsOn: "2000-01-01") == ["starts_on"])
            #expect(
                parseFields(
                    frequency: "often", weekdays: ["x"], startTime: "noon", minutes: 2000, zone: "Moon/Base",
                    startsOn: "today", endsOn: "never")
                    == ["frequency", "weekdays", "start_time", "starts_on", "ends_on", "duration_minutes", "time_zone"])
        }

        @Test func weekdayParseMessage() {
            do {
                _ = try Recurrence.parse(
                    frequency: "weekly", weekdays: ["tues"], weekOfMonth: nil, startTime: "19:00",
                    durationMinutes: 90, timeZone: "America/New_York", startsOn: "2026-01-06", endsOn: nil)
                Issue.record("parsed a bad weekday")
            } catch {
                #expect(error.errors.first?.message == "must be a weekday name such as \"tuesday\"")
            }
        }
    }
}
