import Foundation
import HTTPServer
import TestSupport
import Testing

@testable import Circles

/// The server-rendered pages: what they show, what they never show, and that they stay small.
@Suite(.serialized) struct PageTests {
    let app: TestApp
    static let html = [("Accept", "text/html")]

    init() throws {
        app = try TestApp(demo: true)
    }

    func page(_ path: String) throws -> ClientResponse {
        try app.get(path, headers: Self.html)
    }

    /// The JSON-LD blocks of a page, parsed.
    func jsonLD(_ text: String) throws -> [Any] {
        var found: [Any] = []
        var rest = Substring(text)
        while let start = rest.range(of: "<script type=\"application/ld+json\">") {
            rest = rest[start.upperBound...]
            let end = try #require(rest.range(of: "</script>"))
            found.append(try JSONSerialization.jsonObject(with: Data(rest[..<end.lowerBound].utf8)))
            rest = rest[end.upperBound...]
        }
        return found
    }

    // MARK: group pages

    @Test func groupPageShowsScheduleNextMeetingCancellationAndLeaders() throws {
        let slug = "eastside-mental-health-peer-circle"
        let r = try page("/groups/\(slug)")
        #expect(r.status == 200)
        #expect(r.headers["Content-Type"] == "text/html; charset=utf-8")
        let text = r.text
        #expect(text.contains("<title>Eastside Mental Health Peer Circle — Circles</title>"))
        #expect(text.contains("<h1>Eastside Mental Health Peer Circle</h1>"))
        #expect(text.contains("Every Tuesday at 6:30 pm"))
        // The next meeting the API names is the one the page leads with.
        let api = try app.get("/api/v1/groups/by-slug/\(slug)").jsonObject
        let next = try #require(api["next_meeting"] as? [String: Any])
        let date = try #require(next["date"] as? String)
        #expect(text.contains("Next meeting"))
        #expect(text.contains("datetime=\"\(date)T18:30:00"))
        // The demo cancels the coming Tuesday: it is listed, marked, with its note.
        #expect(text.contains("date--cancelled"))
        #expect(text.contains(">Cancelled<"))
        #expect(text.contains("Room closed for the holiday."))
        // Where, and access.
        #expect(text.contains("1840 E. First Street"))
        #expect(text.contains("Wheelchair accessible"))
        // The facilitator's public profile, never the private contact details.
        #expect(text.contains("Rosa M."))
        #expect(text.contains("Certified Peer Support Specialist"))
        #expect(!text.contains("rosa@eastsidepeers.example.org"))
        #expect(!text.contains("555-0110"))
        // Ways in and out.
        #expect(text.contains("href=\"/refer?group=\(slug)\""))
        #expect(text.contains("href=\"/calendars/groups/\(slug).ics\""))
        #expect(text.contains("href=\"webcal://localhost/calendars/groups/\(slug).ics\""))
        #expect(text.contains("<link rel=\"alternate\" type=\"application/json\" href=\"/api/v1/groups/\(api["id"] as! Int)\""))
        #expect(text.contains("<link rel=\"alternate\" type=\"text/calendar\""))
    }

    @Test func groupPageJSONLDParsesWithOrganizationAndEvents() throws {
        let text = try page("/groups/eastside-mental-health-peer-circle").text
        let blocks = try jsonLD(text)
        #expect(blocks.count == 1)
        let graph = try #require((blocks.first as? [String: Any])?["@graph"] as? [[String: Any]])
        let organization = try #require(graph.first { $0["@type"] as? String == "Organization" })
        #expect(organization["name"] as? String == "Eastside Peer Support Collective")
        let events = graph.filter { $0["@type"] as? String == "Event" }
        #expect(events.count == GroupPage.upcomingCount)
        #expect(events.contains { $0["eventStatus"] as? String == "https://schema.org/EventCancelled" })
        #expect(events.contains { $0["eventStatus"] as? String == "https://schema.org/EventScheduled" })
        let first = try #require(events.first)
        #expect((first["startDate"] as? String)?.count == 25)  // 2026-12-01T18:30:00-08:00
        #expect((first["location"] as? [String: Any])?["@type"] as? String == "Place")
    }

    /// Google's Event rules: moved online at its usual time is `EventMovedOnline`, online, at a
    /// `VirtualLocation`; a hybrid meeting is mixed with a `Place` and a `VirtualLocation`; a new time is
    /// `EventRescheduled` with `previousStartDate`, which no other event has.
    @Test func jsonLDSaysMovedOnlineRescheduledAndMixedAsGoogleReadsThem() throws {
        func events(_ slug: String) throws -> [[String: Any]] {
            let graph = try #require((try jsonLD(page("/groups/\(slug)").text).first as? [String: Any])?["@graph"] as? [[String: Any]])
            return graph.filter { $0["@type"] as? String == "Event" }
        }
        func types(_ event: [String: Any]) -> [String] {
            let location = event["location"]
            return ((location as? [[String: Any]]) ?? [location as? [String: Any]].compactMap { $0 }).compactMap { $0["@type"] as? String }
        }
        let midtown = try events("midtown-depression-and-bipolar-peer-group")
        let online = try #require(midtown.first { $0["eventStatus"] as? String == "https://schema.org/EventMovedOnline" })
        #expect(online["eventAttendanceMode"] as? String == "https://schema.org/OnlineEventAttendanceMode")
        #expect(types(online) == ["VirtualLocation"] && online["previousStartDate"] == nil)
        let usual = midtown.filter { $0["eventStatus"] as? String == "https://schema.org/EventScheduled" }
        #expect(!usual.isEmpty)
        for event in usual {
            #expect(event["eventAttendanceMode"] as? String == "https://schema.org/MixedEventAttendanceMode")
            #expect(types(event) == ["Place", "VirtualLocation"])
        }
        let dementia = try events("caring-for-someone-with-dementia")
        let later = try #require(dementia.first { $0["eventStatus"] as? String == "https://schema.org/EventRescheduled" })
        let previous = try #require(later["previousStartDate"] as? String)
        #expect(previous.prefix(10) == (later["startDate"] as? String)?.prefix(10) && previous.contains("T13:00:00"))
        #expect((later["startDate"] as? String)?.contains("T15:00:00") == true)
        for event in midtown + dementia where event["eventStatus"] as? String != "https://schema.org/EventRescheduled" {
            #expect(event["previousStartDate"] == nil)
        }
    }

    /// An online group that keeps how to join private has a page (it answered 500: a name missing in the strict template).
    @Test func aPrivateOnlineGroupsPageSaysTheLinkIsPrivate() throws {
        let r = try page("/groups/survivors-circle")
        #expect(r.status == 200)
        #expect(r.text.contains("The link or phone number to join is private"))
        #expect(!r.text.contains("circles-demo-fivebp-survivors"))
    }

    @Test func movedMeetingIsShownWithWhatChanged() throws {
        // The demo moves a Midtown Wednesday meeting online for a week.
        let text = try page("/groups/midtown-depression-and-bipolar-peer-group").text
        #expect(text.contains("date--moved"))
        #expect(text.contains("Online only this week"))
    }

    @Test func unknownGroupIsA404Page() throws {
        let r = try page("/groups/no-such-group")
        #expect(r.status == 404)
        #expect(r.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(r.text.contains("We couldn’t find that group"))
        #expect(r.text.contains("class=\"crisis\""))
        #expect(try page("/topics/no-such-topic").status == 404)
        #expect(try page("/cities/co/atlantis").status == 404)
    }

    @Test func archivedGroupSaysItNoLongerMeets() throws {
        let r = try page("/groups/lower-manhattan-storm-recovery-circle")
        #expect(r.status == 200)
        #expect(r.text.contains("This group no longer meets"))
        #expect(r.text.contains("Find a similar group"))
        #expect(r.text.contains("noindex"))
        #expect(!r.text.contains("Refer myself or someone else"))
    }

    @Test func feedbackShowsTheAverageAndApprovedCommentsOnly() throws {
        let admin = try app.key()
        let (slug, id) = try makeDailyGroup(name: "Feedback Circle", key: admin)
        #expect(try page("/groups/\(slug)").text.contains("No one has shared feedback about this group yet."))
        let good = try app.send("POST", "/api/v1/groups/\(id)/feedback", json: ["rating": 5, "comment": "Kind people <3"])
        #expect(good.status == 201, "\(good.text)")
        let waiting = try app.send("POST", "/api/v1/groups/\(id)/feedback", json: ["rating": 2, "comment": "Not read yet"])
        #expect(waiting.status == 201, "\(waiting.text)")
        let feedbackId = try #require(good.jsonObject["id"] as? Int)
        #expect(try app.send("POST", "/api/v1/feedback/\(feedbackId)/approve", key: admin).status == 200)
        let text = try page("/groups/\(slug)").text
        // The rating still waiting for review does not count.
        #expect(text.contains("5.0 out of 5"))
        #expect(text.contains("from 1 rating"))
        #expect(text.contains("Kind people &lt;3"))
        #expect(!text.contains("Not read yet"))
    }

    @Test func calendarAddressOnTheGroupPathForwardsToTheFeed() throws {
        let r = try page("/groups/eastside-mental-health-peer-circle.ics")
        #expect(r.status == 301)
        #expect(r.headers["Location"] == "/calendars/groups/eastside-mental-health-peer-circle.ics")
    }

    // MARK: search and listings

    @Test func searchWorksWithoutJavaScript() throws {
        let grief = try page("/search?topic=grief")
        #expect(grief.status == 200)
        #expect(grief.text.contains("Walk and Talk: Grief in Motion"))
        #expect(grief.text.contains("<option value=\"grief\" selected>"))
        #expect(grief.text.contains("groups found."))
        #expect(grief.text.contains("Next meeting:"))

        let denver = try page("/search?city=Denver")
        #expect(denver.status == 200)
        #expect(denver.text.contains("Colfax Morning Recovery Meeting"))
        #expect(!denver.text.contains("Walk and Talk: Grief in Motion"))
        #expect(denver.text.contains("value=\"Denver\""))

        // The place box also takes "City, ST" and a ZIP code.
        #expect(try page("/search?city=Denver%2C+CO").text.contains("Colfax Morning Recovery Meeting"))
        // A form sent without JavaScript sends its empty fields too: the address is tidied once.
        let tidy = try page("/search?q=&city=Denver%2C+CO&topic=&format=&day=")
        #expect(tidy.status == 303)
        #expect(tidy.headers["Location"] == "/search?city=Denver&state=CO")
        // A bad filter is explained, not an error page.
        let odd = try page("/search?day=someday")
        #expect(odd.status == 200)
        #expect(odd.text.contains("The day could not be used"))
    }

    @Test func searchPagesThroughResults() throws {
        let first = try page("/search")
        #expect(first.status == 200)
        let next = try #require(first.text.range(of: "href=\"/search?cursor=")).upperBound
        let cursor = first.text[next...].prefix { $0 != "\"" }
        let second = try page("/search?cursor=\(cursor)")
        #expect(second.status == 200)
        #expect(second.text.contains("More groups:"))
        #expect(second.text.contains("Back to the first groups"))
        // A cursor from nowhere starts at the top instead of failing.
        #expect(try page("/search?cursor=nonsense").status == 200)
    }

    /// The live search swaps in `/search/results`: it must be, byte for byte, the results part of the
    /// page for the same address, heading and count included (they drifted when a script rebuilt them).
    @Test func theResultsFragmentIsTheResultsPartOfThePage() throws {
        let first = try page("/search")
        let next = try #require(first.text.range(of: "href=\"/search?cursor=")).upperBound
        let cursor = String(first.text[next...].prefix { $0 != "\"" })
        let queries = [
            "", "state=CO", "topic=grief", "city=Denver&state=CO", "q=grief", "format=online&free=true",
            "day=someday", "q=zzqqxxnothing", "cursor=\(cursor)", "near=39.74,-104.99&radius_km=40",
        ]
        for query in queries {
            let full = try page("/search" + (query.isEmpty ? "" : "?" + query))
            let fragment = try page("/search/results" + (query.isEmpty ? "" : "?" + query))
            #expect(full.status == 200 && fragment.status == 200, "\(query)")
            #expect(fragment.headers["Content-Type"] == "text/html; charset=utf-8", "\(query)")
            #expect(fragment.headers["X-Robots-Tag"] == "noindex", "\(query)")
            let part = try #require(Self.part(full.text, from: "<section class=\"search-results\"", to: "</section>"), "\(query)")
            // A next-page cursor carries the second it was made in (the stale cut-off), so it may differ.
            #expect(Self.withoutCursors(fragment.text.trimmingCharacters(in: .whitespacesAndNewlines)) == Self.withoutCursors(part), "\(query)")
            #expect(!fragment.text.contains("<html") && !fragment.text.contains("<h1"), "\(query): a fragment, not a page")
            // The page's heading and title are the ones the fragment carries.
            let heading = try #require(Self.attribute("data-heading", in: part))
            let title = try #require(Self.attribute("data-title", in: part))
            #expect(full.text.contains("<h1 id=\"search-heading\" class=\"page__title\">\(heading)</h1>"), "\(query)")
            #expect(full.text.contains("<title>\(title)</title>"), "\(query)")
        }
        let colorado = try page("/search/results?state=CO").text
        #expect(colorado.contains("data-heading=\"Groups in Colorado\" data-title=\"Groups in Colorado — Circles\""))
        #expect(try page("/search?state=CO").text.contains("<h1 id=\"search-heading\" class=\"page__title\">Groups in Colorado</h1>"))
        // What the live search needs besides the cards: the count for the live region, paging with the filters, the empty state.
        let grief = try page("/search/results?topic=grief").text
        #expect(grief.contains("groups found.") && grief.contains("Walk and Talk: Grief in Motion"))
        #expect(grief.contains("href=\"/print?topic=grief\"") && grief.contains("href=\"/today?topic=grief\""))
        #expect(grief.contains("data-more-filters=\"1\""))
        let nothing = try page("/search/results?q=zzqqxxnothing").text
        #expect(nothing.contains("No groups match these filters.") && nothing.contains("<div id=\"results-empty\" class=\"note\">"))
        #expect(try page("/search/results?day=someday").text.contains("The day could not be used"))
        #expect(try page("/search/results").text.contains("rel=\"next\">Show more groups</a>"))
        // Unchanged results cost a reload nothing, as pages do.
        let etag = try #require(try page("/search/results?state=CO").headers["ETag"])
        #expect(try app.get("/search/results?state=CO", headers: Self.html + [("If-None-Match", etag)]).status == 304)
    }

    /// Every template in `Public/templates` is rendered by some page below, in strict mode (the only mode
    /// the stores use): a variable the context lacks would make that page fail instead of show a blank.
    @Test func everyTemplateRendersInStrictMode() throws {
        let admin = try app.key()
        _ = try makeDailyGroup(name: "Daily Strict Check-In", key: admin)
        let pages: [(path: String, status: Int, templates: [String])] = [
            ("/search?topic=grief", 200, ["layout", "search", "search-filters", "search-results", "group-card"]),
            ("/search/results?state=CO", 200, ["search-results", "group-card"]),
            ("/groups/eastside-mental-health-peer-circle", 200, ["group", "meeting-change"]),
            ("/referrals/status/" + String(repeating: "z", count: 40), 404, ["referral-status"]),
            ("/refer?group=eastside-mental-health-peer-circle", 200, ["refer", "group-card", "meeting-change"]),
            ("/refer", 200, ["refer", "what-where"]),
            ("/cities", 200, ["cities"]),
            ("/cities/co/denver", 200, ["listing"]),
            ("/topics", 200, ["topics"]),
            ("/topics/grief", 200, ["listing"]),
            ("/today?city=Denver&state=CO", 200, ["today", "today-section", "today-item", "place-question"]),
            ("/print?city=Denver&state=CO", 200, ["print", "print-entry"]),
            ("/groups/no-such-group", 404, ["not-found"]),
            ("/embed?organization=front-range-recovery", 200, ["embed", "embed-list"]),
            ("/embed/fragment?organization=front-range-recovery", 200, ["embed-fragment", "embed-list"]),
            // Rendered once at start-up, by the same strict store: the server would not have started.
            ("/admin/feedback.html", 200, ["console-layout"]),
        ]
        let folder = TestHTTP.repositoryRoot + "/Public/templates"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".html") }.map { String($0.dropLast(5)) }
        #expect(Set(files) == Set(pages.flatMap(\.templates)), "a template no test renders, or a test of a template that is gone")
        for p in pages {
            let r = try page(p.path)
            #expect(r.status == p.status, "\(p.path): \(r.status)")
        }
        #expect(TemplateStore(directory: folder).mode == .strict)
    }

    static func part(_ text: String, from start: String, to end: String) -> String? {
        guard let from = text.range(of: start), let to = text.range(of: end, range: from.upperBound..<text.endIndex) else { return nil }
        return String(text[from.lowerBound..<to.upperBound])
    }

    static func withoutCursors(_ html: String) -> String {
        html.replacingOccurrences(of: #"cursor=[A-Za-z0-9_-]+"#, with: "cursor=…", options: .regularExpression)
    }

    static func attribute(_ name: String, in html: String) -> String? {
        guard let start = html.range(of: " \(name)=\"") else { return nil }
        return String(html[start.upperBound...].prefix { $0 != "\"" })
    }

    @Test func citiesAndTopicsAreBrowsable() throws {
        let cities = try page("/cities")
        #expect(cities.status == 200)
        #expect(cities.text.contains("href=\"/cities/co/denver\""))
        #expect(cities.text.contains("Colorado"))
        let denver = try page("/cities/co/denver")
        #expect(denver.status == 200)
        #expect(denver.text.contains("Peer support groups in Denver, CO"))
        #expect(denver.text.contains("Colfax Morning Recovery Meeting"))
        let topics = try page("/topics")
        #expect(topics.text.contains("href=\"/topics/grief\""))
        let grief = try page("/topics/grief")
        #expect(grief.status == 200)
        #expect(grief.text.contains("Walk and Talk: Grief in Motion"))
    }

    // MARK: today and print

    @Test func todayAndPrintListMeetings() throws {
        let admin = try app.key()
        let (slug, _) = try makeDailyGroup(name: "Daily Denver Check-In", key: admin)
        let today = try page("/today?city=Denver&state=CO")
        #expect(today.status == 200)
        #expect(today.text.contains("Meetings today"))
        #expect(today.text.contains("class=\"meeting"))
        #expect(today.text.contains("href=\"/groups/\(slug)\""))
        #expect(try page("/today").status == 200)

        let print = try page("/print?city=Denver&state=CO")
        #expect(print.status == 200)
        #expect(print.text.contains("Peer support meetings in Denver, CO"))
        #expect(print.text.contains("<h2 id=\"day-Monday\">Monday</h2>"))
        #expect(print.text.contains("Daily Denver Check-In"))
        #expect(print.text.contains("1550 E. Colfax Avenue"))
        #expect(print.text.contains("page-print"))

        let organization = try page("/print?organization_id=1")
        #expect(organization.status == 200)
        #expect(organization.text.contains("Meetings of Eastside Peer Support Collective"))
        #expect(organization.text.contains("Eastside Mental Health Peer Circle"))
    }

    // MARK: safety

    @Test func hostileNamesAreEscapedOnEveryPage() throws {
        let admin = try app.key()
        let name = "<script>alert(1)</script>"
        let (slug, _) = try makeDailyGroup(name: name, key: admin, summary: "\"quoted\" & <b>bold</b>")
        let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
        let pages = [
            "/groups/\(slug)", "/search?q=alert", "/search?city=Denver", "/cities/co/denver", "/topics/grief",
            "/today?city=Denver&state=CO", "/print?city=Denver&state=CO",
        ]
        for path in pages {
            let r = try page(path)
            #expect(r.status == 200, "\(path)")
            #expect(!r.text.contains("<script>alert"), "\(path) lets the name through")
            #expect(!r.text.contains("<b>bold"), "\(path) lets the summary through")
            #expect(r.text.contains(escaped), "\(path) does not show the name")
        }
        // In JSON-LD the name is JSON, with < written so that it cannot close the element.
        let group = try page("/groups/\(slug)").text
        #expect(group.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"))
        #expect(try jsonLD(group).count == 1)
        // What the search box shows comes back escaped too.
        let echoed = try page("/search?q=%22%3E%3Cscript%3Ex").text
        #expect(!echoed.contains("\"><script>x"))
        #expect(try app.get("/sitemap.xml?part=groups-1").text.contains("/groups/\(slug)"))
    }

    @Test func templatesAreNotServed() throws {
        #expect(try page("/templates/group.html").status == 404)
        #expect(try page("/templates/layout.html").status == 404)
        #expect(try page("/%74emplates/group.html").status == 404)
        #expect(try page("/templates/").status == 404)
        #expect(try app.send("POST", "/templates/group.html").status == 404)
    }

    // MARK: sitemap and robots

    @Test func sitemapListsPagesAndActiveGroups() throws {
        let r = try app.get("/sitemap.xml")
        #expect(r.status == 200)
        #expect(r.headers["Content-Type"]?.hasPrefix("application/xml") == true)
        let text = try SitemapTests.parts(app).map { try app.get($0).text }.joined()
        #expect(r.text.hasPrefix("<?xml") && text.hasPrefix("<?xml"))
        #expect(text.contains("<loc>http://localhost/groups/eastside-mental-health-peer-circle</loc>"))
        #expect(text.contains("<loc>http://localhost/cities/co/denver</loc>"))
        #expect(text.contains("<loc>http://localhost/topics/grief</loc>"))
        #expect(text.contains("<loc>http://localhost/search</loc>"))
        #expect(!text.contains("lower-manhattan-storm-recovery-circle"))  // archived
        #expect(!text.contains("caregiver-coffee-mornings"))  // paused
        let robots = try app.get("/robots.txt").text
        #expect(robots.contains("Sitemap: http://localhost/sitemap.xml"))
        #expect(robots.contains("Disallow: /admin/"))
    }

    // MARK: weight

    @Test func everyPageStaysUnder50KilobytesGzipped() throws {
        let css = try app.get("/css/circles.css").body
        var assets: [String: Int] = ["/css/circles.css": try #require(Gzip.compress(css)).count]
        for path in [
            "/", "/search", "/search?topic=grief", "/groups/eastside-mental-health-peer-circle", "/cities", "/cities/co/denver",
            "/topics", "/topics/grief", "/today", "/print?organization_id=1",
        ] {
            let r = try page(path)
            #expect(r.status == 200, "\(path)")
            var total = try #require(Gzip.compress(r.body)).count + assets["/css/circles.css"]!
            for script in try scripts(in: r.text) {
                if assets[script] == nil { assets[script] = try #require(Gzip.compress(try app.get(script).body)).count }
                total += assets[script]!
            }
            #expect(total < 50 * 1024, "\(path) weighs \(total) bytes gzipped")
        }
    }

    /// The scripts a page loads: its module scripts and, one by one, every module they import.
    func scripts(in html: String) throws -> [String] {
        var found = html.components(separatedBy: "<script type=\"module\" src=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        var index = 0
        while index < found.count {
            let code = try app.get(found[index]).text
            for line in code.split(separator: "\n") where line.hasPrefix("import ") {
                guard let quote = line.lastIndex(where: { $0 == "'" || $0 == "\"" }),
                    let open = line[..<quote].lastIndex(where: { $0 == "'" || $0 == "\"" })
                else { continue }
                let module = String(line[line.index(after: open)..<quote])
                if !found.contains(module) { found.append(module) }
            }
            index += 1
        }
        return found
    }

    @Test func pagesCarryTitleDescriptionAndCrisisBanner() throws {
        for path in ["/search", "/groups/eastside-mental-health-peer-circle", "/cities", "/topics/grief", "/today", "/print?city=Denver"] {
            let text = try page(path).text
            #expect(text.contains("<title>"), "\(path)")
            #expect(text.contains("<meta name=\"description\" content=\""), "\(path)")
            #expect(text.contains("href=\"tel:988\""), "\(path)")
            #expect(!text.contains("style="), "\(path) has an inline style")
            #expect(!text.contains("<script>"), "\(path) has an inline script")
        }
    }

    @Test func unchangedPageAnswers304() throws {
        let first = try page("/topics")
        let etag = try #require(first.headers["ETag"])
        let again = try app.get("/topics", headers: Self.html + [("If-None-Match", etag)])
        #expect(again.status == 304)
    }

    // MARK: helpers

    /// An organization, a Denver place and a group meeting every day at 23:00 (so it is on today's list).
    func makeDailyGroup(name: String, key: String, summary: String = "A daily check-in.") throws -> (slug: String, id: Int) {
        let org = try app.makeOrganization("org\(UInt32.random(in: 0...UInt32.max))", key: key)
        let location = try app.send(
            "POST", "/api/v1/locations", key: key,
            json: [
                "organization_id": org, "name": "Colfax Library", "kind": "library", "address": "1550 E. Colfax Avenue", "city": "Denver",
                "state": "CO", "zip": "80218", "latitude": 39.74, "longitude": -104.97,
            ])
        #expect(location.status == 201, "\(location.text)")
        let group = try app.send(
            "POST", "/api/v1/groups", key: key,
            json: [
                "organization_id": org, "name": name, "format": "in_person", "time_zone": "America/Denver", "topics": ["grief"],
                "summary": summary, "location_id": location.jsonObject["id"] as! Int,
            ])
        #expect(group.status == 201, "\(group.text)")
        let id = group.jsonObject["id"] as! Int
        let schedule = try app.send(
            "POST", "/api/v1/groups/\(id)/schedules", key: key,
            json: [
                "frequency": "weekly", "weekdays": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
                "start_time": "23:00", "duration_minutes": 45, "time_zone": "America/Denver", "starts_on": "2024-01-01",
            ])
        #expect(schedule.status == 201, "\(schedule.text)")
        return (group.jsonObject["slug"] as! String, id)
    }
}

/// The template renderer on its own.
@Suite struct TemplateTests {
    func render(_ source: String, _ context: TemplateValue) throws -> String {
        try Template(source).render(context).rawValue
    }

    @Test func valuesAreAlwaysEscaped() throws {
        let context: TemplateValue = ["x": "<a href=\"x\">'&'</a>"]
        #expect(try render("{{x}}", context) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        // Triple braces do not unescape plain text: only HTML built by the renderer goes out raw.
        #expect(try render("{{{x}}}", context) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(try render("{{{x}}}", ["x": .html(HTML(escaping: "<b>"))]) == "&lt;b&gt;")
        #expect(try render("{{{x}}}", ["x": .html(try Template("<b>{{y}}</b>").render(["y": "<i>"]))]) == "<b>&lt;i&gt;</b>")
    }

    @Test func sectionsListsAndInvertedSections() throws {
        let context: TemplateValue = [
            "items": [["n": "a"], ["n": "b"]], "yes": true, "no": false, "empty": [], "word": "w",
            "obj": ["inner": "i"], "names": ["x", "y"],
        ]
        #expect(try render("{{#items}}[{{n}}]{{/items}}", context) == "[a][b]")
        #expect(try render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!N{{/no}}", context) == "Y!N")
        #expect(try render("{{^empty}}none{{/empty}}{{#empty}}some{{/empty}}", context) == "none")
        #expect(try render("{{#word}}<{{.}}>{{/word}}", context) == "<w>")
        #expect(try render("{{#obj}}{{inner}}/{{word}}{{/obj}}", context) == "i/w")
        #expect(try render("{{obj.inner}}{{missing}}{{obj.missing}}", context) == "i")
        #expect(try render("{{#names}}{{.}},{{/names}}", context) == "x,y,")
        #expect(try render("{{! a comment }}ok", context) == "ok")
    }

    @Test func strictModeNamesTheTemplateAndTheMissingVariable() throws {
        func failure(_ source: String, _ context: TemplateValue, partials: [String: String] = [:]) -> String? {
            do {
                _ = try Template(source, name: "page.html").render(
                    context, mode: .strict,
                    partials: { name in
                        guard let text = partials[name] else { throw TemplateError(description: "no partial \(name)") }
                        return try Template(text, name: name + ".html")
                    })
                return nil
            } catch {
                return String(describing: error)
            }
        }
        let context: TemplateValue = ["name": "x", "off": false, "items": [["n": "a"]], "obj": ["inner": "i"]]
        #expect(failure("{{naem}}", context) == "page.html: the context has no “naem”")
        #expect(failure("{{{raw}}}", context) == "page.html: the context has no “raw”")
        #expect(failure("{{#canceled}}x{{/canceled}}", context) == "page.html: the context has no “canceled”")
        #expect(failure("{{^missing}}x{{/missing}}", context) == "page.html: the context has no “missing”")
        #expect(failure("{{obj.outer}}", context) == "page.html: the context has no “obj.outer”")
        #expect(failure("{{#items}}{{m}}{{/items}}", context) == "page.html: the context has no “m”")
        #expect(failure("<p>{{> card}}</p>", context, partials: ["card": "{{nam}}"]) == "card.html: the context has no “nam”")
        // What is there renders as in lenient mode: false hides, outer names are found from inside lists.
        #expect(failure("{{name}}{{#off}}{{nothing}}{{/off}}{{^off}}!{{/off}}{{#items}}{{n}}{{name}}{{/items}}{{obj.inner}}{{.}}", context) == nil)
        #expect(try Template("{{#items}}{{n}}{{name}}{{/items}}").render(context, mode: .strict).rawValue == "ax")
        // Lenient, the engine's default outside a store, still shows nothing for a missing name.
        #expect(try Template("[{{naem}}]").render(context).rawValue == "[]")
    }

    @Test func storesAreStrictUnlessToldOtherwise() throws {
        let directory = NSTemporaryDirectory() + "templates-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "Hello {{who}}{{> tail}}".write(toFile: directory + "/page.html", atomically: true, encoding: .utf8)
        try "{{punctuation}}".write(toFile: directory + "/tail.html", atomically: true, encoding: .utf8)
        #expect(throws: TemplateError.self) { try TemplateStore(directory: directory).render("page", ["who": "you"]) }
        #expect(try TemplateStore(directory: directory).render("page", ["who": "you", "punctuation": "!"]).rawValue == "Hello you!")
        #expect(try TemplateStore(directory: directory, mode: .lenient).render("page", ["who": "you"]).rawValue == "Hello you")
    }

    @Test func controlTagsOnTheirOwnLineLeaveNoBlankLine() throws {
        let source = "<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n</ul>\n"
        #expect(try render(source, ["items": ["a", "b"]]) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
    }

    @Test func malformedTemplatesAreRefused() {
        #expect(throws: TemplateError.self) { try Template("{{#a}}never closed") }
        #expect(throws: TemplateError.self) { try Template("{{#a}}{{/b}}") }
        #expect(throws: TemplateError.self) { try Template("{{unterminated") }
        #expect(throws: TemplateError.self) { try Template("{{/a}}") }
    }

    @Test func partialsComeFromTheStoreAndChangesAreReloaded() throws {
        let directory = NSTemporaryDirectory() + "templates-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "Hello {{> name}}!".write(toFile: directory + "/page.html", atomically: true, encoding: .utf8)
        try "<b>{{who}}</b>".write(toFile: directory + "/name.html", atomically: true, encoding: .utf8)
        let store = TemplateStore(directory: directory, recheckInterval: 0)
        #expect(try store.render("page", ["who": "<you>"]).rawValue == "Hello <b>&lt;you&gt;</b>!")
        try "Bye {{> name}}.".write(toFile: directory + "/page.html", atomically: true, encoding: .utf8)
        // A different modification time makes the store read the file again.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: directory + "/page.html")
        #expect(try store.render("page", ["who": "me"]).rawValue == "Bye <b>me</b>.")
        #expect(throws: TemplateError.self) { try store.render("../etc/passwd", [:]) }
    }
}
