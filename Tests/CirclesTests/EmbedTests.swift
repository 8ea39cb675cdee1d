import Foundation
import TestSupport
import Testing

@testable import Circles

/// The embed: the JSON the widget reads, the frameable `/embed` page, and the widget script itself.
@Suite struct EmbedTests {
    let app: TestApp

    init() throws { app = try TestApp(demo: true) }

    @Test func theWidgetsJSONListsGroupsWithTheirNextMeetingForAnyOrigin() throws {
        let r = try app.get("/embed.json?organization=front-range-recovery&limit=3", headers: [("Origin", "https://library.example.org")])
        #expect(r.status == 200)
        #expect(r.headers["Access-Control-Allow-Origin"] == "*", "any site may read it, without credentials")
        #expect(r.headers["Access-Control-Allow-Credentials"] == nil)
        let body = r.jsonObject
        #expect(body["title"] as? String == "Groups of Front Range Recovery Community")
        let groups = body["groups"] as? [[String: Any]] ?? []
        #expect(groups.count == 3)
        for g in groups {
            #expect((g["url"] as? String)?.hasPrefix("http://localhost/groups/") == true || (g["url"] as? String)?.contains("/groups/") == true)
            #expect(g["next_meeting"] is String && g["next_meeting_at"] is String && g["place"] is String)
        }
        #expect((body["more_url"] as? String)?.contains("/search?organization_id=") == true)
        // The organization by id, a topic, a city.
        let id = try #require(try app.database.organization(slug: "front-range-recovery")?.id)
        #expect((try app.get("/embed.json?organization=\(id)&limit=3").jsonObject["groups"] as? [Any])?.count == 3)
        let grief = try app.get("/embed.json?topic=grief&city=Chicago").jsonObject
        #expect((grief["groups"] as? [[String: Any]])?.isEmpty == false)
        #expect(grief["title"] as? String == "Peer support groups: grief and loss in Chicago")
        #expect(try app.get("/embed.json?organization=nobody").status == 404)
        #expect(try app.get("/embed.json?topic=nothing").status == 404)
        let bad = try app.get("/embed.json?limit=500")
        #expect(bad.status == 400 && (bad.jsonObject["errors"] as? [[String: Any]])?.first?["field"] as? String == "limit")
    }

    @Test func theFramePageMayBeFramedByAnySiteAndNoOtherPageMay() throws {
        let r = try app.get("/embed?organization=front-range-recovery")
        #expect(r.status == 200)
        #expect(r.headers["Content-Type"] == "text/html; charset=utf-8")
        let policy = try #require(r.headers["Content-Security-Policy"])
        #expect(policy.contains("frame-ancestors *") && policy.contains("default-src 'self'"))
        #expect(r.headers["X-Frame-Options"] == nil)
        #expect(r.text.contains("<h1 class=\"circles__title\">Groups of Front Range Recovery Community</h1>"))
        #expect(r.text.contains("target=\"_blank\" rel=\"noopener\""))
        #expect(!r.text.contains("<script") && !r.text.contains("style="), "no script, no inline style")
        for path in ["/search", "/groups/asl-recovery-circle", "/", "/admin/", "/embed-test.html", "/embed.json"] {
            #expect(try app.get(path).headers["Content-Security-Policy"]?.contains("frame-ancestors 'none'") == true, "\(path)")
        }
        let missing = try app.get("/embed?organization=nobody")
        #expect(missing.status == 404 && missing.text.contains("There is no such organization or topic"))
        #expect(try app.get("/embed?limit=x").status == 400)
        // Text from the database is escaped.
        let admin = try app.key()
        let org = try app.makeOrganization("harbor", key: admin)
        let made = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: [
                "organization_id": org, "name": "<script>alert(1)</script> & friends",
                "format": "online", "online_url": "https://meet.example.org/x", "time_zone": "America/Denver",
            ])
        #expect(made.status == 201, "\(made.text)")
        let page = try app.get("/embed?organization=harbor").text
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends") && !page.contains("<script>alert"))
    }

    /// The script reaches only the origin it was loaded from, renders into a Shadow DOM and keeps the fallback link.
    @Test func theWidgetScriptLoadsNothingFromElsewhere() throws {
        let r = try app.get("/embed.js")
        #expect(
            r.status == 200 && r.headers["Content-Type"]?.hasPrefix("text/javascript") == true
                || r.headers["Content-Type"]?.hasPrefix("application/javascript") == true)
        let code = r.text.split(separator: "\n").filter {
            !$0.trimmingCharacters(in: .whitespaces).hasPrefix("*") && !$0.trimmingCharacters(in: .whitespaces).hasPrefix("/*")
        }.joined(separator: "\n")
        #expect(!code.contains("http://") && !code.contains("https://") && !code.contains("//cdn"), "no absolute address in the code")
        #expect(code.contains("attachShadow") && code.contains("origin + '/embed.json") && code.contains("origin + '/css/embed.css'"))
        #expect(code.contains("credentials: 'omit'"))
        #expect(code.contains("data-circles-fallback"))
        let css = try app.get("/css/embed.css")
        #expect(css.status == 200 && css.text.contains("all: initial") && css.text.contains("@container"))
        #expect(!css.text.contains("url(") && !css.text.contains("@import"), "the stylesheet loads nothing more")
    }
}
