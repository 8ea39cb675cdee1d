import Foundation
import GRDB
import GroupViews
import Schedules
import Store
import TestSupport
import Testing

@testable import Circles

/// Listings people can trust, end to end over sockets: freshness and its ranking, confirming and
/// cancelling one coming meeting (and that every output shows it), what to expect, open seats.
@Suite struct ListingTests {
    let app: TestApp
    let admin: String
    let alpha: Int
    let beta: Int

    init() throws {
        app = try TestApp()
        admin = try app.key()
        alpha = try app.makeOrganization("alpha", key: admin)
        beta = try app.makeOrganization("beta", key: admin)
    }

    func group(_ name: String, organization: Int? = nil, _ extra: [String: Any] = [:]) throws -> Int {
        var body: [String: Any] = ["organization_id": organization ?? alpha, "name": name, "format": "in_person", "time_zone": "America/Chicago"]
        for (k, v) in extra { body[k] = v }
        let r = try app.send("POST", "/api/v1/groups", key: admin, json: body)
        guard r.status == 201, let id = r.jsonObject["id"] as? Int else { throw TestAppFailure(description: "group: \(r.status) \(r.text)") }
        return id
    }

    func schedule(_ group: Int, _ body: [String: Any]) throws -> Int {
        let r = try app.send("POST", "/api/v1/groups/\(group)/schedules", key: admin, json: body)
        guard r.status == 201, let id = r.jsonObject["id"] as? Int else { throw TestAppFailure(description: "schedule: \(r.status) \(r.text)") }
        return id
    }

    func setConfirmed(_ group: Int, daysAgo: Double?) throws {
        let value = daysAgo.map { Timestamp.format(Date().addingTimeInterval(-$0 * 86_400)) }
        try app.database.pool.write { try $0.execute(sql: "UPDATE groups SET last_confirmed_at = ? WHERE id = ?", arguments: [value, group]) }
    }

    func names(_ target: String) throws -> [String] {
        let r = try app.get(target)
        #expect(r.status == 200, "\(target): \(r.text)")
        return (r.jsonObject["data"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    /// A signed-in console session of a new user: the cookie and the CSRF token the console sends.
    func session(_ role: String, organization: String, email: String) throws -> [(String, String)] {
        _ = try Accounts.add(in: app.database, email: email, name: "Test", role: role, organizationSlug: organization, password: "correct horse battery")
        let login = try app.send("POST", "/api/v1/auth/login", json: ["email": email, "password": "correct horse battery"])
        let cookie = try #require(login.headers["Set-Cookie"])
        return [("Cookie", String(cookie.split(separator: ";")[0])), ("X-CSRF-Token", login.jsonObject["csrf_token"] as! String)]
    }

    static func next(_ weekday: Weekday, after days: Int = 2) -> LocalDate {
        var date = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400)).adding(days: days)
        while date.weekday != weekday { date = date.adding(days: 1) }
        return date
    }

    @Test func aStaleListingSaysSoAndRanksBelowConfirmedOnes() throws {
        let ash = try group("Ash Grove Circle", ["summary": "Peer support for grief"])
        _ = try group("Birch Circle", ["summary": "Peer support for grief"])
        _ = try group("Cedar Circle", ["summary": "Peer support for grief"])
        let created = try app.get("/api/v1/groups/\(ash)").jsonObject
        #expect(created["last_confirmed_at"] as? String != nil, "a new listing counts as confirmed")
        #expect(created["not_recently_confirmed"] as? Bool == false)
        #expect(created["freshness_note"] == nil || created["freshness_note"] is NSNull)

        try setConfirmed(ash, daysAgo: 61)
        let stale = try app.get("/api/v1/groups/\(ash)").jsonObject
        #expect(stale["not_recently_confirmed"] as? Bool == true)
        #expect((stale["freshness_note"] as? String ?? "").hasPrefix("Not recently confirmed"))
        // By name, by relevance and within pages of one: the stale listing comes last.
        let byName = ["Birch Circle", "Cedar Circle", "Ash Grove Circle"]
        #expect(try names("/api/v1/groups?organization_id=\(alpha)") == byName)
        #expect(try names("/api/v1/groups?q=circle").last == "Ash Grove Circle")
        var paged: [String] = []
        var target: String? = "/api/v1/groups?organization_id=\(alpha)&limit=1"
        while let next = target {
            let r = try app.get(next)
            paged += (r.jsonObject["data"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            target = r.jsonObject["next"] as? String
        }
        #expect(paged == byName)
        // Two stale listings: the cursor pages through the second tier too, by name.
        let cedar = try #require((try app.get("/api/v1/groups?q=cedar").jsonObject["data"] as? [[String: Any]])?.first?["id"] as? Int)
        try setConfirmed(cedar, daysAgo: 200)
        func allPages(_ first: String) throws -> [String] {
            var names: [String] = []
            var target: String? = first
            while let next = target {
                let r = try app.get(next)
                names += (r.jsonObject["data"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                target = r.jsonObject["next"] as? String
            }
            return names
        }
        #expect(try allPages("/api/v1/groups?organization_id=\(alpha)&limit=1") == ["Birch Circle", "Ash Grove Circle", "Cedar Circle"])
        #expect(try allPages("/api/v1/groups?organization_id=\(alpha)&limit=2") == ["Birch Circle", "Ash Grove Circle", "Cedar Circle"])
        // The page says it, above the fold; the search page ranks it last too.
        let page = try app.get("/groups/ash-grove-circle").text
        #expect(page.contains("id=\"freshness-note\"") && page.contains("Not recently confirmed"))
        let search = try app.get("/search?organization_id=\(alpha)").text
        // (Cedar is stale too by now: the fresh Birch first, then the stale ones by name.)
        let positions = ["Birch Circle", "Ash Grove Circle", "Cedar Circle"].map { search.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil } && positions[0]! < positions[1]! && positions[1]! < positions[2]!)
        #expect(search.contains("tag--stale"))

        // Never confirmed counts as stale too; one confirmation makes it fresh and first again.
        try setConfirmed(ash, daysAgo: nil)
        #expect(try names("/api/v1/groups?organization_id=\(alpha)") == ["Birch Circle", "Ash Grove Circle", "Cedar Circle"])
        let coordinator = try app.key("coordinator", organization: "alpha")
        let confirmed = try app.send("POST", "/api/v1/groups/\(ash)/confirm", key: coordinator)
        #expect(confirmed.status == 200, "\(confirmed.text)")
        #expect(confirmed.jsonObject["not_recently_confirmed"] as? Bool == false)
        #expect(try names("/api/v1/groups?organization_id=\(alpha)") == ["Ash Grove Circle", "Birch Circle", "Cedar Circle"], "Cedar is still stale")
        #expect(!(try app.get("/groups/ash-grove-circle").text.contains("id=\"freshness-note\"")))
        let audit = try app.get("/api/v1/audit?action=group.confirm", key: admin).jsonObject["data"] as? [[String: Any]] ?? []
        #expect(audit.first?["target_id"] as? String == String(ash))
    }

    @Test func theStaleAfterDaysSettingDecides() throws {
        var group = GroupRecord(organizationId: 1, slug: "g", name: "G", format: .online, timeZone: "UTC")
        let now = Date()
        group.lastConfirmedAt = Timestamp(now.addingTimeInterval(-45 * 86_400))
        #expect(Freshness(staleAfterDays: 60).isStale(group, now: now) == false)
        #expect(Freshness(staleAfterDays: 30).isStale(group, now: now) == true)
        #expect(Freshness(staleAfterDays: 30).note(group, now: now)?.contains("last confirmed on") == true)
        #expect(AppConfiguration().staleAfterDays == 60)
    }

    @Test func whoMayConfirm() throws {
        let id = try group("Confirmable")
        #expect(try app.send("POST", "/api/v1/groups/\(id)/confirm").status == 401)
        #expect(try app.send("POST", "/api/v1/groups/\(id)/confirm", key: try app.key("coordinator", organization: "beta")).status == 403)
        #expect(try app.send("POST", "/api/v1/groups/\(id)/confirm", key: try app.key("partner", organization: "alpha")).status == 403)
        let facilitator = try session("facilitator", organization: "alpha", email: "fran@alpha.example.org")
        #expect(try app.send("POST", "/api/v1/groups/\(id)/confirm", headers: facilitator).status == 200)
        #expect(try app.send("POST", "/api/v1/groups/999999/confirm", key: admin).status == 404)
    }

    @Test func anOccurrenceCancelledThroughTheConsoleShowsInEveryOutput() throws {
        let id = try group("Sober Tuesdays", ["topics": ["alcohol"]])
        let start = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400)).adding(days: -21).description
        let weekly = try schedule(id, ["frequency": "weekly", "weekdays": ["tuesday"], "start_time": "19:00", "duration_minutes": 60, "starts_on": start])
        let cancelled = Self.next(.tuesday)
        let confirmed = cancelled.adding(days: 7)
        try setConfirmed(id, daysAgo: 90)
        // The console is the API with a session cookie and its CSRF token.
        let console = try session("coordinator", organization: "alpha", email: "sam@alpha.example.org")
        let base = "/api/v1/schedules/\(weekly)/occurrences"
        #expect(try app.send("POST", "\(base)/\(cancelled)/cancel", json: ["note": "Room closed"], headers: [console[0]]).status == 403, "no CSRF token")
        let cancel = try app.send("POST", "\(base)/\(cancelled)/cancel", json: ["note": "Room closed"], headers: console)
        #expect(cancel.status == 200, "\(cancel.text)")
        #expect(cancel.jsonObject["status"] as? String == "cancelled")
        let confirm = try app.send("POST", "\(base)/\(confirmed)/confirm", headers: console)
        #expect(confirm.status == 200, "\(confirm.text)")
        #expect(confirm.jsonObject["confirmed"] as? Bool == true)

        // The meetings API.
        let meetings =
            try app.get("/api/v1/groups/\(id)/meetings?from=\(cancelled.adding(days: -1))&to=\(confirmed.adding(days: 2))").jsonObject["data"]
            as? [[String: Any]] ?? []
        #expect(meetings.count == 2)
        #expect(meetings.first { $0["original_date"] as? String == cancelled.description }?["status"] as? String == "cancelled")
        #expect(meetings.first { $0["original_date"] as? String == cancelled.description }?["note"] as? String == "Room closed")
        #expect(meetings.first { $0["original_date"] as? String == confirmed.description }?["confirmed"] as? Bool == true)
        // The group: confirming a meeting confirms the listing; the next meeting skips the cancelled one.
        let group = try app.get("/api/v1/groups/\(id)").jsonObject
        #expect(group["not_recently_confirmed"] as? Bool == false)
        #expect((group["next_meeting"] as? [String: Any])?["date"] as? String != cancelled.description)
        // The group page.
        let page = try app.get("/groups/sober-tuesdays").text
        #expect(page.contains("date--cancelled") && page.contains("badge--cancelled") && page.contains("Room closed"))
        #expect(page.contains("badge--confirmed"))
        // iCalendar: an EXDATE in the group's zone.
        let ics = try app.get("/api/v1/groups/\(id)/calendar.ics").text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(ics.contains("EXDATE;TZID=America/Chicago:\(ICalendarWriter.localDateTime(cancelled, LocalTime("19:00")!))"), "\(ics)")
        // The Meeting Guide feed: the spec has no cancelled date, so the notes say it.
        let feed = try app.get("/api/v1/feeds/meeting-guide.json")
        let entry = (try feed.json() as? [[String: Any]] ?? []).first { $0["name"] as? String == "Sober Tuesdays" }
        #expect(
            (entry?["notes"] as? String ?? "").contains("No meeting on \(MeetingGuideFeed.monthDay(cancelled)): Room closed"), "\(String(describing: entry))")
        // The audit log names the coordinator.
        let audit = try app.get("/api/v1/audit?action=occurrence.cancel", key: admin).jsonObject["data"] as? [[String: Any]] ?? []
        #expect((audit.first?["actor"] as? String ?? "").hasPrefix("user:"))

        // Confirming the cancelled date puts it back; past dates and days it does not meet are refused.
        #expect(try app.send("POST", "\(base)/\(cancelled)/confirm", headers: console).jsonObject["status"] as? String == "scheduled")
        let past = Self.next(.tuesday, after: -14)
        #expect(try app.send("POST", "\(base)/\(past)/cancel", headers: console).status == 422)
        #expect(try app.send("POST", "\(base)/\(cancelled.adding(days: 1))/cancel", headers: console).status == 422)
        #expect(try app.send("POST", "\(base)/not-a-date/cancel", headers: console).status == 404)
        let other = try app.key("coordinator", organization: "beta")
        #expect(try app.send("POST", "\(base)/\(confirmed)/cancel", key: other).status == 403)
        #expect(try app.send("POST", "\(base)/\(confirmed)/cancel", json: ["reason": "x"], headers: console).status == 422)
    }

    @Test func whatToExpectIsShownAndFilterable() throws {
        let online = try group(
            "Online Evenings",
            [
                "format": "online", "online_url": "https://meet.example.org/x", "camera_optional": true,
                "childcare": false, "first_meeting_note": "Say hello in the chat if you like.",
            ])
        let lived = try group(
            "Survivors Only",
            [
                "open_to": "lived_experience", "childcare": true, "asl_interpretation": true,
                "join_mode": "registration", "contact_email": "hi@example.org",
            ])
        let plain = try group("Plain Group", ["camera_optional": false])
        func ids(_ query: String) throws -> Set<Int> {
            Set((try app.get("/api/v1/groups?organization_id=\(alpha)&\(query)").jsonObject["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int })
        }
        #expect(try ids("open_to=lived_experience") == [lived])
        #expect(try ids("open_to=anyone") == [online, plain])
        #expect(try ids("childcare=true") == [lived])
        #expect(try ids("asl=true") == [lived])
        #expect(try ids("camera_optional=true") == [online])
        #expect(try ids("join=registration") == [lived])
        #expect(try ids("join=drop_in") == [online, plain])
        let bad = try app.get("/api/v1/groups?open_to=friends&childcare=maybe")
        #expect(bad.status == 400)
        #expect(Set((bad.jsonObject["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }) == ["open_to", "childcare"])
        let invalid = try app.change(
            "PATCH", "/api/v1/groups/\(plain)", key: admin, json: ["open_to": "friends", "first_meeting_note": String(repeating: "a", count: 1001)])
        #expect(invalid.status == 422)

        let view = try app.get("/api/v1/groups/\(lived)").jsonObject
        #expect(view["open_to"] as? String == "lived_experience")
        #expect(view["childcare"] as? Bool == true && view["asl_available"] as? Bool == true)
        let page = try app.get("/groups/survivors-only").text
        #expect(page.contains("What to expect") && page.contains("Only for people who live with this themselves") && page.contains("Childcare is offered"))
        #expect(page.contains("Sign up before your first meeting") && page.contains("(ASL) interpretation"))
        let onlinePage = try app.get("/groups/online-evenings").text
        #expect(onlinePage.contains("your camera can stay off") && onlinePage.contains("Say hello in the chat if you like."))
        // The search page keeps the filters in its form.
        let search = try app.get("/search?childcare=true&open_to=lived_experience").text
        #expect(search.contains("Survivors Only") && !search.contains("Plain Group"))
        #expect(search.contains("name=\"childcare\" value=\"true\" checked"))
    }

    @Test func aFullGroupSaysSoAndReferralsToItWarn() throws {
        let id = try group("Small Circle")
        let tooMany = try app.change("PATCH", "/api/v1/groups/\(id)", key: admin, json: ["capacity": 8, "open_seats": 9])
        #expect(tooMany.status == 422)
        #expect((tooMany.jsonObject["errors"] as? [[String: Any]])?.first?["field"] as? String == "open_seats")
        #expect(try app.change("PATCH", "/api/v1/groups/\(id)", key: admin, json: ["open_seats": 2]).status == 422, "seats without a cap")
        let coordinator = try app.key("coordinator", organization: "alpha")
        let open = try app.change("PATCH", "/api/v1/groups/\(id)", key: coordinator, json: ["capacity": 8, "open_seats": 2])
        #expect(open.status == 200, "\(open.text)")
        #expect(open.jsonObject["full"] as? Bool == false && open.jsonObject["open_seats"] as? Int == 2)
        #expect(open.jsonObject["seats_updated_at"] as? String != nil)
        #expect(try app.get("/groups/small-circle").text.contains("2 open seats of 8 places"))
        let full = try app.change("PATCH", "/api/v1/groups/\(id)", key: coordinator, json: ["open_seats": 0])
        #expect(full.jsonObject["full"] as? Bool == true && full.jsonObject["capacity"] as? Int == 8)
        #expect(try app.get("/groups/small-circle").text.contains("This group is full right now"))
        #expect(try names("/api/v1/groups?organization_id=\(alpha)&open_seats=true").isEmpty)

        let referral = try app.send(
            "POST", "/api/v1/referrals",
            json: [
                "group_id": id, "person_name": "Ren", "person_phone": "555-0101", "preferred_contact_method": "phone",
                "referrer_type": "self", "consent": true, "consent_version": "2026-11",
            ])
        #expect(referral.status == 201)
        #expect((referral.jsonObject["group_full_warning"] as? String ?? "").contains("is full right now"))
        // Lifting the cap clears the count.
        let uncapped = try app.change("PATCH", "/api/v1/groups/\(id)", key: coordinator, json: ["capacity": NSNull()])
        // (Absent keys are null: the API leaves out empty optional values.)
        #expect(uncapped.status == 200 && uncapped.jsonObject["capacity"] as? Int == nil && uncapped.jsonObject["open_seats"] as? Int == nil)
        #expect(uncapped.jsonObject["full"] as? Bool == false)
    }
}
