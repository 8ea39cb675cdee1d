import Foundation
import GRDB
import Schedules
import Store
import TestSupport
import Testing

@testable import Circles

/// `circles.json` beside HSDS files: tags, facilitators, exceptions, dates written for another day.
@Suite struct HSDSExtrasTests {
    let app = try! TestApp()
    let folder = TestHTTP.temporaryDirectory()
    static let organization = "9b3c1a2e-0000-4000-8000-000000000001"
    static let hall = "9b3c1a2e-0000-4000-8000-000000000002"
    static let library = "9b3c1a2e-0000-4000-8000-000000000003"
    static let service = "9b3c1a2e-0000-4000-8000-000000000004"
    static let tuesdays = "9b3c1a2e-0000-4000-8000-000000000005"

    /// Today where the import reads `dates_as_of` (its default time zone) and where the schedule meets.
    static let today = ZonedTime(timeZone: TimeZone(identifier: "America/Denver")!).localDateAndTime(at: Date()).date

    /// A weekly Tuesday group with a cap, in a folder whose dates were written for ten days ago: they move one week.
    /// Returns the first day of its schedule, as written.
    @discardableResult
    func write(extras: [String: Any]) throws -> LocalDate {
        let asOf = Self.today.adding(days: -10)
        let start = asOf.adding(days: -70 - (asOf.weekday.rawValue - Weekday.tuesday.rawValue + 7) % 7)
        func fact(_ code: String, _ value: String) -> [String: Any] {
            ["id": "f-\(code)", "taxonomy_term_id": HSDSVocabulary.factTermId(code), "value": value]
        }
        let files: [String: [[String: Any]]] = [
            "organizations": [["id": Self.organization, "name": "Harbor Peer Network", "description": "Peers.", "attributes": [fact("slug", "harbor")]]],
            "locations": [
                [
                    "id": Self.hall, "location_type": "physical", "organization_id": Self.organization, "name": "Harbor Hall",
                    "addresses": [
                        [
                            "id": "a1", "address_1": "1 Main St", "city": "Denver", "state_province": "CO", "postal_code": "80202",
                            "country": "US", "address_type": "physical",
                        ]
                    ],
                ],
                ["id": Self.library, "location_type": "physical", "organization_id": Self.organization, "name": "Branch Library"],
            ],
            "services": [
                [
                    "id": Self.service, "organization_id": Self.organization, "name": "Harbor Grief Circle", "status": "active",
                    "service_at_locations": [["id": "sal1", "location_id": Self.hall]],
                    "attributes": [
                        fact("time_zone", "America/Denver"), fact("capacity", "12"), fact("open_seats", "0"),
                        fact("last_confirmed_at", Timestamp.format(Date().addingTimeInterval(-90 * 86_400))),
                    ],
                    "schedules": [
                        [
                            "id": Self.tuesdays, "freq": "WEEKLY", "byday": "TU", "opens_at": "18:30", "closes_at": "20:00",
                            "dtstart": start.description,
                        ]
                    ],
                ]
            ],
        ]
        for (name, rows) in files {
            try JSONSerialization.data(withJSONObject: rows).write(to: URL(fileURLWithPath: "\(folder)/\(name).json"))
        }
        var extras = extras
        extras["dates_as_of"] = extras["dates_as_of"] ?? asOf.description
        try JSONSerialization.data(withJSONObject: extras).write(to: URL(fileURLWithPath: "\(folder)/circles.json"))
        return start
    }

    static var everything: [String: Any] {
        [
            "organizations": [["id": organization, "tags": [["slug": "open", "name": "Open", "code": "O"], ["slug": "outdoor", "name": "Outdoor"]]]],
            "facilitators": [
                [
                    "id": "ana", "organization_id": organization, "display_name": "Ana", "bio": "I lost my father.",
                    "lived_experience": ["grief"], "languages": ["en", "es"], "private_email": "ana@harbor.example.org",
                    "trainings": [["name": "Peer Support", "issuer": "State board", "completed_on": "2026-01-05", "expires_on": "2028-01-05"]],
                ]
            ],
            "services": [["id": service, "tags": ["open"], "facilitator_ids": ["ana"]]],
            "schedule_exceptions": [
                ["schedule_id": tuesdays, "coming_occurrence": 2, "kind": "cancelled", "note": "Holiday."],
                [
                    "schedule_id": tuesdays, "coming_occurrence": 3, "kind": "moved", "moved_by_days": 1, "moved_to_time": "19:00",
                    "moved_location_id": library, "note": "Wednesday at the library this time.",
                ],
            ],
        ]
    }

    @Test func importsTagsFacilitatorsAndExceptionsAndMovesDatesByWholeWeeks() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let written = try write(extras: Self.everything)
        let report = try DirectoryTransfer.importHSDS(app.database, from: folder, apply: true, defaultTimeZone: "America/Denver")
        #expect(report.outcome.committed, "\(report.problemLines)")
        #expect(report.summary.contains("2 tags, 1 facilitators, 2 cancelled or moved meetings"), "\(report.summary)")

        let group = try app.get("/api/v1/groups/by-slug/harbor-grief-circle").jsonObject
        #expect(group["tags"] as? [String] == ["open"])
        #expect((group["facilitators"] as? [[String: Any]])?.map { $0["display_name"] as? String } == ["Ana"])
        #expect(group["seats_updated_at"] as? String != nil && group["full"] as? Bool == true)
        let tags = try app.database.pool.read { try Row.fetchAll($0, sql: "SELECT slug, name, code FROM tags ORDER BY id") }
        #expect(tags.map { "\($0["slug"] as String)/\($0["name"] as String)/\(($0["code"] as String?) ?? "-")" } == ["open/Open/O", "outdoor/Outdoor/-"])
        let facilitator = try #require(try app.database.pool.read { try FacilitatorRecord.fetchOne($0) })
        #expect(
            facilitator.privateEmail == "ana@harbor.example.org" && facilitator.livedExperience == #"["grief"]"# && facilitator.languages == #"["en","es"]"#)

        // Ten days late: every date one week later, so the weekdays stay.
        let trainings = try app.database.pool.read { try TrainingRecord.fetchAll($0) }
        #expect(trainings.map(\.completedOn) == ["2026-01-12"] && trainings.map(\.expiresOn) == ["2028-01-12"])
        let schedule = try #require((group["schedules"] as? [[String: Any]])?.first)
        let startsOn = try #require(LocalDate(schedule["starts_on"] as? String ?? ""))
        #expect(startsOn == written.adding(days: 7) && startsOn.weekday == .tuesday)
        let confirmed = try #require(Timestamp.parse(group["last_confirmed_at"] as? String ?? ""))
        #expect(abs(Date().timeIntervalSince(confirmed) - 83 * 86_400) < 60)
        #expect(group["not_recently_confirmed"] as? Bool == true)

        // The second and third Tuesdays after today.
        let recurrence = try Recurrence.parse(
            frequency: "weekly", weekdays: ["TU"], weekOfMonth: nil, startTime: "18:30", durationMinutes: 90,
            timeZone: "America/Denver", startsOn: startsOn.description, endsOn: nil)
        let coming = recurrence.meetingDates(from: Self.today.adding(days: 1), through: Self.today.adding(days: 30))
        let exceptions = try #require(schedule["exceptions"] as? [[String: Any]])
        #expect(exceptions.map { $0["occurrence_date"] as? String } == [coming[1].description, coming[2].description])
        #expect(exceptions.map { $0["kind"] as? String } == ["cancelled", "moved"])
        #expect(exceptions[1]["moved_to_date"] as? String == coming[2].adding(days: 1).description && exceptions[1]["moved_to_time"] as? String == "19:00")
        let library = try app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM locations WHERE name = 'Branch Library'") }
        #expect((exceptions[1]["moved_location_id"] as? Int).map(Int64.init) == library)
    }

    @Test func reportsWhatItCannotUseAndWritesNothing() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write(extras: [
            "dates_as_of": "last week",
            "organizations": [["id": "nobody", "tags": []]],
            "facilitators": [["id": "bo", "organization_id": Self.organization, "display_name": "Bo", "private_email": "not an address", "nickname": "B"]],
            "services": [["id": Self.service, "facilitator_ids": ["bo", "cy"]]],
            "schedule_exceptions": [
                ["schedule_id": "elsewhere", "coming_occurrence": 1, "kind": "cancelled"],
                ["schedule_id": Self.tuesdays, "coming_occurrence": 0, "kind": "cancelled"],
                ["schedule_id": Self.tuesdays, "coming_occurrence": 1, "kind": "postponed"],
                ["schedule_id": Self.tuesdays, "occurrence_date": "2026-01-01", "kind": "cancelled"],
                ["schedule_id": Self.tuesdays, "coming_occurrence": 1, "kind": "moved"],
            ],
        ])
        let report = try DirectoryTransfer.importHSDS(app.database, from: folder, apply: true, defaultTimeZone: "America/Denver")
        #expect(!report.outcome.committed)
        let lines = report.problemLines
        for expected in [
            "organizations: circles.json: nobody is not an organization",
            "private_email: circles.json: facilitator bo:", "nickname: circles.json: facilitator bo:",
            "facilitator_ids: circles.json: service \(Self.service): cy is not a facilitator",
            "dates_as_of: circles.json: must be a date",
            "schedule_exceptions[0].schedule_id: circles.json: elsewhere is not a schedule",
            "schedule_exceptions[1].occurrence_date: circles.json: give an occurrence_date, or a coming_occurrence from 1",
            "schedule_exceptions[2].kind: circles.json: must be one of: cancelled, moved",
            "schedule_exceptions[3].occurrence_date: circles.json: is not a date this schedule meets on",
            "schedule_exceptions[4].moved_to_date: circles.json: a moved meeting needs a new date or a new time",
        ] {
            #expect(lines.contains { $0.hasPrefix(expected) }, "\(expected) in \(lines)")
        }
        #expect(try app.get("/api/v1/groups/by-slug/harbor-grief-circle").status == 404)
        #expect(try app.database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM facilitators") } == 0)
    }

    @Test func anImportRecordedUnderASettingRunsOnce() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write(extras: Self.everything)
        let first = try DirectoryTransfer.importHSDS(app.database, from: folder, apply: true, defaultTimeZone: "America/Denver", onceAs: "harbor_loaded_at")
        #expect(first.outcome.committed && !first.outcome.importedBefore)
        let recorded = try #require(try app.database.setting("harbor_loaded_at"))
        let second = try DirectoryTransfer.importHSDS(app.database, from: folder, apply: true, defaultTimeZone: "America/Denver", onceAs: "harbor_loaded_at")
        #expect(!second.outcome.committed && second.outcome.importedBefore && second.outcome.problems.isEmpty)
        #expect(try app.database.setting("harbor_loaded_at") == recorded)
        #expect(try app.database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM groups") } == 1)
        // Without the setting, the same folder is refused: its slug is taken.
        let third = try DirectoryTransfer.importHSDS(app.database, from: folder, apply: true, defaultTimeZone: "America/Denver")
        #expect(!third.outcome.committed && !third.outcome.problems.isEmpty)
    }
}
