import Foundation
import GRDB
import Schedules
import Store
import Testing

@testable import Circles

/// The demo directory and the scale-test generator, on fresh temporary databases.
@Suite struct DemoDataTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The repository's demo directory (`Demo/directory`).
    static let demoDirectory = root.appendingPathComponent("Demo/directory").path

    /// A new database in its own temporary folder, migrated with the repository's `Migrations`.
    static func freshDatabase() throws -> (AppDatabase, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("circles-demo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let database = try AppDatabase(path: folder + "/circles.sqlite", migrationsDirectory: root.appendingPathComponent("Migrations").path)
        return (database, folder)
    }

    @discardableResult
    static func loadDemo(into database: AppDatabase) throws -> Bool {
        try DemoData.loadIfEmpty(into: database, from: demoDirectory)
    }

    static func withDatabase(_ body: (AppDatabase) throws -> Void) throws {
        let (database, folder) = try freshDatabase()
        defer {
            try? database.close()
            try? FileManager.default.removeItem(atPath: folder)
        }
        try body(database)
    }

    static func count(_ database: AppDatabase, _ sql: String) throws -> Int {
        try database.pool.read { try Int.fetchOne($0, sql: sql) ?? 0 }
    }

    static func strings(_ database: AppDatabase, _ sql: String) throws -> [String] {
        try database.pool.read { try String.fetchAll($0, sql: sql) }
    }

    @Test func loadsSixOrganizationsAndFiftyGroupsCoveringTheDirectory() throws {
        try Self.withDatabase { database in
            #expect(try Self.loadDemo(into: database))
            #expect(try database.setting("demo_loaded_at") != nil)
            #expect(try Self.count(database, "SELECT count(*) FROM organizations") == 6)
            #expect(try Self.count(database, "SELECT count(*) FROM groups") >= 45)

            let uncoveredTopics = try Self.strings(database, "SELECT slug FROM topics WHERE id NOT IN (SELECT topic_id FROM group_topics)")
            #expect(uncoveredTopics.isEmpty)
            #expect(try Self.strings(database, "SELECT DISTINCT format FROM groups ORDER BY 1") == ["hybrid", "in_person", "online", "phone"])
            #expect(
                try Self.strings(database, "SELECT DISTINCT kind FROM locations ORDER BY 1")
                    == ["clinic", "community_center", "library", "online", "other", "park", "phone", "place_of_worship"])
            #expect(
                try Self.strings(database, "SELECT DISTINCT audience FROM group_audiences ORDER BY 1")
                    == ["adults", "everyone", "families", "lgbtq", "men", "parents", "seniors", "veterans", "women", "young_adults", "youth"])
            let languages = Set(try Self.strings(database, "SELECT DISTINCT language FROM group_languages"))
            #expect(languages.isSuperset(of: ["en", "es", "zh", "vi", "ko", "ru", "ar", "ase"]))
            #expect(try Self.strings(database, "SELECT DISTINCT status FROM groups ORDER BY 1") == ["active", "archived", "paused"])
            #expect(try Self.count(database, "SELECT count(*) FROM groups WHERE is_free = 0") >= 2)
            #expect(try Self.count(database, "SELECT count(*) FROM groups WHERE join_mode = 'registration'") >= 2)
            #expect(try Self.count(database, "SELECT count(*) FROM groups WHERE online_details_private = 1") >= 1)
            #expect(try Self.count(database, "SELECT count(*) FROM groups WHERE format = 'phone' AND dial_in IS NULL") == 0)
            #expect(try Self.count(database, "SELECT count(*) FROM groups WHERE format IN ('online', 'hybrid') AND online_url IS NULL") == 0)
            #expect(
                try Self.strings(database, "SELECT DISTINCT time_zone FROM groups ORDER BY 1")
                    == ["America/Chicago", "America/Denver", "America/Los_Angeles", "America/New_York"])

            // Every kind of schedule, every group meeting, and a few schedules somewhere else than their group.
            #expect(try Self.strings(database, "SELECT DISTINCT frequency FROM schedules ORDER BY 1") == ["biweekly", "monthly", "once", "weekly"])
            #expect(try Self.count(database, "SELECT count(*) FROM schedules WHERE frequency = 'monthly' AND week_of_month = -1") >= 1)
            #expect(try Self.count(database, "SELECT count(*) FROM schedules WHERE frequency = 'monthly' AND week_of_month BETWEEN 1 AND 4") >= 1)
            #expect(try Self.count(database, "SELECT count(*) FROM schedules WHERE frequency = 'weekly' AND weekdays LIKE '%,%'") >= 1)
            #expect(try Self.count(database, "SELECT count(*) FROM schedules WHERE ends_on IS NOT NULL") >= 1)
            #expect(
                try Self.count(
                    database,
                    """
                    SELECT count(*) FROM schedules s JOIN groups g ON g.id = s.group_id JOIN locations l ON l.id = s.location_id
                    WHERE s.location_id <> g.location_id AND l.organization_id = g.organization_id
                    """) >= 2)
            #expect(try Self.count(database, "SELECT count(*) FROM groups WHERE id NOT IN (SELECT group_id FROM schedules)") == 0)
            #expect(try Self.count(database, "SELECT count(*) FROM schedules WHERE time_zone <> (SELECT time_zone FROM groups WHERE id = group_id)") == 0)

            #expect(try Self.count(database, "SELECT count(*) FROM schedule_exceptions WHERE kind = 'cancelled'") >= 1)
            #expect(
                try Self.count(
                    database, "SELECT count(*) FROM schedule_exceptions WHERE kind = 'moved' AND moved_to_date IS NOT NULL AND moved_to_time IS NOT NULL") >= 1)
            #expect(try Self.count(database, "SELECT count(*) FROM schedule_exceptions WHERE note = 'Room closed for the holiday.'") == 1)

            #expect(try Self.count(database, "SELECT count(*) FROM trainings WHERE expires_on < date('now')") >= 1)
            #expect(try Self.count(database, "SELECT count(*) FROM trainings WHERE expires_on IS NULL OR expires_on >= date('now')") >= 10)
            #expect(try Self.count(database, "SELECT count(*) FROM group_facilitators") >= 40)
            #expect(try Self.count(database, "SELECT count(*) FROM tags WHERE code IS NOT NULL") >= 20)
            #expect(try Self.count(database, "SELECT count(*) FROM group_tags") >= 50)
            // Groups written in Spanish, and groups with their texts in a second language, found by its words.
            #expect(try Self.count(database, "SELECT count(*) FROM groups WHERE content_language = 'es'") >= 3)
            #expect(try Self.count(database, "SELECT count(*) FROM group_translations WHERE language = 'es'") >= 5)
            #expect(try Self.count(database, "SELECT count(*) FROM group_translations WHERE language = 'en'") >= 2)
            #expect(
                try database.searchGroups(
                    {
                        var q = GroupQuery(); q.text = "primerizas"; return q
                    }(), after: nil
                ).ids.count == 1)

            // The derived tables are what the Store's own writes produce.
            #expect(try Self.count(database, "SELECT count(*) FROM group_search") == Self.count(database, "SELECT count(*) FROM groups"))
            #expect(try Self.count(database, "SELECT count(*) FROM groups WHERE id NOT IN (SELECT group_id FROM group_slots)") == 0)
            #expect(
                try database.searchGroups(
                    {
                        var q = GroupQuery(); q.text = "Koreatown caregivers"; return q
                    }(), after: nil
                ).ids.count == 1)
            #expect(try database.pool.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }.isEmpty)
        }
    }

    @Test func exceptionsFallOnUpcomingMeetingDays() throws {
        try Self.withDatabase { database in
            try Self.loadDemo(into: database)
            let rows = try database.pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT e.occurrence_date, e.kind, s.frequency, s.weekdays, s.week_of_month, s.starts_on, s.ends_on, s.time_zone
                        FROM schedule_exceptions e JOIN schedules s ON s.id = e.schedule_id
                        """)
            }
            #expect(rows.count >= 2)
            for row in rows {
                let occurrence = try #require(DemoCalendar.parse(row["occurrence_date"]))
                #expect(occurrence > DemoCalendar.today(in: row["time_zone"]))
                #expect(
                    DemoCalendar.meets(
                        frequency: row["frequency"], weekdays: row["weekdays"], weekOfMonth: row["week_of_month"],
                        startsOn: DemoCalendar.parse(row["starts_on"])!, endsOn: (row["ends_on"] as String?).flatMap(DemoCalendar.parse),
                        on: occurrence), "\(row)")
            }
            // One-off workshops are in the coming weeks; regular groups started in the past.
            let today = DemoCalendar.today(in: "America/New_York")
            for row in try database.pool.read({ try Row.fetchAll($0, sql: "SELECT frequency, starts_on FROM schedules") }) {
                let startsOn = DemoCalendar.parse(row["starts_on"])!
                if (row["frequency"] as String) == "once" { #expect(startsOn > today) } else { #expect(startsOn < today) }
            }
        }
    }

    /// Every stored schedule as the recurrence engine reads it (failing the test for one the API would refuse).
    static func recurrences(_ database: AppDatabase, _ sql: String = "SELECT * FROM schedules") throws -> [(ScheduleRecord, Recurrence)] {
        let records: [ScheduleRecord] = try database.pool.read { db in try ScheduleRecord.fetchAll(db, sql: sql) }
        return try records.map { record in
            do {
                let recurrence = try Recurrence.parse(
                    frequency: record.frequency.rawValue, weekdays: record.weekdays.split(separator: ",").map(String.init),
                    weekOfMonth: record.weekOfMonth, startTime: record.startTime, durationMinutes: record.durationMinutes,
                    timeZone: record.timeZone, startsOn: record.startsOn, endsOn: record.endsOn)
                return (record, recurrence)
            } catch let error as ScheduleValidationError {
                Issue.record("schedule \(record.id ?? 0) is invalid: \(error.errors.map { "\($0.field) \($0.message)" })")
                throw error
            }
        }
    }

    @Test func theScheduleEngineAgreesWithTheDemo() throws {
        try Self.withDatabase { database in
            try Self.loadDemo(into: database)
            let today = try #require(LocalDate(DemoCalendar.format(DemoCalendar.today(in: "Pacific/Honolulu"))))
            let schedules = try Self.recurrences(database)
            let byId = Dictionary(uniqueKeysWithValues: schedules.map { ($0.0.id!, $0.1) })
            // Every exception is on a date its schedule really meets.
            for exception in try database.pool.read({ try ScheduleExceptionRecord.fetchAll($0) }) {
                let recurrence = try #require(byId[exception.scheduleId])
                #expect(recurrence.meets(on: try #require(LocalDate(exception.occurrenceDate))), "\(exception)")
            }
            // Every group that is not archived meets in the coming five weeks.
            let archived = Set(try database.pool.read { try Int64.fetchAll($0, sql: "SELECT id FROM groups WHERE status = 'archived'") })
            var upcoming = Set<Int64>()
            for (record, recurrence) in schedules where !recurrence.meetingDates(from: today, through: today.adding(days: 35)).isEmpty {
                upcoming.insert(record.groupId)
            }
            let groups = Set(try database.pool.read { try Int64.fetchAll($0, sql: "SELECT id FROM groups") })
            #expect(groups.subtracting(archived) == upcoming)
        }
    }

    /// Files written long ago load as if written today: `dates_as_of` moves every date by whole weeks,
    /// so meetings are still ahead, stale listings still stale and the lapsed training still lapsed.
    @Test func staysCurrentWhenItsFilesAreOld() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("circles-old-demo-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: Self.demoDirectory, toPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // As if written 1,000 days ago: every date in the files, `dates_as_of` included, 1,000 days earlier.
        for name in ["services.json", "circles.json"] {
            let path = folder + "/" + name
            let text = try String(contentsOfFile: path, encoding: .utf8)
            var moved = ""
            var rest = text[...]
            while let match = rest.firstMatch(of: /\d{4}-\d{2}-\d{2}/) {
                moved += rest[..<match.range.lowerBound]
                moved += try #require(LocalDate(String(match.output))).adding(days: -1000).description
                rest = rest[match.range.upperBound...]
            }
            try (moved + rest).write(toFile: path, atomically: true, encoding: .utf8)
        }
        try Self.withDatabase { database in
            #expect(try DemoData.loadIfEmpty(into: database, from: folder))
            let today = DemoCalendar.today(in: "America/New_York")
            for row in try database.pool.read({ try Row.fetchAll($0, sql: "SELECT frequency, starts_on FROM schedules") }) {
                let startsOn = DemoCalendar.parse(row["starts_on"])!
                if (row["frequency"] as String) == "once" { #expect(startsOn > today) } else { #expect(startsOn < today) }
            }
            let schedules = Dictionary(uniqueKeysWithValues: try Self.recurrences(database).map { ($0.0.id!, $0.1) })
            let exceptions = try database.pool.read { try ScheduleExceptionRecord.fetchAll($0) }
            #expect(exceptions.count == 5)
            for exception in exceptions {
                let date = try #require(LocalDate(exception.occurrenceDate))
                #expect(try #require(schedules[exception.scheduleId]).meets(on: date) && DemoCalendar.parse(exception.occurrenceDate)! > today)
            }
            #expect(try Self.count(database, "SELECT count(*) FROM trainings WHERE expires_on < date('now')") >= 1)
            #expect(try Self.count(database, "SELECT count(*) FROM trainings WHERE expires_on IS NULL OR expires_on >= date('now')") >= 10)
            #expect(try Self.count(database, "SELECT count(*) FROM groups WHERE last_confirmed_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-60 days')") == 2)
        }
    }

    @Test func loadingTwiceChangesNothing() throws {
        try Self.withDatabase { database in
            let tables = [
                "organizations", "locations", "tags", "groups", "group_topics", "group_tags", "group_audiences",
                "group_languages", "schedules", "schedule_exceptions", "group_slots", "facilitators", "trainings",
                "group_facilitators", "group_search", "group_translations", "settings",
            ]
            func counts() throws -> [Int] { try tables.map { try Self.count(database, "SELECT count(*) FROM \($0)") } }
            #expect(try Self.loadDemo(into: database))
            let first = try counts()
            let loadedAt = try database.setting("demo_loaded_at")
            #expect(try !Self.loadDemo(into: database))
            #expect(try counts() == first)
            #expect(try database.setting("demo_loaded_at") == loadedAt)
        }
    }

    @Test func contactDetailsAreInvented() throws {
        try Self.withDatabase { database in
            try Self.loadDemo(into: database)
            let phones = try Self.strings(
                database,
                """
                SELECT phone FROM organizations WHERE phone IS NOT NULL
                UNION ALL SELECT contact_phone FROM groups WHERE contact_phone IS NOT NULL
                UNION ALL SELECT private_phone FROM facilitators WHERE private_phone IS NOT NULL
                """)
            #expect(phones.count >= 20)
            // Numbers kept for fiction (555-0100 to 555-0199), with an area code: meeting-list readers drop shorter ones.
            for phone in phones { #expect(phone.wholeMatch(of: /\(\d{3}\) 555-01\d\d/) != nil, "\(phone)") }
            for dialIn in try Self.strings(database, "SELECT dial_in FROM groups WHERE dial_in IS NOT NULL") {
                #expect(dialIn.wholeMatch(of: /\(\d{3}\) 555-01\d\d, code \d{6}/) != nil, "\(dialIn)")
            }
            let emails = try Self.strings(
                database,
                """
                SELECT email FROM organizations WHERE email IS NOT NULL
                UNION ALL SELECT contact_email FROM groups WHERE contact_email IS NOT NULL
                UNION ALL SELECT private_email FROM facilitators WHERE private_email IS NOT NULL
                """)
            #expect(emails.count >= 30)
            for email in emails { #expect(email.wholeMatch(of: /[a-z0-9.-]+@([a-z0-9-]+\.)*example\.org/) != nil, "\(email)") }
            let urls = try Self.strings(
                database,
                """
                SELECT website FROM organizations WHERE website IS NOT NULL
                UNION ALL SELECT registration_url FROM groups WHERE registration_url IS NOT NULL
                UNION ALL SELECT online_url FROM groups WHERE online_url IS NOT NULL
                """)
            // Meeting links are Jitsi rooms named for the demo: a host meeting-list readers keep (FeedTests).
            for url in urls {
                #expect(URL(string: url)?.host?.hasSuffix("example.org") == true || url.hasPrefix("https://meet.jit.si/circles-demo-"), "\(url)")
            }
            // Peer anonymity: a first name, or a first name and an initial.
            for name in try Self.strings(database, "SELECT display_name FROM facilitators") {
                #expect(name.wholeMatch(of: /\p{Lu}\p{Ll}+( \p{Lu}\.)?/) != nil, "\(name)")
            }
        }
    }

    @Test func generatesGroupsWithSearchRowsAndSlots() throws {
        try Self.withDatabase { database in
            try Self.loadDemo(into: database)
            let before = try Self.count(database, "SELECT count(*) FROM groups")
            var reported: [Int] = []
            try DemoData.generate(groups: 2000, into: database) { reported.append($0) }
            #expect(reported.last == 2000)
            #expect(reported == reported.sorted())
            let groups = try Self.count(database, "SELECT count(*) FROM groups")
            #expect(groups == before + 2000)
            #expect(try Self.count(database, "SELECT count(*) FROM group_search") == groups)
            #expect(try database.searchIndexSegments() == 1, "merged after the load")
            #expect(try Self.count(database, "SELECT count(*) FROM groups g WHERE NOT EXISTS (SELECT 1 FROM group_search s WHERE s.rowid = g.id)") == 0)
            #expect(try Self.count(database, "SELECT count(*) FROM groups WHERE id NOT IN (SELECT group_id FROM group_slots)") == 0)
            #expect(try Self.count(database, "SELECT count(*) FROM groups WHERE id NOT IN (SELECT group_id FROM schedules)") == 0)
            #expect(try Self.count(database, "SELECT count(*) FROM groups WHERE id NOT IN (SELECT group_id FROM group_topics)") == 0)
            #expect(try Self.count(database, "SELECT count(*) FROM groups WHERE location_id IS NULL") == 0)
            #expect(try Self.count(database, "SELECT count(*) FROM topics WHERE id NOT IN (SELECT topic_id FROM group_topics)") == 0)
            #expect(try Self.strings(database, "SELECT DISTINCT format FROM groups ORDER BY 1") == ["hybrid", "in_person", "online", "phone"])
            #expect(try Self.count(database, "SELECT count(DISTINCT weekday) FROM group_slots") == 7)
            #expect(try Self.count(database, "SELECT count(DISTINCT part_of_day) FROM group_slots") == 3)
            #expect(try Self.count(database, "SELECT count(DISTINCT city) FROM locations") >= 100)

            // A generated group's slots are exactly what the Store computes from its schedules.
            let sample = try database.pool.read { try Int64.fetchOne($0, sql: "SELECT max(id) FROM groups")! }
            let slotsBefore = try Self.strings(database, "SELECT weekday || part_of_day FROM group_slots WHERE group_id = \(sample) ORDER BY 1")
            let searchBefore = try Self.strings(database, "SELECT topics || '|' || organization || '|' || place FROM group_search WHERE rowid = \(sample)")
            try database.pool.write { try DirectoryIndexes.refresh(groupId: sample, in: $0) }
            #expect(try Self.strings(database, "SELECT weekday || part_of_day FROM group_slots WHERE group_id = \(sample) ORDER BY 1") == slotsBefore)
            #expect(
                try Self.strings(database, "SELECT topics || '|' || organization || '|' || place FROM group_search WHERE rowid = \(sample)") == searchBefore)

            #expect(try Self.recurrences(database, "SELECT * FROM schedules WHERE id > (SELECT max(id) - 500 FROM schedules)").count == 500)

            // A second run makes organizations of its own, with slugs that do not collide.
            try DemoData.generate(groups: 10, into: database) { _ in }
            #expect(try Self.count(database, "SELECT count(*) FROM groups") == groups + 10)
            #expect(try database.pool.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }.isEmpty)
            #expect(try database.pool.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        }
    }

    @Test func generatesIntoAnEmptyDatabase() throws {
        try Self.withDatabase { database in
            try DemoData.generate(groups: 30, into: database) { _ in }
            #expect(try Self.count(database, "SELECT count(*) FROM groups") == 30)
            #expect(try Self.count(database, "SELECT count(*) FROM group_search") == 30)
            #expect(try database.setting("demo_loaded_at") == nil)
            for phone in try Self.strings(
                database, "SELECT phone FROM organizations UNION ALL SELECT contact_phone FROM groups WHERE contact_phone IS NOT NULL")
            {
                #expect(phone.wholeMatch(of: /\(\d{3}\) 555-01\d\d/) != nil)
            }
            #expect(try database.pool.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }.isEmpty)
        }
    }
}
