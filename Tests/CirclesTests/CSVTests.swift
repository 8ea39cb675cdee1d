import Foundation
import GRDB
import Store
import TestSupport
import Testing

@testable import Circles

/// CSV: the RFC 4180 parser, the import (dry run, all or nothing, every bad row reported), the export,
/// and the same import through the API.
@Suite struct CSVTests {
    @Test func parsesQuotedFieldsEmbeddedNewlinesAndBothLineEndings() throws {
        let text = "\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"line 1\r\nline 2\nline 3\"\n\n1,,\"\"\r\nlast,row,\"ends\"\n"
        let records = try CSV.parse(text)
        #expect(records.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "line 1\r\nline 2\nline 3"], ["1", "", ""], ["last", "row", "ends"]])
        #expect(records.map(\.line) == [1, 2, 6, 7], "a record's line is where it starts; blank lines are skipped")
        #expect(try CSV.parse("a,b").map(\.fields) == [["a", "b"]], "the last line may lack its line break")
        #expect(try CSV.parse("a,\n").map(\.fields) == [["a", ""]])
        #expect(throws: CSV.ParseError(line: 2, message: "a quoted field is never closed")) { try CSV.parse("a\n\"open\nstill open") }
        #expect(throws: CSV.ParseError.self) { try CSV.parse("a\nab\"c\n") }
        #expect(throws: CSV.ParseError(line: 1, message: "text after the closing quote of a field")) { try CSV.parse("\"a\"b,c") }
        // Writing quotes only what needs it, and reads back the same.
        let fields = ["plain", "with, comma", "with \"quote\"", "two\r\nlines", ""]
        #expect(CSV.line(fields) == "plain,\"with, comma\",\"with \"\"quote\"\"\",\"two\r\nlines\",\r\n")
        #expect(try CSV.parse(CSV.line(fields) + CSV.line(["x"])).map(\.fields) == [fields, ["x"]])
    }

    @Test func readsTimesAndDatesAsSpreadsheetsWriteThem() {
        for (text, time) in [
            ("18:30", "18:30"), ("6:30 pm", "18:30"), ("6:30 PM", "18:30"), ("12:00 am", "00:00"), ("12:15 p.m.", "12:15"),
            ("18:30:00", "18:30"), ("7:05", "07:05"), ("9:00:00 AM", "09:00"),
        ] {
            #expect(GroupsCSV.time(text) == time, "\(text)")
        }
        for text in ["25:00", "13:00 pm", "7:5", "noon", "18:30:15", "", "1:2:3:4"] { #expect(GroupsCSV.time(text) == text, "\(text)") }
        #expect(GroupsCSV.date("1/6/2026") == "2026-01-06" && GroupsCSV.date("12/31/2026") == "2026-12-31")
        #expect(GroupsCSV.date("2026-01-06") == "2026-01-06" && GroupsCSV.date("2/30/2026") == "2/30/2026" && GroupsCSV.date("1/6/26") == "1/6/26")
    }

    static let header =
        "organization,name,slug,format,time_zone,topics,location_name,location_kind,address,city,state,frequency,weekdays,week_of_month,start_time,duration_minutes,starts_on\r\n"

    func makeApp() throws -> (TestApp, String, Int) {
        let app = try TestApp()
        let admin = try app.key()
        let org = try app.makeOrganization("harbor", key: admin)
        _ = try app.makeOrganization("beta", key: admin)
        return (app, admin, org)
    }

    func groupCount(_ app: TestApp) throws -> Int {
        try app.database.listedGroupIds(ListingFilter.all, offset: 0, limit: 1).total
    }

    @Test func aDryRunReportsEveryBadRowByLineAndWritesNothing() throws {
        let (app, _, _) = try makeApp()
        let text =
            Self.header
            + "harbor,Grief Circle,grief-circle,in_person,America/Denver,grief,Hall,community_center,1 Main St,Denver,CO,weekly,tuesday;thursday,,19:00,90,2026-01-06\r\n"
            + "harbor,Grief Circle,grief-circle,in_person,America/Denver,grief,Library,library,,Aurora,CO,monthly,friday,-1,18:00,60,2026-01-30\r\n"
            + "harbor,\"Bad, time\",,in_person,America/Denver,grief,Hall,community_center,1 Main St,Denver,CO,weekly,tuesday,,25:00,60,2026-01-06\r\n"
            + "nowhere,\"Two\nlines\",,zoom,Mars/Olympus,unicorns,,,,,,weekly,funday,,18:00,60,2026-01-06\r\n"
            + "harbor,Short row\r\n"
            + "harbor,Online Without Link,,online,America/Denver,grief,,,,,,,,,,,\r\n"
            + "beta,Grief Circle,grief-circle,in_person,America/Denver,grief,,,,,,weekly,monday,,19:00,60,2026-01-05\r\n"
        let report = try DirectoryTransfer.importCSV(app.database, text: text, apply: true)
        #expect(!report.outcome.committed)
        #expect(report.rows == 7)
        #expect(report.problemLines.contains("line 9: slug: \"grief-circle\" is already a group of harbor in this file"), "\(report.problemLines)")
        #expect(report.problemLines.contains("line 8: online_url: is required for an online or hybrid group (or give dial_in)"), "\(report.problemLines)")
        let lines = report.problemLines
        #expect(lines.contains("line 4: start_time: must be a 24-hour time such as \"19:00\""), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("line 5: organization: \"nowhere\"") })
        #expect(lines.contains { $0.hasPrefix("line 5: format:") } && lines.contains { $0.hasPrefix("line 5: time_zone:") })
        #expect(lines.contains { $0.hasPrefix("line 5: topics: item 1 is not a topic") } && lines.contains { $0.hasPrefix("line 5: weekdays:") })
        #expect(!lines.contains { $0.contains("unicorns") }, "a refusal names the field and the rule, never the value")
        #expect(lines.contains("line 7: row: has 2 fields; the header has 17"), "the record on lines 5-6 ends there; the next starts on 7")
        #expect(!lines.contains { $0.hasPrefix("line 2") || $0.hasPrefix("line 3") }, "good rows are not reported")
        #expect(try groupCount(app) == 0, "one bad row, nothing written")
    }

    /// A frequency is read as the word it is when the row is read: any case of a known one is taken, an
    /// unknown one is its row's one schedule error (the weekdays it would need are not guessed at).
    @Test func aFrequencyIsReadAsAWordOrReportedOnce() throws {
        let (app, _, _) = try makeApp()
        func row(_ slug: String, _ frequency: String, weekdays: String, week: String = "") -> String {
            "harbor,\(slug),\(slug),in_person,America/Denver,grief,Hall,community_center,1 Main St,Denver,CO,\(frequency),\(weekdays),\(week),19:00,90,2026-01-06\r\n"
        }
        let rows =
            row("biweekly", "Biweekly", weekdays: "tuesday") + row("daily", "daily", weekdays: "") + row("again", "daily", weekdays: "tuesday", week: "3")
        let lines = try DirectoryTransfer.importCSV(app.database, text: Self.header + rows, apply: false).problemLines
        let wrong = "frequency: must be one of: weekly, biweekly, monthly, once"
        #expect(lines == ["line 3: " + wrong, "line 4: " + wrong], "\(lines)")
        #expect(
            try DirectoryTransfer.importCSV(app.database, text: Self.header + row("biweekly", "Biweekly", weekdays: "tuesday"), apply: true).outcome.committed)
        let group = try #require(try app.get("/api/v1/groups/by-slug/biweekly").jsonObject as [String: Any]?)
        #expect((group["schedules"] as? [[String: Any]])?.first?["frequency"] as? String == "biweekly")
    }

    @Test func controlCharactersAndNULAreRefusedAsTheAPIRefusesThem() throws {
        let (app, admin, org) = try makeApp()
        let header =
            "organization,organization_name,name,slug,format,time_zone,location_name,address,city,state,zip,frequency,weekdays,start_time,starts_on,schedule_notes\r\n"
        let text =
            header
            + "harbor,,\u{01}\u{1B}[31mRed Circle,red-circle,in_person,America/Denver,Hall,1 Main St,Denver,CO,80202,weekly,tuesday,19:00,2026-01-06,\r\n"
            + "harbor,,Good\u{0}Evil,good-evil,in_person,America/Denver,,,,,,,,,,\r\n"
            + "harbor,,Quiet Place,quiet-place,in_person,America/Denver,Hall\u{7},2 Main St\u{1B}[2J,Denver,Colorado,8020,weekly,tuesday,19:00,2026-01-06,bring\u{8}tea\r\n"
            + "fresh,Fresh\u{1B}Start Center,Fresh Circle,fresh-circle,in_person,America/Denver,,,,,,,,,,\r\n"
            + "harbor,,\(String(repeating: "x", count: 151)),long-name,in_person,America/Denver,,,,,,,,,,\r\n"
        let report = try DirectoryTransfer.importCSV(app.database, text: text, apply: true)
        let lines = report.problemLines
        #expect(!report.outcome.committed)
        for expected in [
            "line 2: name: must not contain control characters", "line 3: name: must not contain control characters",
            "line 4: location_name: must not contain control characters", "line 4: address: must not contain control characters",
            "line 4: state: must be at most 2 characters", "line 4: zip: must be a ZIP code such as 80202",
            "line 4: schedule_notes: must not contain control characters", "line 5: organization_name: must not contain control characters",
            "line 6: name: must be at most 150 characters",
        ] {
            #expect(lines.contains(expected), "\(expected) in \(lines)")
        }
        #expect(!lines.joined().contains("Evil") && !lines.joined().contains("[31m"), "no value is echoed")
        #expect(try groupCount(app) == 0)
        // The API refuses the same texts with the same words.
        let api = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: ["organization_id": org, "name": "Good\u{0}Evil", "format": "in_person", "time_zone": "America/Denver"])
        #expect(api.status == 422 && api.text.contains("must not contain control characters"), "\(api.text)")
    }

    @Test func applyWritesEveryRowInOneTransactionAndTheExportReadsBack() throws {
        let (app, _, _) = try makeApp()
        let text =
            Self.header
            + "harbor,Grief Circle,grief-circle,in_person,America/Denver,grief;isolation,Hall,community_center,1 Main St,Denver,CO,weekly,tuesday;thursday,,19:00,90,2026-01-06\r\n"
            + "harbor,Grief Circle,grief-circle,in_person,America/Denver,grief,Library,library,,Aurora,CO,monthly,friday,-1,18:00,60,2026-01-30\r\n"
            + "harbor,Parents Together,,in_person,America/Chicago,parenting,,,,,,biweekly,MO,,10:30,60,2026-01-05\r\n"
            + "harbor,Coffee Morning,,in_person,America/Denver,isolation,Hall,community_center,1 Main St,Denver,CO,,,,,,\r\n"
        let dry = try DirectoryTransfer.importCSV(app.database, text: text, apply: false)
        #expect(dry.outcome.problems.isEmpty, "\(dry.problemLines)")
        #expect(!dry.outcome.committed && dry.outcome.groupsCreated == 3 && dry.outcome.schedulesCreated == 3 && dry.outcome.locationsCreated == 2)
        #expect(try groupCount(app) == 0, "a dry run writes nothing")
        let applied = try DirectoryTransfer.importCSV(app.database, text: text, apply: true)
        #expect(applied.outcome.committed && applied.outcome.groupsCreated == 3)
        let group = try #require(try app.get("/api/v1/groups/by-slug/grief-circle").jsonObject as [String: Any]?)
        #expect((group["location"] as? [String: Any])?["name"] as? String == "Hall")
        let schedules = group["schedules"] as? [[String: Any]] ?? []
        #expect(schedules.count == 2)
        #expect(try app.get("/api/v1/groups/by-slug/parents-together").jsonObject["time_zone"] as? String == "America/Chicago")
        #expect(try app.get("/api/v1/groups/by-slug/coffee-morning").jsonObject["topics"] as? [String] == ["isolation"])
        // The same place in two rows is one place; importing again refuses the taken slugs and adds nothing.
        #expect(try app.get("/hsds/locations").jsonObject["total_items"] as? Int == 2)
        let again = try DirectoryTransfer.importCSV(app.database, text: text, apply: true)
        #expect(again.problemLines.first == "line 2: slug: \"grief-circle\" is already taken by another group")
        #expect(try groupCount(app) == 3)

        // Export, then import the export into an empty database: the same CSV comes out.
        let exported = try DirectoryTransfer.exportCSV(app.database)
        #expect(exported.hasPrefix(CSV.line(GroupsCSV.columns)))
        let folder = TestHTTP.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let empty = try AppDatabase(path: folder + "/copy.sqlite", migrationsDirectory: TestHTTP.repositoryRoot + "/Migrations")
        defer { try? empty.close() }
        let copied = try DirectoryTransfer.importCSV(empty, text: exported, apply: true)
        #expect(copied.outcome.committed && copied.outcome.organizationsCreated == 1, "\(copied.problemLines)")
        #expect(try DirectoryTransfer.exportCSV(empty) == exported)
    }

    @Test func whatToExpectAndSeatsImportAndAreChecked() throws {
        let (app, _, _) = try makeApp()
        let header = "organization,name,format,time_zone,open_to,childcare,asl_interpretation,first_meeting_note,capacity,open_seats\r\n"
        let good = header + "harbor,Loss Circle,in_person,America/Denver,lived_experience,yes,no,\"We sit in a circle; you may just listen.\",12,0\r\n"
        let bad =
            header
            + "harbor,One,in_person,America/Denver,members,maybe,no,,12,13\r\n"
            + "harbor,Two,in_person,America/Denver,anyone,no,no,,,3\r\n"
            + "harbor,Three,in_person,America/Denver,anyone,no,no,,many,\r\n"
        let refused = try DirectoryTransfer.importCSV(app.database, text: bad, apply: true)
        #expect(!refused.outcome.committed)
        #expect(
            refused.problemLines == [
                "line 2: childcare: must be yes or no", "line 2: open_to: must be one of: anyone, lived_experience",
                "line 2: open_seats: cannot be more than capacity (12)",
                "line 3: open_seats: needs a capacity: a group without a cap has no count of open seats", "line 4: capacity: must be a whole number",
            ], "the API's own words: \(refused.problemLines)")
        let applied = try DirectoryTransfer.importCSV(app.database, text: good, apply: true)
        #expect(applied.outcome.committed, "\(applied.problemLines)")
        let group = try app.get("/api/v1/groups/by-slug/loss-circle").jsonObject
        #expect(group["open_to"] as? String == "lived_experience" && group["childcare"] as? Bool == true)
        #expect(group["capacity"] as? Int == 12 && group["open_seats"] as? Int == 0 && group["full"] as? Bool == true)
        #expect(group["first_meeting_note"] as? String == "We sit in a circle; you may just listen.")
        #expect(try DirectoryTransfer.exportCSV(app.database).contains(",lived_experience,yes,yes,no,We sit in a circle; you may just listen.,12,0,"))
    }

    @Test func theAPIImportsForOneOrganizationOnly() throws {
        let (app, _, org) = try makeApp()
        let coordinator = try app.key("coordinator", organization: "harbor")
        let other = try app.key("coordinator", organization: "beta")
        let good = "name,format,time_zone,frequency,weekdays,start_time,starts_on\r\nGrief Circle,in_person,America/Denver,weekly,tuesday,19:00,2026-01-06\r\n"
        func post(_ key: String?, _ body: String, query: String = "", type: String = "text/csv") throws -> ClientResponse {
            var headers = [("Content-Type", type)]
            if let key { headers.append(("Authorization", "Bearer \(key)")) }
            return try TestHTTP.send(app.port, "POST", "/api/v1/organizations/\(org)/groups/import\(query)", headers: headers, body: Array(body.utf8))
        }
        #expect(try post(nil, good).status == 401)
        #expect(try post(other, good).status == 403)
        let dry = try post(coordinator, good)
        #expect(dry.status == 200 && dry.jsonObject["applied"] as? Bool == false && dry.jsonObject["groups_created"] as? Int == 1)
        #expect(try groupCount(app) == 0)
        let bad = try post(coordinator, good + "Second,online,Nowhere/Zone,weekly,tuesday,19:00,2026-01-06\r\n", query: "?apply=true")
        #expect(bad.status == 422 && bad.headers["Content-Type"] == "application/problem+json")
        let errors = bad.jsonObject["errors"] as? [[String: Any]] ?? []
        #expect(errors.first?["field"] as? String == "time_zone" && (errors.first?["message"] as? String ?? "").hasPrefix("line 3: "))
        #expect(try groupCount(app) == 0)
        let foreign = try post(coordinator, "organization," + good.replacingOccurrences(of: "\r\nGrief", with: "\r\nbeta,Grief"))
        #expect(foreign.status == 422 && (foreign.jsonObject["errors"] as? [[String: Any]])?.first?["field"] as? String == "organization")
        #expect(try post(coordinator, good, type: "application/json").status == 415)
        #expect(try post(coordinator, good, query: "?apply=perhaps").status == 400)
        let applied = try post(coordinator, good, query: "?apply=true")
        #expect(applied.status == 201 && applied.jsonObject["applied"] as? Bool == true)
        #expect(try app.get("/api/v1/groups/by-slug/grief-circle").status == 200)
    }

    /// The demo directory exported as CSV and imported into an empty database: every group, schedule and
    /// place comes back as it was, with the places' accessibility and each listing's last confirmation (a
    /// stale listing stays stale). Tags, facilitators and exceptions are what CSV leaves out (docs/CSV.md).
    @Test func theDemoDirectoryRoundTripsThroughCSV() throws {
        let demo = try TestApp(demo: true)
        let exported = try DirectoryTransfer.exportCSV(demo.database)
        let folder = TestHTTP.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = try AppDatabase(path: folder + "/copy.sqlite", migrationsDirectory: TestHTTP.repositoryRoot + "/Migrations")
        defer { try? copy.close() }
        let report = try DirectoryTransfer.importCSV(copy, text: exported, apply: true)
        #expect(report.outcome.committed, "\(report.problemLines)")
        let leftOut = ["tags:", "facilitators:", "exception:"]
        func carried(_ database: AppDatabase) throws -> [String: [String]] {
            try HSDSTests.snapshot(database).mapValues { lines in lines.filter { line in !leftOut.contains { line.hasPrefix($0) } } }
        }
        let before = try carried(demo.database), after = try carried(copy)
        #expect(before.count > 40 && before.keys.sorted() == after.keys.sorted())
        for (slug, lines) in before { #expect(after[slug] == lines, "\(slug)") }
        // The demo has listings not confirmed for months: they are as stale in the copy (the snapshots hold the times).
        let monthsAgo = Timestamp(Date().addingTimeInterval(-60 * 86_400)).text
        let stale = try copy.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM groups WHERE last_confirmed_at < ?", arguments: [monthsAgo]) }
        #expect((stale ?? 0) > 0)
        #expect(try DirectoryTransfer.exportCSV(copy) == exported)
    }

    /// A directory larger than one batch of the export (500 groups) comes out whole.
    @Test func theExportHoldsEveryGroupOfALargeDirectory() throws {
        let app = try TestApp()
        try DemoData.generate(groups: 1_200, into: app.database) { _ in }
        let total = try groupCount(app)
        #expect(total >= 1_200)
        let records = try CSV.parse(try DirectoryTransfer.exportCSV(app.database))
        #expect(records.first?.fields == GroupsCSV.columns)
        let slug = try #require(GroupsCSV.columns.firstIndex(of: "slug"))
        #expect(Set(records.dropFirst().map { $0.fields[slug] }).count == total)
    }

    /// The example the console offers imports cleanly, and every column it uses is documented.
    @Test func theDocumentedExampleImports() throws {
        let (app, _, _) = try makeApp()
        let example = try String(contentsOfFile: TestHTTP.repositoryRoot + "/Public/examples/groups.csv", encoding: .utf8)
        let report = try DirectoryTransfer.importCSV(app.database, text: example, apply: false)
        #expect(report.outcome.problems.isEmpty, "\(report.problemLines)")
        #expect(report.outcome.groupsCreated >= 3)
        let documentation = try String(contentsOfFile: TestHTTP.repositoryRoot + "/docs/CSV.md", encoding: .utf8)
        for column in GroupsCSV.columns { #expect(documentation.contains("`\(column)`"), "\(column) is not documented") }
    }
}
