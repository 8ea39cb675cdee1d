import Foundation
import TestSupport
import Testing

@testable import Circles

/// The directory API over real sockets: CRUD, validation, ETags, idempotency, access.
@Suite struct DirectoryAPITests {
    let app: TestApp
    let admin: String

    init() throws {
        app = try TestApp()
        admin = try app.key()
    }

    func makeLocation(_ org: Int, city: String = "Denver", lat: Double = 39.74, lng: Double = -104.99, wheelchair: Bool = true) throws -> Int {
        let r = try app.send(
            "POST", "/api/v1/locations", key: admin,
            json: [
                "organization_id": org, "name": "Library \(city)", "kind": "library", "address": "1 Main St", "city": city,
                "state": "CO", "zip": "80202", "latitude": lat, "longitude": lng, "wheelchair_accessible": wheelchair,
            ])
        #expect(r.status == 201, "\(r.text)")
        return r.jsonObject["id"] as! Int
    }

    func makeGroup(
        _ org: Int, name: String, location: Int? = nil, topics: [String] = ["grief"], format: String = "in_person", extra: [String: Any] = [:]
    ) throws -> [String: Any] {
        var body: [String: Any] = [
            "organization_id": org, "name": name, "format": format, "time_zone": "America/Denver",
            "topics": topics, "summary": "A peer-led circle.",
        ]
        if let location { body["location_id"] = location }
        if format == "online" { body["online_url"] = "https://meet.example.org/x" }
        for (k, v) in extra { body[k] = v }
        let r = try app.send("POST", "/api/v1/groups", key: admin, json: body)
        #expect(r.status == 201, "\(r.text)")
        return r.jsonObject
    }

    @Test func organizationsCRUDWithETagsAndConflicts() throws {
        let created = try app.send("POST", "/api/v1/organizations", key: admin, json: ["name": "Harbor Peer Center", "website": "https://harbor.example.org"])
        #expect(created.status == 201)
        #expect(created.headers["Location"] == "/api/v1/organizations/\(created.jsonObject["id"] as! Int)")
        #expect(created.jsonObject["slug"] as? String == "harbor-peer-center")

        let path = created.headers["Location"]!
        let read = try app.get(path)
        #expect(read.status == 200)
        let etag = try #require(read.headers["ETag"])
        #expect(try app.get(path, headers: [("If-None-Match", etag)]).status == 304)

        // An update needs the current ETag; a stale one is refused.
        #expect(try app.send("PATCH", path, key: admin, json: ["description": "x"]).status == 428)
        let updated = try app.send("PATCH", path, key: admin, json: ["description": "Peer support by the water."], headers: [("If-Match", etag)])
        #expect(updated.status == 200)
        #expect(updated.headers["ETag"] != etag)
        let stale = try app.send("PATCH", path, key: admin, json: ["description": "lost update"], headers: [("If-Match", etag)])
        #expect(stale.status == 412)
        #expect((try app.get(path)).jsonObject["description"] as? String == "Peer support by the water.")

        // The same slug twice is a conflict.
        let again = try app.send("POST", "/api/v1/organizations", key: admin, json: ["name": "Harbor Peer Center"])
        #expect(again.status == 409)

        #expect(try app.change("DELETE", path, key: admin).status == 204)
        #expect(try app.get(path).status == 404)
    }

    @Test func validationNamesEveryBadField() throws {
        let org = try app.makeOrganization("valid", key: admin)
        let r = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: [
                "organization_id": org, "name": "", "format": "telepathy", "time_zone": "Mars/Olympus", "topics": "grief", "colour": "blue",
            ])
        #expect(r.status == 422)
        #expect(r.headers["Content-Type"] == "application/problem+json")
        let fields = Set(((r.jsonObject["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
        #expect(fields.isSuperset(of: ["name", "format", "time_zone", "topics", "colour"]), "\(fields)")
    }

    @Test func malformedBodiesAreRejectedClearly() throws {
        let notJSON = try TestHTTP.send(
            app.port, "POST", "/api/v1/organizations", headers: [("Authorization", "Bearer \(admin)"), ("Content-Type", "application/json")],
            body: Array("{nope".utf8))
        #expect(notJSON.status == 400)
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        let tooDeep = try TestHTTP.send(
            app.port, "POST", "/api/v1/organizations", headers: [("Authorization", "Bearer \(admin)"), ("Content-Type", "application/json")],
            body: Array(deep.utf8))
        #expect(tooDeep.status == 400)
        let array = try app.send("POST", "/api/v1/organizations", key: admin, json: [1, 2])
        #expect(array.status == 422)
        let wrongType = try TestHTTP.send(
            app.port, "POST", "/api/v1/organizations", headers: [("Authorization", "Bearer \(admin)"), ("Content-Type", "text/plain")], body: Array("hi".utf8))
        #expect(wrongType.status == 415)
        let big = try TestHTTP.send(
            app.port, "POST", "/api/v1/organizations", headers: [("Authorization", "Bearer \(admin)"), ("Content-Type", "application/json")],
            body: [UInt8](repeating: 32, count: 2 << 20))
        #expect(big.status == 413)
    }

    @Test func writesNeedAKeyAndTheRightOrganization() throws {
        let a = try app.makeOrganization("alpha", key: admin)
        _ = try app.makeOrganization("beta", key: admin)
        let coordinatorOfBeta = try app.key("coordinator", organization: "beta")
        let coordinatorOfAlpha = try app.key("coordinator", organization: "alpha")
        #expect(try app.send("POST", "/api/v1/locations", json: ["organization_id": a, "name": "Hall", "kind": "other"]).status == 401)
        #expect(
            try app.send("POST", "/api/v1/locations", key: "circles_nope_nope", json: ["organization_id": a, "name": "Hall", "kind": "other"]).status == 401)
        #expect(try app.send("POST", "/api/v1/locations", key: coordinatorOfBeta, json: ["organization_id": a, "name": "Hall", "kind": "other"]).status == 403)
        let ok = try app.send("POST", "/api/v1/locations", key: coordinatorOfAlpha, json: ["organization_id": a, "name": "Hall", "kind": "other"])
        #expect(ok.status == 201)
        #expect(try app.send("POST", "/api/v1/organizations", key: coordinatorOfAlpha, json: ["name": "Mine"]).status == 403)
    }

    @Test func idempotentRetriesCreateOnce() throws {
        let org = try app.makeOrganization("retry", key: admin)
        let body: [String: Any] = ["organization_id": org, "name": "Tuesday Grief Circle", "format": "in_person", "time_zone": "America/Denver"]
        let first = try app.send("POST", "/api/v1/groups", key: admin, json: body, headers: [("Idempotency-Key", "abc-123")])
        let second = try app.send("POST", "/api/v1/groups", key: admin, json: body, headers: [("Idempotency-Key", "abc-123")])
        #expect(first.status == 201)
        #expect(second.status == 201)
        #expect(second.headers["Idempotent-Replayed"] == "true")
        #expect(first.jsonObject["id"] as? Int == second.jsonObject["id"] as? Int)
        let list = try app.get("/api/v1/groups?organization_id=\(org)")
        #expect((list.jsonObject["data"] as? [Any])?.count == 1)
        var changed = body
        changed["name"] = "Another"
        #expect(try app.send("POST", "/api/v1/groups", key: admin, json: changed, headers: [("Idempotency-Key", "abc-123")]).status == 422)
    }

    @Test func groupSearchFilters() throws {
        let org = try app.makeOrganization("search", key: admin)
        let denver = try makeLocation(org, city: "Denver", lat: 39.74, lng: -104.99, wheelchair: true)
        let boulder = try makeLocation(org, city: "Boulder", lat: 40.01, lng: -105.27, wheelchair: false)
        let grief = try makeGroup(org, name: "Evening Grief Circle", location: denver, topics: ["grief"])
        let parents = try makeGroup(
            org, name: "Parents Together", location: boulder, topics: ["parenting"],
            extra: ["languages": ["es", "en"], "audiences": ["parents"], "is_free": false, "cost": "$5"])
        _ = try makeGroup(org, name: "Online Recovery Meeting", topics: ["addiction-recovery"], format: "online")
        let griefId = grief["id"] as! Int
        let sched = try app.send(
            "POST", "/api/v1/groups/\(griefId)/schedules", key: admin,
            json: [
                "frequency": "weekly", "weekdays": ["tuesday"], "start_time": "19:00", "duration_minutes": 90, "starts_on": "2025-01-07",
            ])
        #expect(sched.status == 201, "\(sched.text)")

        func names(_ query: String) throws -> [String] {
            let r = try app.get("/api/v1/groups?" + query)
            #expect(r.status == 200, "\(query): \(r.text)")
            return ((r.jsonObject["data"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
        }
        #expect(try names("topic=grief") == ["Evening Grief Circle"])
        #expect(try names("topic=grief&topic=parenting").count == 2)
        #expect(try names("city=boulder") == ["Parents Together"])
        #expect(try names("language=es") == ["Parents Together"])
        #expect(try names("free=false") == ["Parents Together"])
        #expect(try names("audience=parents") == ["Parents Together"])
        #expect(try names("format=online") == ["Online Recovery Meeting"])
        #expect(try names("accessible=wheelchair") == ["Evening Grief Circle"])
        #expect(try names("day=tuesday&time=evening") == ["Evening Grief Circle"])
        #expect(try names("day=monday").isEmpty)
        // "griev" begins no word of the listings: it is mended to the word one letter away (issue 14).
        #expect(try names("q=griev") == ["Evening Grief Circle"])
        #expect(try names("q=zzqqx").isEmpty)
        #expect(try names("q=gri") == ["Evening Grief Circle"])
        #expect(try names("q=boulder") == ["Parents Together"])
        #expect(try names("near=39.75,-105.0&radius_km=10") == ["Evening Grief Circle"])
        #expect(try names("near=39.75,-105.0&radius_km=60") == ["Evening Grief Circle", "Parents Together"])
        let near = try app.get("/api/v1/groups?near=39.75,-105.0&radius_km=60")
        let first = (near.jsonObject["data"] as! [[String: Any]])[0]
        #expect((first["distance_km"] as? Double ?? 99) < 2)
        #expect(first["next_meeting"] != nil)
        _ = parents
        for bad in ["day=funday", "near=abc", "limit=0", "format=x", "radius_km=-3", "cursor=z.z", "free=maybe"] {
            let r = try app.get("/api/v1/groups?" + bad)
            #expect(r.status == 400, "\(bad)")
            #expect(!(r.jsonObject["errors"] as? [Any] ?? []).isEmpty, "\(bad)")
        }
    }

    @Test func paginationNeitherSkipsNorRepeatsUnderInserts() throws {
        let org = try app.makeOrganization("pages", key: admin)
        for i in 0..<25 { _ = try makeGroup(org, name: String(format: "Group %02d", i * 2)) }
        var seen: [String] = []
        var next: String? = "/api/v1/groups?organization_id=\(org)&limit=7"
        var inserted = 0
        while let target = next {
            let r = try app.get(target)
            #expect(r.status == 200)
            seen += ((r.jsonObject["data"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
            next = r.jsonObject["next"] as? String
            // Insert rows before and after the cursor while paging.
            _ = try makeGroup(org, name: String(format: "Group %02d", inserted * 2 + 1))
            inserted += 1
        }
        #expect(Set(seen).count == seen.count, "repeated: \(seen)")
        let originals = (0..<25).map { String(format: "Group %02d", $0 * 2) }
        #expect(Set(originals).isSubset(of: Set(seen)), "skipped some")
        #expect(seen == seen.sorted())
    }

    @Test func meetingsExpandSchedulesWithExceptions() throws {
        let org = try app.makeOrganization("meet", key: admin)
        let g = try makeGroup(org, name: "Caregivers Coffee")
        let id = g["id"] as! Int
        let s = try app.send(
            "POST", "/api/v1/groups/\(id)/schedules", key: admin,
            json: [
                "frequency": "weekly", "weekdays": ["tuesday", "thursday"], "start_time": "10:00", "duration_minutes": 60,
                "starts_on": "2026-01-06", "time_zone": "America/New_York",
            ])
        #expect(s.status == 201, "\(s.text)")
        let scheduleId = s.jsonObject["id"] as! Int
        #expect(s.jsonObject["summary"] as? String != "")
        let cancel = try app.send(
            "POST", "/api/v1/schedules/\(scheduleId)/exceptions", key: admin,
            json: ["occurrence_date": "2026-03-10", "kind": "cancelled", "note": "Room closed"])
        #expect(cancel.status == 201, "\(cancel.text)")
        let wrongDay = try app.send(
            "POST", "/api/v1/schedules/\(scheduleId)/exceptions", key: admin, json: ["occurrence_date": "2026-03-09", "kind": "cancelled"])
        #expect(wrongDay.status == 422)

        let r = try app.get("/api/v1/groups/\(id)/meetings?from=2026-03-01&to=2026-03-15")
        #expect(r.status == 200, "\(r.text)")
        let meetings = r.jsonObject["data"] as! [[String: Any]]
        #expect(meetings.map { $0["date"] as! String } == ["2026-03-03", "2026-03-05", "2026-03-10", "2026-03-12"])
        #expect(meetings.map { $0["status"] as! String } == ["scheduled", "scheduled", "cancelled", "scheduled"])
        // 10:00 in New York is 15:00 UTC before the 8 March change and 14:00 UTC after it.
        #expect(meetings[0]["starts_at"] as? String == "2026-03-03T15:00:00Z")
        #expect(meetings[3]["starts_at"] as? String == "2026-03-12T14:00:00Z")
        let all = try app.get("/api/v1/meetings?from=2026-03-01&to=2026-03-15&organization_id=\(org)")
        #expect((all.jsonObject["data"] as? [Any])?.count == 4)
        #expect(try app.get("/api/v1/meetings?from=2026-03-01&to=2027-03-15").status == 400)
        // No window reaches the year 9999: a meeting there would start in the year 10000 west of UTC.
        let late = try app.get("/api/v1/groups/\(id)/meetings?from=9999-12-31")
        #expect(late.status == 400 && late.jsonObject["detail"] as? String == "from: must be before 9999-01-01", "\(late.text)")
        #expect(try app.get("/api/v1/meetings?from=9998-12-20T00:00:00Z&to=9999-01-02").status == 400)
        let last = try app.get("/api/v1/groups/\(id)/meetings?from=9998-12-28")
        #expect(last.status == 200, "\(last.text)")
        #expect((last.jsonObject["data"] as? [[String: Any]])?.allSatisfy { ($0["starts_at"] as? String)?.hasPrefix("9998-12-") == true } == true)
    }

    /// A one-time meeting on 9999-12-31 at 23:30 twelve hours behind UTC was the group's next meeting,
    /// `"starts_at": "10000-01-01T11:30:00Z"`: no date-time. Schedules and moved meetings stay before 9000.
    @Test func noMeetingIsScheduledPastTheYear8999() throws {
        let org = try app.makeOrganization("far", key: admin)
        let id = try makeGroup(org, name: "Far Future")["id"] as! Int
        func schedule(_ startsOn: String) throws -> ClientResponse {
            try app.send(
                "POST", "/api/v1/groups/\(id)/schedules", key: admin,
                json: [
                    "frequency": "once", "weekdays": [String](), "start_time": "23:30", "duration_minutes": 60,
                    "starts_on": startsOn, "time_zone": "Etc/GMT+12",
                ])
        }
        let far = try schedule("9999-12-31")
        #expect(far.status == 422 && far.jsonObject["detail"] as? String == "starts_on: must be before 9000-01-01", "\(far.text)")
        #expect(try schedule("9000-01-01").status == 422)
        let last = try schedule("8999-12-31")
        #expect(last.status == 201, "\(last.text)")
        let next = try app.get("/api/v1/groups/\(id)").jsonObject["next_meeting"] as? [String: Any]
        #expect(next?["starts_at"] as? String == "9000-01-01T11:30:00Z", "\(String(describing: next))")
        let scheduleId = last.jsonObject["id"] as! Int
        let moved = try app.send(
            "POST", "/api/v1/schedules/\(scheduleId)/exceptions", key: admin,
            json: ["occurrence_date": "8999-12-31", "kind": "moved", "moved_to_date": "9999-12-31"])
        #expect(moved.status == 422 && moved.jsonObject["detail"] as? String == "moved_to_date: must be before 9000-01-01", "\(moved.text)")
    }

    /// A moved meeting may not land on another of the schedule's meetings (it was listed twice) nor at a
    /// time the clocks skip (it became another time); a made exception is found at its own address.
    @Test func aMoveIsCheckedAndAnsweredWithItsAddress() throws {
        let org = try app.makeOrganization("moves", key: admin)
        let id = try makeGroup(org, name: "Monday Walkers")["id"] as! Int
        let s = try app.send(
            "POST", "/api/v1/groups/\(id)/schedules", key: admin,
            json: [
                "frequency": "weekly", "weekdays": ["monday", "wednesday"], "start_time": "07:00", "duration_minutes": 60,
                "starts_on": "2026-01-05", "time_zone": "America/Denver",
            ])
        let scheduleId = s.jsonObject["id"] as! Int
        func move(_ body: [String: Any]) throws -> ClientResponse {
            try app.send("POST", "/api/v1/schedules/\(scheduleId)/exceptions", key: admin, json: body)
        }
        let twice = try move(["occurrence_date": "2027-01-11", "kind": "moved", "moved_to_date": "2027-01-13"])
        #expect(
            twice.status == 422 && (twice.jsonObject["detail"] as? String)?.hasPrefix("moved_to_date: the schedule already meets then") == true, "\(twice.text)"
        )
        let gap = try move(["occurrence_date": "2027-03-15", "kind": "moved", "moved_to_date": "2027-03-14", "moved_to_time": "02:30"])
        #expect(gap.status == 422 && (gap.jsonObject["detail"] as? String)?.hasPrefix("moved_to_time: does not exist") == true, "\(gap.text)")
        let fine = try move(["occurrence_date": "2027-01-11", "kind": "moved", "moved_to_date": "2027-01-12"])
        #expect(fine.status == 201, "\(fine.text)")
        let address = try #require(fine.headers["Location"])
        #expect(address == "/api/v1/schedules/\(scheduleId)/exceptions/2027-01-11")
        #expect(try app.send("DELETE", address, key: admin).status == 204)
        // A meeting moved by place alone, at its usual day and time, is a move.
        let hall = try makeLocation(org, city: "Aurora")
        let placeOnly = try move(["occurrence_date": "2027-01-18", "kind": "moved", "moved_location_id": hall])
        #expect(placeOnly.status == 201, "\(placeOnly.text)")
        // Refused, each on its field: a move that changes nothing, a coming meeting moved into the past,
        // and a cancelled meeting given a new date.
        func refused(_ body: [String: Any], _ field: String, _ words: String) throws {
            let r = try move(body)
            #expect(r.status == 422 && (r.jsonObject["detail"] as? String)?.hasPrefix("\(field): \(words)") == true, "\(body): \(r.text)")
        }
        try refused(["occurrence_date": "2030-01-07", "kind": "moved", "moved_to_date": "2030-01-07"], "moved_to_date", "leaves the meeting")
        try refused(["occurrence_date": "2030-01-07", "kind": "moved", "moved_to_time": "07:00"], "moved_to_time", "leaves the meeting")
        try refused(["occurrence_date": "2030-01-07", "kind": "moved", "moved_to_date": "2026-01-06"], "moved_to_date", "is in the past")
        try refused(["occurrence_date": "2030-01-07", "kind": "cancelled", "moved_to_date": "2030-01-08"], "moved_to_date", "is only for a moved")
        #expect(try move(["occurrence_date": "2030-01-07", "kind": "cancelled", "moved_to_date": NSNull()]).status == 201)
    }

    @Test func aFieldIsNamedOnceWithItsFirstProblem() throws {
        // A name with a NUL was also told that the slug made from it was bad: "2 fields are invalid: name, name".
        let r = try app.send("POST", "/api/v1/organizations", key: admin, json: ["name": "Nul\u{0}Org"])
        #expect(r.status == 422)
        let fields = (r.jsonObject["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        #expect(fields == ["name"], "\(r.text)")
        #expect(r.jsonObject["detail"] as? String == "name: must not contain control characters", "\(r.text)")
    }

    @Test func aRadiusIsANumberHoweverManyDigitsItHas() throws {
        // The document allows any number up to 500: one written with many decimals is one too.
        #expect(try app.get("/api/v1/groups?near=40.7,-74&radius_km=499.9999999").status == 200)
        #expect(try app.get("/api/v1/groups?near=40.7,-74&radius_mi=0.000000000001").status == 200)
        #expect(try app.get("/api/v1/groups?near=40.7,-74&radius_km=500.0000001").status == 400)
    }

    @Test func facilitatorPrivateContactIsNeverPublic() throws {
        let org = try app.makeOrganization("lead", key: admin)
        let r = try app.send(
            "POST", "/api/v1/facilitators", key: admin,
            json: [
                "organization_id": org, "display_name": "Rosa M.", "bio": "I lost my brother in 2019.", "lived_experience": ["grief"],
                "languages": ["en", "es"], "private_email": "rosa@lead.example.org", "private_phone": "555-0142",
                "trainings": [["name": "Grief Facilitator Training", "issuer": "Example Institute", "completed_on": "2020-01-01", "expires_on": "2022-01-01"]],
            ])
        #expect(r.status == 201, "\(r.text)")
        let path = r.headers["Location"]!
        let publicView = try app.get(path)
        #expect(!publicView.text.contains("rosa@lead.example.org"))
        #expect(!publicView.text.contains("555-0142"))
        let trainings = publicView.jsonObject["trainings"] as? [[String: Any]]
        #expect(trainings?.first?["expired"] as? Bool == true)
        #expect(try app.get(path, key: admin).text.contains("rosa@lead.example.org"))
    }
}
