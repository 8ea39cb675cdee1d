import Foundation
import Testing

@testable import Schedules

extension ScheduleTests {
    @Suite("Cancelled and moved occurrences, and the next meeting")
    struct ScheduleExceptionTests: ScheduleTesting {
        /// Tuesdays at 19:00 in New York; in January 2026 that is 00:00 UTC on Wednesdays 7, 14, 21, 28.
        var tuesdays: Recurrence { rule(.weekly, [.tuesday], from: "2026-01-06") }
        let january = ("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")

        @Test func cancelledIsLeftOut() {
            let snow = ScheduleException.cancelled(day("2026-01-13"), note: "Snow")
            #expect(
                starts(tuesdays, january.0, january.1, [snow]) == [
                    utc("2026-01-07T00:00:00Z"), utc("2026-01-21T00:00:00Z"), utc("2026-01-28T00:00:00Z"),
                ])
        }

        @Test func cancelledIsIncludedWhenAsked() throws {
            let snow = ScheduleException.cancelled(day("2026-01-13"), note: "Snow")
            let found = tuesdays.occurrences(from: utc(january.0), to: utc(january.1), exceptions: [snow], includeCancelled: true)
            #expect(found.map(\.status) == [.scheduled, .cancelled, .scheduled, .scheduled])
            #expect(
                found.map(\.start) == [
                    utc("2026-01-07T00:00:00Z"), utc("2026-01-14T00:00:00Z"),
                    utc("2026-01-21T00:00:00Z"), utc("2026-01-28T00:00:00Z"),
                ])
            #expect(found[1].note == "Snow")
            #expect(found[1].date == day("2026-01-13"))
        }

        @Test func movedAppearsAtItsNewDateAndTimeOnly() throws {
            let moved = ScheduleException.moved(day("2026-01-13"), to: day("2026-01-15"), at: time("18:00"), note: "Room booked")
            let found = tuesdays.occurrences(from: utc(january.0), to: utc(january.1), exceptions: [moved], includeCancelled: true)
            #expect(
                found.map(\.start) == [
                    utc("2026-01-07T00:00:00Z"), utc("2026-01-15T23:00:00Z"),
                    utc("2026-01-21T00:00:00Z"), utc("2026-01-28T00:00:00Z"),
                ])
            let occurrence = found[1]
            #expect(occurrence.status == .moved)
            #expect(occurrence.originalDate == day("2026-01-13"))
            #expect(occurrence.originalStart == utc("2026-01-14T00:00:00Z"))
            #expect(occurrence.date == day("2026-01-15"))
            #expect(occurrence.startTime == time("18:00"))
            #expect(occurrence.end == utc("2026-01-16T00:30:00Z"))
            #expect(occurrence.note == "Room booked")
        }

        @Test func movedIsInAWindowByItsNewStart() {
            let moved = ScheduleException.moved(day("2026-01-13"), to: day("2026-01-15"), at: time("18:00"))
            #expect(starts(tuesdays, "2026-01-13T12:00:00Z", "2026-01-14T12:00:00Z", [moved]) == [])
            #expect(starts(tuesdays, "2026-01-14T12:00:00Z", "2026-01-16T00:00:00Z", [moved]) == [utc("2026-01-15T23:00:00Z")])
            // Moved into January from February, and out of January into February.
            let intoJanuary = ScheduleException.moved(day("2026-02-03"), to: day("2026-01-30"))
            let outOfJanuary = ScheduleException.moved(day("2026-01-27"), to: day("2026-02-05"))
            #expect(
                starts(tuesdays, january.0, january.1, [intoJanuary, outOfJanuary]) == [
                    utc("2026-01-07T00:00:00Z"), utc("2026-01-14T00:00:00Z"),
                    utc("2026-01-21T00:00:00Z"), utc("2026-01-31T00:00:00Z"),
                ])
        }

        @Test func movedToAnotherTimeOnly() {
            let later = ScheduleException.moved(day("2026-01-20"), at: time("20:30"))
            let found = tuesdays.occurrences(from: utc("2026-01-20T00:00:00Z"), to: utc("2026-01-22T00:00:00Z"), exceptions: [later])
            #expect(found.map(\.start) == [utc("2026-01-21T01:30:00Z")])
            #expect(found.map(\.date) == [day("2026-01-20")])
        }

        @Test func exceptionOnADayWithoutAMeetingIsIgnored() {
            let wednesday = ScheduleException.cancelled(day("2026-01-14"))
            let thursday = ScheduleException.moved(day("2026-01-15"), to: day("2026-01-16"))
            #expect(starts(tuesdays, january.0, january.1, [wednesday, thursday]).count == 4)
            #expect(wednesday.validate(for: tuesdays).map(\.field) == ["occurrence_date"])
        }

        @Test func exceptionValidation() {
            #expect(ScheduleException.cancelled(day("2026-01-13")).validate(for: tuesdays).isEmpty)
            #expect(ScheduleException.moved(day("2026-01-13"), at: time("18:00")).validate(for: tuesdays).isEmpty)
            #expect(ScheduleException.moved(day("2026-01-13")).validate(for: tuesdays).map(\.field) == ["moved_to_date"])
            let confused = ScheduleException(
                occurrenceDate: day("2026-01-13"), kind: .cancelled,
                movedToDate: day("2026-01-14"), movedToTime: time("18:00"))
            #expect(confused.validate(for: tuesdays).map(\.field) == ["moved_to_date", "moved_to_time"])
            #expect(ScheduleException.cancelled(day("2025-12-30")).validate(for: tuesdays).map(\.field) == ["occurrence_date"])
        }

        @Test func aMoveMayNotDoubleAMeetingOrFallInAClockGap() {
            // Onto the next Tuesday at the usual time: that meeting would be listed twice.
            #expect(ScheduleException.moved(day("2026-01-13"), to: day("2026-01-20")).validate(for: tuesdays).map(\.field) == ["moved_to_date"])
            // Onto it at another time, or onto a Wednesday: two meetings, each once.
            #expect(ScheduleException.moved(day("2026-01-13"), to: day("2026-01-20"), at: time("17:00")).validate(for: tuesdays).isEmpty)
            #expect(ScheduleException.moved(day("2026-01-13"), to: day("2026-01-14")).validate(for: tuesdays).isEmpty)
            // 2:30 am on 8 March 2026 never shows on a New York clock.
            let gap = ScheduleException.moved(day("2026-03-10"), to: day("2026-03-08"), at: time("02:30"))
            #expect(gap.validate(for: tuesdays).map(\.field) == ["moved_to_time"])
            #expect(ScheduleException.moved(day("2026-03-10"), to: day("2026-03-08"), at: time("03:30")).validate(for: tuesdays).isEmpty)
        }

        @Test func nextOccurrenceSkipsCancellations() throws {
            let cancelled = [ScheduleException.cancelled(day("2026-01-13")), .cancelled(day("2026-01-20"))]
            let next = try #require(tuesdays.nextOccurrence(after: utc("2026-01-07T12:00:00Z"), exceptions: cancelled))
            #expect(next.start == utc("2026-01-28T00:00:00Z"))
            #expect(next.status == .scheduled)
            #expect(tuesdays.nextOccurrence(after: utc("2026-01-07T12:00:00Z"))?.start == utc("2026-01-14T00:00:00Z"))
        }

        @Test func nextOccurrenceIsStrictlyAfter() {
            #expect(tuesdays.nextOccurrence(after: utc("2026-01-14T00:00:00Z"))?.start == utc("2026-01-21T00:00:00Z"))
            #expect(tuesdays.nextOccurrence(after: utc("2026-01-13T23:59:59Z"))?.start == utc("2026-01-14T00:00:00Z"))
            #expect(tuesdays.nextOccurrence(after: utc("2000-01-01T00:00:00Z"))?.start == utc("2026-01-07T00:00:00Z"))
        }

        @Test func nextOccurrenceFindsAMovedMeeting() {
            // A meeting far ahead brought forward becomes the next one.
            let broughtForward = ScheduleException.moved(day("2026-06-02"), to: day("2026-01-08"))
            let next = tuesdays.nextOccurrence(after: utc("2026-01-07T12:00:00Z"), exceptions: [broughtForward])
            #expect(next?.start == utc("2026-01-09T00:00:00Z"))
            #expect(next?.status == .moved)
            // The next one moved later: the meeting after it comes first.
            let pushedBack = ScheduleException.moved(day("2026-01-13"), to: day("2026-01-22"))
            #expect(
                tuesdays.nextOccurrence(after: utc("2026-01-07T12:00:00Z"), exceptions: [pushedBack])?.start
                    == utc("2026-01-21T00:00:00Z"))
        }

        @Test func nextOccurrenceOfFiniteSchedules() {
            let ended = rule(.weekly, [.tuesday], from: "2025-01-07", until: "2025-12-30")
            #expect(ended.nextOccurrence(after: utc("2026-01-01T00:00:00Z")) == nil)
            #expect(ended.nextOccurrence(after: utc("2025-12-29T00:00:00Z"))?.date == day("2025-12-30"))
            let workshop = rule(.once, [], at: "09:00", from: "2026-03-14")
            #expect(workshop.nextOccurrence(after: utc("2026-01-01T00:00:00Z"))?.start == utc("2026-03-14T13:00:00Z"))
            #expect(workshop.nextOccurrence(after: utc("2026-03-14T13:00:00Z")) == nil)
            #expect(workshop.nextOccurrence(after: utc("2026-01-01T00:00:00Z"), exceptions: [.cancelled(day("2026-03-14"))]) == nil)
            let fifthFriday = rule(.monthly, [.friday], week: 5, at: "10:00", zone: "Europe/London", from: "2026-01-01")
            #expect(fifthFriday.nextOccurrence(after: utc("2026-02-01T00:00:00Z"))?.start == utc("2026-05-29T09:00:00Z"))
        }

        @Test func nextOccurrenceOfAScheduleStartedLongAgo() {
            let everyOtherTuesday = rule(.biweekly, [.tuesday], from: "2010-01-05")
            #expect(everyOtherTuesday.nextOccurrence(after: utc("2026-01-01T00:00:00Z"))?.date == day("2026-01-13"))
        }

        @Test func firstExceptionForADateWins() {
            let twice = [
                ScheduleException.cancelled(day("2026-01-13"), note: "first"),
                .moved(day("2026-01-13"), to: day("2026-01-15"), note: "second"),
            ]
            let found = tuesdays.occurrences(from: utc(january.0), to: utc(january.1), exceptions: twice, includeCancelled: true)
            #expect(found.filter { $0.originalDate == day("2026-01-13") }.map(\.note) == ["first"])
        }
    }
}
