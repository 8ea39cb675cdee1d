import Foundation
import TestSupport
import Testing

@testable import Circles

/// The meetings API reads `from` and `to` given as dates as days in each group's own time zone.
@Suite struct MeetingWindowTests {
    @Test func aDateIsADayInTheGroupsOwnTimeZone() throws {
        let app = try TestApp()
        let admin = try app.key()
        let org = try app.makeOrganization("pacific", key: admin)
        let group = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: ["organization_id": org, "name": "Evening Circle", "format": "in_person", "time_zone": "America/Los_Angeles"])
        let id = try #require(group.jsonObject["id"] as? Int)
        // Monday and Tuesday at 20:00 in Los Angeles: 04:00 UTC on Tuesday and Wednesday.
        let schedule = try app.send(
            "POST", "/api/v1/groups/\(id)/schedules", key: admin,
            json: ["frequency": "weekly", "weekdays": ["monday", "tuesday"], "start_time": "20:00", "starts_on": "2030-01-07"])
        #expect(schedule.status == 201, "\(schedule.text)")
        for path in ["/api/v1/meetings", "/api/v1/groups/\(id)/meetings"] {
            // Tuesday 2030-01-08 as a day in Los Angeles: Tuesday's meeting, not Monday's (which is Tuesday in UTC).
            let day = try app.get("\(path)?from=2030-01-08&to=2030-01-09")
            #expect(day.status == 200, "\(day.text)")
            let starts = (day.jsonObject["data"] as? [[String: Any]] ?? []).compactMap { $0["date"] as? String ?? $0["local_date"] as? String }
            let all = day.text
            #expect((day.jsonObject["data"] as? [Any])?.count == 1, "\(path): \(all)")
            #expect(all.contains("2030-01-08") && !all.contains("2030-01-07"), "\(path): \(starts) \(all)")
            // Instants stay instants: 2030-01-08T00:00Z to 2030-01-09T00:00Z holds Monday's 20:00 (04:00 UTC Tuesday).
            let utc = try app.get("\(path)?from=2030-01-08T00:00:00Z&to=2030-01-09T00:00:00Z")
            #expect((utc.jsonObject["data"] as? [Any])?.count == 1 && utc.text.contains("2030-01-07"), "\(path): \(utc.text)")
        }
    }
}
