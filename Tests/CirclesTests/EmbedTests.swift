import Foundation
import TestSupport
import Testing

@testable import Circles

/// The embed: the list as an HTML fragment for the widget, the frameable `/embed` page (the same template),
/// the JSON for integrators, and the widget script itself.
@Suite struct EmbedTests {
    let app: TestApp

    init() throws { app = try TestApp(demo: true) }

    /// `/embed.json` stays for integrators who draw the list themselves (docs/INTEGRATIONS.md).
    @Test func theJSONListsGroupsWithTheirNextMeetingForAnyOrigin() throws {
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
        #expect(r.text.contains("<h1 class=\"circles__title\" id=\"circles-title\">Groups of Front Range Recovery Community</h1>"))
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
        for path in ["/embed?organization=harbor", "/embed/fragment?organization=harbor"] {
            let page = try app.get(path).text
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends") && !page.contains("<script>alert"), "\(path)")
        }
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
        #expect(code.contains("attachShadow") && code.contains("origin + '/embed/fragment?") && code.contains("origin + '/css/embed.css'"))
        // The server draws the list (the fragment); the script builds none and no longer reads the JSON.
        #expect(!code.contains("/embed.json") && !code.contains(".groups") && code.contains("DOMParser"))
        #expect(code.contains("'heading=' + level"))
        #expect(code.contains("credentials: 'omit'"))
        #expect(code.contains("data-circles-fallback"))
        let css = try app.get("/css/embed.css")
        #expect(css.status == 200 && css.text.contains("all: initial") && css.text.contains("@container"))
        #expect(!css.text.contains("url(") && !css.text.contains("@import"), "the stylesheet loads nothing more")
    }

    /// `/embed/fragment`, what the widget puts in its Shadow DOM: the frame's list from the same template
    /// (`embed-list.html`), as a `<section>` with the widget's heading levels, readable from any origin.
    @Test func theFragmentIsTheFramesListForAnyOrigin() throws {
        let query = "organization=front-range-recovery&limit=3"
        let r = try app.get("/embed/fragment?\(query)", headers: [("Origin", "https://library.example.org")])
        #expect(r.status == 200)
        #expect(r.headers["Content-Type"] == "text/html; charset=utf-8" && r.headers["Content-Language"] == "en")
        #expect(r.headers["Access-Control-Allow-Origin"] == "*", "any site may read it, as /embed.json, without credentials")
        #expect(r.headers["Access-Control-Allow-Credentials"] == nil)
        #expect(r.headers["Cache-Control"] == EmbedRoutes.cacheControl)
        let html = r.text
        #expect(html.hasPrefix("<section class=\"circles\" aria-labelledby=\"circles-title\" lang=\"en\">"), "\(html.prefix(200))")
        #expect(!html.contains("<html") && !html.contains("<script") && !html.contains("style="), "a fragment, no script, no inline style")
        #expect(html.contains("<h2 class=\"circles__title\" id=\"circles-title\">Groups of Front Range Recovery Community</h2>"))
        #expect(html.contains("<p class=\"circles__crisis\"><a href=\"tel:988\">"))
        #expect(!html.contains("target=\"_blank\""), "the widget's links open in place")

        // Everything the JSON says, in its order (the soonest meeting first): count, names, links, meetings, full marks.
        let listing = try app.get("/embed.json?\(query)").jsonObject
        let groups = try #require(listing["groups"] as? [[String: Any]])
        #expect(html.contains("<p class=\"circles__count\">\(HTML.escape(listing["count"] as! String))</p>"))
        #expect(html.contains("<a href=\"\(HTML.escape(listing["more_url"] as! String))\">All groups on Circles</a>"))
        let items = html.components(separatedBy: "<li class=\"circles__group\">").dropFirst()
        #expect(items.count == groups.count && groups.count == 3)
        for (item, g) in zip(items, groups) {
            #expect(item.contains("<h3 class=\"circles__name\"><a href=\"\(HTML.escape(g["url"] as! String))\">\(HTML.escape(g["name"] as! String))</a></h3>"))
            if let next = g["next_meeting"] as? String {
                #expect(item.contains("<time datetime=\"\(g["next_meeting_at"] as! String)\">\(HTML.escape(next))</time>"))
            }
            #expect(item.contains("circles__full") == (g["full"] as? Bool == true))
            #expect(item.contains(HTML.escape(g["place"] as! String)))
        }

        // One template: the frame's list is the same, but for its heading levels and links that open a new tab.
        func list(_ page: String) -> String? { PageTests.part(page, from: "<ul class=\"circles__list\">", to: "</ul>") }
        let frame = try #require(list(try app.get("/embed?\(query)").text))
        let inPlace = frame.replacingOccurrences(of: " target=\"_blank\" rel=\"noopener\"", with: "")
            .replacingOccurrences(of: "<span class=\"circles__hidden\"> (opens in a new tab)</span>", with: "")
            .replacingOccurrences(of: "h2 class=\"circles__name\"", with: "h3 class=\"circles__name\"").replacingOccurrences(of: "</h2>", with: "</h3>")
        #expect(try list(html) == inPlace)

        // The widget's data-heading-level; a level it does not take, or an address naming nothing, is a problem document.
        let deep = try app.get("/embed/fragment?\(query)&heading=6").text
        #expect(deep.contains("<h6 class=\"circles__title\"") && deep.contains("<h6 class=\"circles__name\">"))
        #expect(try app.get("/embed/fragment?\(query)&heading=4").text.contains("<h5 class=\"circles__name\">"))
        for (bad, field) in [("heading=1", "heading"), ("heading=7", "heading"), ("heading=two", "heading"), ("limit=500", "limit")] {
            let refused = try app.get("/embed/fragment?\(bad)")
            #expect(refused.status == 400 && refused.headers["Content-Type"] == "application/problem+json", "\(bad)")
            #expect((refused.jsonObject["errors"] as? [[String: Any]])?.first?["field"] as? String == field, "\(bad)")
        }
        let missing = try app.get("/embed/fragment?organization=nobody", headers: [("Origin", "https://library.example.org")])
        #expect(missing.status == 404 && missing.headers["Access-Control-Allow-Origin"] == "*", "the widget sees the failure and keeps the host's link")
        #expect(try app.get("/embed/fragment?topic=nothing").status == 404)
    }

    /// `lang=es`: Spanish words and links to the Spanish pages; a full group says so.
    @Test func theFragmentSpeaksSpanishAndMarksFullGroups() throws {
        let group = try app.get("/api/v1/groups/by-slug/after-a-suicide-loss").jsonObject
        let organization = try #require((group["organization"] as? [String: Any])?["slug"] as? String)
        let r = try app.get("/embed/fragment?organization=\(organization)&limit=50&lang=es")
        #expect(r.status == 200 && r.headers["Content-Language"] == "es")
        let html = r.text
        #expect(html.hasPrefix("<section class=\"circles\" aria-labelledby=\"circles-title\" lang=\"es\">"))
        #expect(html.contains("Todos los grupos en Circles") && html.contains("/es/search?organization_id="))
        #expect(html.contains("/es/groups/after-a-suicide-loss\""))
        #expect(html.components(separatedBy: "/groups/").count == html.components(separatedBy: "/es/groups/").count, "every group link is Spanish")
        #expect(html.contains("<a href=\"tel:988\">") && !html.contains("In crisis?") && !html.contains("Next meeting:"))
        let item = try #require(html.components(separatedBy: "<li class=\"circles__group\">").first { $0.contains("/es/groups/after-a-suicide-loss\"") })
        #expect(item.contains("<span class=\"circles__full\">Lleno por ahora</span>"))
    }
}
