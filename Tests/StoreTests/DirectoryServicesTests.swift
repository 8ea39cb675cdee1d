import Foundation
import GRDB
import Store
import Testing

/// The directory's services refuse, as values and without writing anything, what the caller's rule
/// or a concurrent change no longer allows.
@Suite struct DirectoryServicesTests {
    struct World {
        var database: AppDatabase
        var directory: String
        var organization: OrganizationRecord
        var group: GroupRecord
        var schedule: ScheduleRecord
    }

    static func world() throws -> World {
        let (database, directory) = try SearchPlanTests.database()
        let organization = try database.pool.write { db in
            try VersionedWrites.insert(OrganizationRecord(slug: "alpha", name: "Alpha"), in: db)
        }
        let created = try database.saveGroup(
            GroupRecord(
                organizationId: organization.id!, slug: "alpha-circle", name: "Alpha Circle",
                format: .inPerson, timeZone: "America/Denver"), links: GroupLinks())
        let schedule = try database.pool.write { db in
            var schedule = ScheduleRecord(
                groupId: created.id!, frequency: .weekly, startTime: "18:00", durationMinutes: 60,
                timeZone: "America/Denver", startsOn: "2026-01-06")
            schedule.weekdays = "TU"
            return try ScheduleWrites.insert(schedule, in: db)
        }
        // A new schedule changes its group's version.
        let group = try #require(try database.groupDetails(id: created.id!)).group
        return World(database: database, directory: directory, organization: organization, group: group, schedule: schedule)
    }

    static func claim(_ key: String) -> IdempotencyClaim { IdempotencyClaim(owner: "test", key: key, requestHash: key) }

    static func auditCount(_ database: AppDatabase) throws -> Int {
        try database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM audit_log") ?? 0 }
    }

    @Test func anExceptionCheckedAgainstAnOlderScheduleIsRefused() throws {
        let w = try Self.world()
        defer { try? FileManager.default.removeItem(atPath: w.directory) }
        let exception = ScheduleExceptionRecord(scheduleId: w.schedule.id!, occurrenceDate: "2026-12-01", kind: .cancelled)
        #expect(throws: StoreFailure.versionMismatch(current: w.schedule.version)) {
            try w.database.saveException(exception, scheduleVersion: w.schedule.version - 1, claim: Self.claim("stale")) { _ in
                StoredResponse(status: 201, location: nil, body: [])
            }
        }
        #expect(try w.database.schedule(id: w.schedule.id!)?.exceptions.isEmpty == true)
        // A refused attempt does not use up the key: the retry with the current version is written.
        let outcome = try w.database.saveException(exception, scheduleVersion: w.schedule.version, claim: Self.claim("stale")) { _ in
            StoredResponse(status: 201, location: nil, body: [])
        }
        guard case .fresh = outcome else { Issue.record("expected a fresh answer, got \(outcome)"); return }
        #expect(try w.database.schedule(id: w.schedule.id!)?.exceptions.count == 1)
    }

    @Test func theCallersRuleIsAskedAboutTheRecordsOrganization() throws {
        let w = try Self.world()
        defer { try? FileManager.default.removeItem(atPath: w.directory) }
        let audit = AuditEntry(actor: "key:9", action: "group.confirm", targetType: "group", targetId: String(w.group.id!))
        var asked: [Int64] = []
        #expect(throws: StoreFailure.forbidden) {
            try w.database.confirmGroup(
                id: w.group.id!, by: "key:9",
                mayConfirm: {
                    asked.append($0); return false
                }, audit: audit)
        }
        #expect(asked == [w.organization.id!])
        #expect(try Self.auditCount(w.database) == 0)
        #expect(throws: StoreFailure.forbidden) {
            try w.database.deleteGroup(id: w.group.id!, expected: .any, mayManage: { _ in false })
        }
        #expect(throws: StoreFailure.forbidden) {
            try w.database.deleteResource(OrganizationRecord.self, id: w.organization.id!, expected: .any, mayManage: { _ in false })
        }
        #expect(try w.database.groupDetails(id: w.group.id!) != nil)

        let confirmed = try w.database.confirmGroup(id: w.group.id!, by: "key:9", mayConfirm: { _ in true }, audit: audit)
        #expect(confirmed.group.lastConfirmedBy == "key:9")
        let recorded = try w.database.auditEntries(beforeId: nil, limit: 10, action: "group.confirm", targetType: nil, targetId: nil)
        #expect(recorded.map(\.organizationId) == [w.organization.id!])
    }

    @Test func aSuggestionIsDecidedOnceAndOnlyOnTheGroupItWasCheckedAgainst() throws {
        let w = try Self.world()
        defer { try? FileManager.default.removeItem(atPath: w.directory) }
        let outcome = try w.database.recordChangeRequest(
            ChangeRequestRecord(groupId: w.group.id!, kind: .other, proposedValue: "", details: "Renamed"),
            sealReply: { _ in nil }, claim: Self.claim("suggest")
        ) { saved in
            StoredResponse(status: 201, location: nil, body: Array(String(saved.id!).utf8))
        }
        guard case .fresh(let stored) = outcome, let id = Int64(String(decoding: stored.body, as: UTF8.self)),
            let entry = try w.database.changeRequest(id: id)
        else { Issue.record("no suggestion stored"); return }
        var renamed = w.group
        renamed.name = "Beta Circle"
        let audit = AuditEntry(actor: "key:9", action: "change_request.apply")

        // The group changed after the suggestion was checked against it: nothing is written.
        #expect(throws: StoreFailure.stateChanged) {
            try w.database.applyChangeRequest(
                entry.request, changing: (renamed, GroupLinks()), groupVersion: w.group.version - 1,
                by: "key:9", note: "", audit: audit)
        }
        #expect(try w.database.groupDetails(id: w.group.id!)?.group.name == "Alpha Circle")
        #expect(try w.database.changeRequest(id: id)?.request.status == .open)
        #expect(try Self.auditCount(w.database) == 0)

        let applied = try w.database.applyChangeRequest(
            entry.request, changing: (renamed, GroupLinks()), groupVersion: w.group.version,
            by: "key:9", note: "", audit: audit)
        #expect(applied.status == .applied)
        #expect(try w.database.groupDetails(id: w.group.id!)?.group.name == "Beta Circle")
        // A second decision on what was read as open is refused: the request is no longer open.
        #expect(throws: StoreFailure.stateChanged) {
            try w.database.dismissChangeRequest(entry.request, by: "key:9", note: "", audit: audit)
        }
        #expect(try w.database.changeRequest(id: id)?.request.status == .applied)
        #expect(try Self.auditCount(w.database) == 1)
    }

    @Test func aSuggestionAboutAnArchivedGroupIsNotTaken() throws {
        let w = try Self.world()
        defer { try? FileManager.default.removeItem(atPath: w.directory) }
        var archived = w.group
        archived.status = .archived
        _ = try w.database.saveGroup(archived, links: GroupLinks(), expectedVersion: w.group.version)
        #expect(throws: StoreFailure.notFound) {
            try w.database.recordChangeRequest(
                ChangeRequestRecord(groupId: w.group.id!, kind: .noLongerMeets, proposedValue: "", details: ""),
                sealReply: { _ in nil }, claim: Self.claim("archived")
            ) { _ in
                StoredResponse(status: 201, location: nil, body: [])
            }
        }
    }
}
