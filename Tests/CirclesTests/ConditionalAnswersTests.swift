import Foundation
import HTTPServer
import TestSupport
import Testing

@testable import Circles

/// Caches and pollers: every 304 carries the caching headers its 200 would have, the feeds and the
/// HSDS API honour `If-Modified-Since`, and `If-Match` on a record that does not exist is a 404.
@Suite struct ConditionalAnswersTests {
    static let app = Result { try TestApp(demo: true) }

    @Test func a304CarriesVaryCacheControlAndETagOnEveryKindOfRoute() throws {
        let app = try Self.app.get()
        let admin = try app.key()
        let group = try #require((try app.get("/api/v1/groups?limit=1").jsonObject["data"] as? [[String: Any]])?.first?["id"] as? Int)
        let paths = [
            "/api/v1/groups/\(group)", "/api/v1/organizations/1", "/api/v1/feeds/meeting-guide.json", "/api/v1/feeds/groups.atom",
            "/api/v1/meetings/calendar.ics", "/hsds/services", "/hsds/organizations", "/search", "/", "/css/circles.css",
        ]
        for path in paths {
            for key in [nil, admin] where key == nil || path.hasPrefix("/api/v1/groups") {
                for encoding in ["gzip", "identity"] {
                    let full = try app.get(path, key: key, headers: [("Accept-Encoding", encoding)])
                    #expect(full.status == 200, "\(path)")
                    let etag = try #require(full.headers["ETag"], "\(path)")
                    let again = try app.get(path, key: key, headers: [("Accept-Encoding", encoding), ("If-None-Match", etag)])
                    #expect(again.status == 304, "\(path) \(encoding)")
                    for name in ["ETag", "Cache-Control", "Vary", "Content-Location", "Last-Modified"] {
                        #expect(
                            again.headers[name] == full.headers[name],
                            "\(path) \(encoding) \(name): \(again.headers[name] ?? "-") ≠ \(full.headers[name] ?? "-")")
                    }
                }
            }
        }
    }

    @Test func feedsAndHSDSHonourIfModifiedSince() throws {
        let app = try Self.app.get()
        for path in [
            "/api/v1/feeds/meeting-guide.json", "/api/v1/feeds/groups.atom", "/api/v1/meetings/calendar.ics", "/hsds/services",
            "/hsds/services?page=2&per_page=5", "/hsds/locations",
        ] {
            let full = try app.get(path)
            let modified = try #require(full.headers["Last-Modified"], "\(path)")
            let same = try app.get(path, headers: [("If-Modified-Since", modified)])
            #expect(same.status == 304, "\(path)")
            #expect(same.headers["ETag"] == full.headers["ETag"] && same.headers["Cache-Control"] == full.headers["Cache-Control"])
            let earlier = HTTPDate.format(try #require(HTTPDate.parse(modified)) - 1)
            #expect(try app.get(path, headers: [("If-Modified-Since", earlier)]).status == 200, "\(path)")
        }
    }

    @Test func aFeedThatLostAGroupIsModifiedAlthoughNoRowIsNewer() throws {
        let app = try TestApp(demo: true)
        let admin = try app.key()
        let path = "/api/v1/feeds/meeting-guide.json"
        let before = try app.get(path)
        let modified = try #require(before.headers["Last-Modified"])
        // A group the feed lists: its page address ends in its slug.
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(before.body)) as? [[String: Any]])
        let slug = try #require((entries.first?["url"] as? String)?.split(separator: "/").last)
        let id = try #require(try app.get("/api/v1/groups/by-slug/\(slug)").jsonObject["id"] as? Int)
        Thread.sleep(forTimeInterval: 1.1)  // Last-Modified has whole seconds.
        #expect(try app.change("DELETE", "/api/v1/groups/\(id)", key: admin).status == 204)
        #expect(try app.get(path, headers: [("If-Modified-Since", modified)]).status == 200, "the feed changed: no 304")
    }

    @Test func ifMatchOnARecordThatDoesNotExistIsA404() throws {
        let app = try Self.app.get()
        let admin = try app.key()
        for tag in ["\"v1\"", "\"v99\"", "\"not-ours\"", "W/\"v1\""] {
            for (method, path) in [
                ("PATCH", "/api/v1/groups/999999"), ("DELETE", "/api/v1/groups/999999"), ("PATCH", "/api/v1/locations/999999"),
                ("DELETE", "/api/v1/organizations/999999"), ("PATCH", "/api/v1/schedules/999999"), ("DELETE", "/api/v1/facilitators/999999"),
            ] {
                let r = try app.send(method, path, key: admin, json: method == "PATCH" ? ["name": "X"] : nil, headers: [("If-Match", tag)])
                #expect(r.status == 404, "\(method) \(path) If-Match \(tag): \(r.status)")
            }
        }
        // On a record that exists, a tag that names none of its versions is still a 412.
        let r = try app.send("PATCH", "/api/v1/organizations/1", key: admin, json: ["name": "X"], headers: [("If-Match", "\"not-ours\"")])
        #expect(r.status == 412)
    }

    /// RFC 9110 §13.1.1: `If-Match` may list several tags; the change is made when one of them is the
    /// record's current tag (strongly: a weak tag never matches), on PATCH and DELETE alike.
    @Test func ifMatchWithAListChangesWhenOneTagIsCurrent() throws {
        let app = try TestApp(demo: true)
        let admin = try app.key()
        let path = "/api/v1/organizations/1"
        let etag = try #require(try app.get(path).headers["ETag"])
        let stale = "\"v999\""
        let refused = try app.send("PATCH", path, key: admin, json: ["description": "x"], headers: [("If-Match", "\(stale), W/\(etag)")])
        #expect(refused.status == 412)
        let changed = try app.send(
            "PATCH", path, key: admin, json: ["description": "Peer support, listed."], headers: [("If-Match", "\(stale), \(etag)")])
        #expect(changed.status == 200)
        #expect(try app.send("PATCH", path, key: admin, json: ["description": "y"], headers: [("If-Match", "\"v1\" \"v2\"")]).status == 412)
        let location = try #require((try app.get("/api/v1/locations?limit=1").jsonObject["data"] as? [[String: Any]])?.first?["id"] as? Int)
        let locationTag = try #require(try app.get("/api/v1/locations/\(location)").headers["ETag"])
        #expect(try app.send("DELETE", "/api/v1/locations/\(location)", key: admin, headers: [("If-Match", "\(stale)")]).status == 412)
        let deleted = try app.send("DELETE", "/api/v1/locations/\(location)", key: admin, headers: [("If-Match", "\"v0\", \(locationTag)")])
        #expect([204, 409].contains(deleted.status), "\(deleted.status)")
    }
}
