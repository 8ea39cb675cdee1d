import Foundation
import GRDB
import Store
import TestSupport
import Testing

@testable import Circles

/// `circles import csv --update` (and `?update=true`): a row naming an existing group's slug updates
/// it — only the columns the file has, its schedules when the file has schedule columns — and keeps
/// what CSV does not carry (tags, facilitators, the cancelled meetings of a schedule that stays).
@Suite struct CSVUpdateTests {
    static let header = "organization,name,slug,format,time_zone,summary,description,frequency,weekdays,start_time,starts_on\r\n"

    /// Harbor's Grief Circle (Tuesdays and Thursdays) with a tag, a facilitator and a cancelled Tuesday.
    func makeApp() throws -> (app: TestApp, admin: String, org: Int, group: GroupDetails) {
        let app = try TestApp()
        let admin = try app.key()
        let org = try app.makeOrganization("harbor", key: admin)
        _ = try app.makeOrganization("beta", key: admin)
        let text =
            Self.header
            + "harbor,Grief Circle,grief-circle,in_person,America/Denver,For grief.,Long text.,weekly,tuesday,19:00,2026-01-06\r\n"
            + "harbor,Grief Circle,grief-circle,in_person,America/Denver,,,weekly,thursday,19:00,2026-01-08\r\n"
            + "beta,Beta Group,beta-group,in_person,America/Denver,,,weekly,monday,10:00,2026-01-05\r\n"
        let created = try DirectoryTransfer.importCSV(app.database, text: text, apply: true)
        #expect(created.outcome.committed, "\(created.problemLines)")
        let id = try #require(try app.database.groupId(slug: "grief-circle"))
        try app.database.pool.write { db in
            let tag = try TagRecord(organizationId: Int64(org), slug: "evening", name: "Evening").inserted(db)
            let facilitator = try VersionedWrites.insert(FacilitatorRecord(organizationId: Int64(org), displayName: "Sam"), in: db)
            try db.execute(sql: "INSERT INTO group_tags (group_id, tag_id) VALUES (?, ?)", arguments: [id, tag.id])
            try db.execute(sql: "INSERT INTO group_facilitators (group_id, facilitator_id) VALUES (?, ?)", arguments: [id, facilitator.id])
            let tuesday = try #require(try ScheduleWrites.schedules(groupId: id, in: db).first { $0.weekdays == "TU" })
            var cancelled = ScheduleExceptionRecord(scheduleId: tuesday.id!, occurrenceDate: "2026-01-13", kind: .cancelled)
            cancelled.note = "The hall is closed."
            _ = try ScheduleWrites.saveException(cancelled, in: db)
        }
        return (app, admin, org, try #require(try app.database.groupDetails(id: id)))
    }

    @Test func aRowNamingAnExistingSlugUpdatesOnlyWithUpdate() throws {
        let (app, _, _, before) = try makeApp()
        // Tuesday stays (with a new note), Thursday goes, Saturday comes; the summary changes, the description is not in the file.
        let text =
            "organization,slug,name,format,time_zone,summary,frequency,weekdays,start_time,starts_on,schedule_notes\r\n"
            + "harbor,grief-circle,Grief Circle,in_person,America/Denver,Now on Saturdays too.,weekly,tuesday,19:00,2026-01-06,Room 2\r\n"
            + "harbor,grief-circle,Grief Circle,in_person,America/Denver,,weekly,saturday,10:00,2026-01-10,\r\n"
        let refused = try DirectoryTransfer.importCSV(app.database, text: text, apply: true)
        #expect(refused.problemLines == ["line 2: slug: \"grief-circle\" is already taken by another group"])

        let dry = try DirectoryTransfer.importCSV(app.database, text: text, apply: false, update: true)
        #expect(dry.outcome.problems.isEmpty, "\(dry.problemLines)")
        #expect(!dry.outcome.committed && dry.outcome.groupsUpdated == 1 && dry.outcome.groupsCreated == 0)
        #expect(dry.outcome.schedulesKept == 1 && dry.outcome.schedulesCreated == 1 && dry.outcome.schedulesRemoved == 1)
        #expect(try app.database.groupDetails(id: before.group.id!)?.group.version == before.group.version, "a dry run writes nothing")

        let applied = try DirectoryTransfer.importCSV(app.database, text: text, apply: true, update: true)
        #expect(applied.outcome.committed, "\(applied.problemLines)")
        #expect(applied.summary.contains("1 groups updated (of their schedules 1 kept, 1 removed)"), "\(applied.summary)")
        let after = try #require(try app.database.groupDetails(id: before.group.id!))
        #expect(after.group.summary == "Now on Saturdays too.")
        #expect(after.group.description == "Long text.", "a column the file does not have keeps its value")
        #expect(after.group.version > before.group.version)
        #expect(after.group.lastConfirmedAt == before.group.lastConfirmedAt, "an update is not a confirmation")
        #expect(after.links.tags == ["evening"] && after.facilitators.map(\.displayName) == ["Sam"])
        #expect(after.schedules.map(\.weekdays).sorted() == ["SA", "TU"])
        let tuesday = try #require(after.schedules.first { $0.weekdays == "TU" })
        #expect(tuesday.id == before.schedules.first { $0.weekdays == "TU" }?.id && tuesday.notes == "Room 2")
        #expect(after.exceptions.map(\.occurrenceDate) == ["2026-01-13"], "the kept schedule keeps its cancelled meeting")
        // The public pages see the change: the group's meetings are Tuesdays and Saturdays.
        let api = try app.get("/api/v1/groups/by-slug/grief-circle").jsonObject
        #expect(api["summary"] as? String == "Now on Saturdays too.")
    }

    @Test func aFileWithoutScheduleColumnsLeavesTheSchedulesAndAnotherOrganizationsGroupIsRefused() throws {
        let (app, _, _, before) = try makeApp()
        let names =
            "organization,slug,name,format,time_zone,last_confirmed\r\n"
            + "harbor,grief-circle,Grief Circle (evenings),in_person,America/Denver,2025-06-01\r\n"
        let renamed = try DirectoryTransfer.importCSV(app.database, text: names, apply: true, update: true)
        #expect(renamed.outcome.committed && renamed.outcome.schedulesRemoved == 0, "\(renamed.problemLines)")
        let after = try #require(try app.database.groupDetails(id: before.group.id!))
        #expect(after.group.name == "Grief Circle (evenings)" && after.schedules.count == 2 && after.group.summary == "For grief.")
        #expect(after.group.lastConfirmedAt?.text == "2025-06-01T12:00:00Z")

        let foreign = "organization,slug,name,format,time_zone\r\nharbor,beta-group,Taken Over,in_person,America/Denver\r\n"
        let refused = try DirectoryTransfer.importCSV(app.database, text: foreign, apply: true, update: true)
        #expect(refused.problemLines == ["line 2: slug: \"beta-group\" is a group of another organization"])
        #expect(try app.database.groupId(slug: "beta-group").flatMap { try app.database.groupDetails(id: $0) }?.group.name == "Beta Group")
    }

    /// Through the API, for one organization: `update=true` updates its own groups and refuses another's.
    @Test func theAPIUpdatesTheOrganizationsOwnGroupsOnly() throws {
        let (app, _, org, before) = try makeApp()
        let coordinator = try app.key("coordinator", organization: "harbor")
        func post(_ body: String, query: String) throws -> ClientResponse {
            try TestHTTP.send(
                app.port, "POST", "/api/v1/organizations/\(org)/groups/import\(query)",
                headers: [("Content-Type", "text/csv"), ("Authorization", "Bearer \(coordinator)")], body: Array(body.utf8))
        }
        let own = "slug,name,format,time_zone,summary\r\ngrief-circle,Grief Circle,in_person,America/Denver,Changed by the API.\r\n"
        #expect(try post(own, query: "?apply=true").status == 422)
        let applied = try post(own, query: "?apply=true&update=true")
        #expect(applied.status == 201, "\(applied.text)")
        #expect(applied.jsonObject["groups_updated"] as? Int == 1 && applied.jsonObject["schedules_removed"] as? Int == 0)
        #expect(try app.database.groupDetails(id: before.group.id!)?.group.summary == "Changed by the API.")
        let other = "slug,name,format,time_zone\r\nbeta-group,Mine Now,in_person,America/Denver\r\n"
        let refused = try post(other, query: "?apply=true&update=true")
        #expect(refused.status == 422 && refused.text.contains("a group of another organization"), "\(refused.text)")
        #expect(try post(own, query: "?update=maybe").status == 400)
    }
}
