import Foundation
import GRDB

/// Keeps the derived tables (`group_search`, `group_slots`) in step with the rows they summarize.
/// Called inside the same transaction as every write that changes what they hold.
public enum DirectoryIndexes {
    /// Rewrites the full-text row and the weekday/time slots of one group.
    public static func refresh(groupId: Int64, in db: Database) throws {
        try refreshSearch(groupId: groupId, in: db)
        try refreshSlots(groupId: groupId, in: db)
    }

    public static func refreshGroups(ofOrganization organizationId: Int64, in db: Database) throws {
        for id in try Int64.fetchAll(db, sql: "SELECT id FROM groups WHERE organization_id = ?", arguments: [organizationId]) {
            try refreshSearch(groupId: id, in: db)
        }
    }

    public static func refreshGroups(atLocation locationId: Int64, in db: Database) throws {
        for id in try Int64.fetchAll(db, sql: "SELECT id FROM groups WHERE location_id = ?", arguments: [locationId]) {
            try refreshSearch(groupId: id, in: db)
        }
    }

    static func refreshSearch(groupId: Int64, in db: Database) throws {
        try db.execute(sql: "DELETE FROM group_search WHERE rowid = ?", arguments: [groupId])
        try db.execute(sql: searchRows(where: "g.id = ?"), arguments: [groupId])
    }

    /// The statement that writes the `group_search` rows of the groups `condition` picks (on `groups g`):
    /// the group's texts, each followed by its translations' (so a Spanish word finds a group whose Spanish
    /// summary has it, and ranks as a word of the same column), its topics, organization and place.
    /// `BulkDirectoryWriter` writes the same rows.
    static func searchRows(where condition: String) -> String {
        func translated(_ column: String) -> String {
            "g.\(column) || coalesce((SELECT ' ' || group_concat(tr.\(column), ' ') FROM group_translations tr WHERE tr.group_id = g.id), '')"
        }
        return """
            INSERT INTO group_search (rowid, name, summary, description, topics, organization, place)
            SELECT g.id, \(translated("name")), \(translated("summary")), \(translated("description")),
                   coalesce((SELECT group_concat(t.name || ' ' || replace(t.slug, '-', ' '), ' ') FROM group_topics gt JOIN topics t ON t.id = gt.topic_id WHERE gt.group_id = g.id), ''),
                   o.name,
                   coalesce(l.name, '') || ' ' || coalesce(l.city, '') || ' ' || coalesce(l.county, '') || ' ' || coalesce(l.state, '') || ' ' || coalesce(l.zip, '')
            FROM groups g
            JOIN organizations o ON o.id = g.organization_id
            LEFT JOIN locations l ON l.id = g.location_id
            WHERE \(condition)
            """
    }

    static func refreshSlots(groupId: Int64, in db: Database) throws {
        try db.execute(sql: "DELETE FROM group_slots WHERE group_id = ?", arguments: [groupId])
        let schedules = try ScheduleRecord.filter(Column("group_id") == groupId).fetchAll(db)
        var slots = Set<[String]>()
        for schedule in schedules {
            let part = partOfDay(schedule.startTime)
            for weekday in weekdays(of: schedule) { slots.insert([String(weekday), part]) }
        }
        for slot in slots {
            try db.execute(
                sql: "INSERT INTO group_slots (weekday, part_of_day, group_id) VALUES (?, ?, ?)",
                arguments: [Int(slot[0])!, slot[1], groupId])
        }
    }

    /// morning before 12:00, afternoon until 16:59, evening from 17:00.
    public static func partOfDay(_ startTime: String) -> String {
        let hour = Int(startTime.prefix(2)) ?? 0
        return hour < 12 ? "morning" : hour < 17 ? "afternoon" : "evening"
    }

    static let icalDays = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]

    /// The weekdays (0 = Sunday) a schedule can fall on.
    static func weekdays(of schedule: ScheduleRecord) -> [Int] {
        if schedule.frequency == .once {
            let parts = schedule.startsOn.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return [] }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            guard let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return [] }
            return [calendar.component(.weekday, from: date) - 1]
        }
        return schedule.weekdays.split(separator: ",").compactMap { icalDays.firstIndex(of: String($0)) }
    }
}

extension DirectoryIndexes {
    /// Removes a deleted group's search row (its slots go with it by cascade).
    public static func forget(groupId: Int64, in db: Database) throws {
        try db.execute(sql: "DELETE FROM group_search WHERE rowid = ?", arguments: [groupId])
    }
}
