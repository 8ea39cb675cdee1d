import Foundation
import Testing

@testable import Schedules

extension ScheduleTests {
    @Suite("LocalDate, LocalTime, Weekday and PartOfDay")
    struct LocalDateTimeTests: ScheduleTesting {
        @Test func parsesAndFormatsDates() throws {
            let date = try #require(LocalDate("2026-03-14"))
            #expect((date.year, date.month, date.day) == (2026, 3, 14))
            #expect(date.description == "2026-03-14")
            #expect(LocalDate(year: 987, month: 1, day: 5)?.description == "0987-01-05")
            #expect(LocalDate("2024-02-29") != nil)
            #expect(LocalDate("2000-02-29") != nil)
        }

        @Test(arguments: [
            "2026-02-30", "2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
            "2026-01-00", "2026-01-32", "0000-01-01", "2026-1-05", "26-01-05", "2026/01/05",
            "2026-01-05 ", " 2026-01-05", "", "+026-01-05", "2026-01-0x", "2026-01-05T00:00",
            "２０２６-01-05",
        ])
        func rejectsInvalidDates(_ text: String) {
            #expect(LocalDate(text) == nil)
        }

        @Test func weekdays() {
            #expect(day("2026-03-14").weekday == .saturday)
            #expect(day("1970-01-01").weekday == .thursday)
            #expect(day("1969-12-31").weekday == .wednesday)
            #expect(day("2000-02-29").weekday == .tuesday)
            #expect(day("2024-12-25").weekday == .wednesday)
            #expect(day("2026-01-04").weekday == .sunday)
        }

        @Test func dayArithmetic() {
            #expect(day("2024-02-28").adding(days: 1) == day("2024-02-29"))
            #expect(day("2024-02-28").adding(days: 2) == day("2024-03-01"))
            #expect(day("2026-12-31").adding(days: 1) == day("2027-01-01"))
            #expect(day("2026-03-01").adding(days: -1) == day("2026-02-28"))
            #expect(day("1970-01-01").adding(days: -1) == day("1969-12-31"))
            #expect(day("2026-01-01").days(to: day("2027-01-01")) == 365)
            #expect(day("2024-01-01").days(to: day("2025-01-01")) == 366)
            #expect(day("2027-01-01").days(to: day("2026-01-01")) == -365)
            #expect(day("2010-01-05").days(to: day("2026-01-06")) == 5845)
            #expect(day("1970-01-01").daysSince1970 == 0)
            #expect(day("2000-01-01").daysSince1970 == 10957)
            #expect(LocalDate(daysSince1970: 10957) == day("2000-01-01"))
            #expect(LocalDate(daysSince1970: -1) == day("1969-12-31"))
        }

        @Test func datesAreOrdered() {
            #expect(day("2026-01-31") < day("2026-02-01"))
            #expect(day("2025-12-31") < day("2026-01-01"))
            #expect(!(day("2026-01-01") < day("2026-01-01")))
            #expect(
                [day("2026-03-01"), day("2025-03-02"), day("2026-02-28")].sorted()
                    == [day("2025-03-02"), day("2026-02-28"), day("2026-03-01")])
        }

        @Test func datesAndTimesCodeAsStrings() throws {
            let json = try JSONEncoder().encode([day("2026-03-14")])
            #expect(String(decoding: json, as: UTF8.self) == #"["2026-03-14"]"#)
            #expect(try JSONDecoder().decode([LocalTime].self, from: Data(#"["07:05"]"#.utf8)) == [time("07:05")])
            #expect(throws: DecodingError.self) { try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-30"]"#.utf8)) }
            #expect(throws: DecodingError.self) { try JSONDecoder().decode([LocalTime].self, from: Data(#"["24:00"]"#.utf8)) }
        }

        @Test func parsesAndFormatsTimes() throws {
            let evening = try #require(LocalTime("19:05"))
            #expect((evening.hour, evening.minute) == (19, 5))
            #expect(evening.description == "19:05")
            #expect(evening.minutesSinceMidnight == 1145)
            #expect(LocalTime("00:00")?.minutesSinceMidnight == 0)
            #expect(LocalTime("23:59")?.minutesSinceMidnight == 1439)
            #expect(LocalTime(hour: 7, minute: 5)?.description == "07:05")
            #expect(LocalTime(hour: 24, minute: 0) == nil)
            #expect(time("09:30") < time("10:00"))
        }

        @Test(arguments: [
            "24:00", "7:5", "7:05", "07:5", "19:60", "19-00", "1900", " 19:00", "19:00 ", "19:00:00",
            "-1:00", "ab:cd", "",
        ])
        func rejectsInvalidTimes(_ text: String) {
            #expect(LocalTime(text) == nil)
        }

        @Test func twelveHourClock() {
            #expect(time("00:00").englishText == "12:00 am")
            #expect(time("00:15").englishText == "12:15 am")
            #expect(time("09:05").englishText == "9:05 am")
            #expect(time("12:00").englishText == "12:00 pm")
            #expect(time("19:00").englishText == "7:00 pm")
            #expect(time("23:59").englishText == "11:59 pm")
        }

        @Test func weekdayNamesAndCodes() {
            #expect(Weekday.sunday.rawValue == 0)
            #expect(Weekday.saturday.rawValue == 6)
            #expect(Weekday(name: "tuesday") == .tuesday)
            #expect(Weekday(icalCode: "TU") == .tuesday)
            #expect(Weekday(icalCode: "th") == .thursday)
            #expect(Weekday(nameOrCode: "SA") == .saturday)
            #expect(Weekday(nameOrCode: "sunday") == .sunday)
            #expect(Weekday.wednesday.name == "wednesday")
            #expect(Weekday.wednesday.icalCode == "WE")
            #expect(Weekday.friday.englishName == "Friday")
            let names = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
            let codes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
            #expect(Weekday.allCases.map(\.name) == names)
            #expect(Weekday.allCases.map(\.icalCode) == codes)
            #expect(names.compactMap(Weekday.init(name:)) == Weekday.allCases)
            #expect(codes.compactMap(Weekday.init(icalCode:)) == Weekday.allCases)
        }

        @Test(arguments: ["Tuesday", "TUESDAY", "tue", "tues", "TUE", "T", "XX", "", " tuesday", "2"])
        func rejectsUnknownWeekdays(_ text: String) {
            #expect(Weekday(name: text) == nil)
            #expect(Weekday(icalCode: text) == nil)
        }

        @Test func weekdaysCodeAsNames() throws {
            let json = try JSONEncoder().encode([Weekday.monday])
            #expect(String(decoding: json, as: UTF8.self) == #"["monday"]"#)
            #expect(try JSONDecoder().decode([Weekday].self, from: Data(#"["friday","TH"]"#.utf8)) == [.friday, .thursday])
            #expect(throws: DecodingError.self) { try JSONDecoder().decode([Weekday].self, from: Data(#"["Fri"]"#.utf8)) }
        }

        @Test func partsOfDay() {
            #expect(PartOfDay(time("00:00")) == .morning)
            #expect(PartOfDay(time("11:59")) == .morning)
            #expect(PartOfDay(time("12:00")) == .afternoon)
            #expect(PartOfDay(time("16:59")) == .afternoon)
            #expect(Recurrence.partOfDay(of: time("17:00")) == .evening)
            #expect(time("23:59").partOfDay == .evening)
            #expect(rule(.weekly, [.tuesday], at: "10:30", from: "2026-01-06").partOfDay == .morning)
        }

        @Test func zoneConversionBothWays() {
            let newYork = ZonedTime(timeZone: TimeZone(identifier: "America/New_York")!)
            #expect(newYork.instant(of: day("2026-01-06"), at: time("19:00")) == utc("2026-01-07T00:00:00Z"))
            #expect(newYork.instant(of: day("2026-07-06"), at: time("19:00")) == utc("2026-07-06T23:00:00Z"))
            let local = newYork.localDateAndTime(at: utc("2026-01-07T00:00:59Z"))
            #expect(local.date == day("2026-01-06") && local.time == time("19:00"))
            let kolkata = ZonedTime(timeZone: TimeZone(identifier: "Asia/Kolkata")!)
            #expect(kolkata.instant(of: day("2026-01-06"), at: time("07:00")) == utc("2026-01-06T01:30:00Z"))
            let beforeEpoch = ZonedTime(timeZone: TimeZone(identifier: "UTC")!).localDateAndTime(at: utc("1969-12-31T23:59:00Z"))
            #expect(beforeEpoch.date == day("1969-12-31") && beforeEpoch.time == time("23:59"))
        }
    }
}
