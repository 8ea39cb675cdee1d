import Foundation
import HTTPServer
import TestSupport
import Testing

@testable import Circles

/// The pages assembled once at start-up from a fragment and a layout (`StaticPages`): served at
/// their old addresses, with the layout's shared parts, and cached like files.
@Suite(.serialized) struct StaticPageTests {
    let app: TestApp
    static let html = [("Accept", "text/html")]
    static let templates = TestHTTP.repositoryRoot + "/Public/templates"

    init() throws {
        app = try TestApp(demo: true)
    }

    func page(_ path: String, _ headers: [(String, String)] = []) throws -> ClientResponse {
        try app.get(path, headers: Self.html + headers)
    }

    /// The text from `start` to the first `end` after it.
    static func part(_ text: String, from start: String, to end: String) -> String? {
        guard let a = text.range(of: start), let b = text.range(of: end, range: a.upperBound..<text.endIndex) else { return nil }
        return String(text[a.lowerBound..<b.upperBound])
    }

    static func consoleFragments() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: templates + "/console").filter { $0.hasSuffix(".html") }.sorted()
    }

    @Test func everyConsoleFragmentIsAPageUnderAdminWithTheOneNavigation() throws {
        let names = try Self.consoleFragments()
        #expect(names.count >= 12)
        let layout = try String(contentsOfFile: Self.templates + "/console-layout.html", encoding: .utf8)
        let navigation = try #require(Self.part(layout, from: "<nav class=\"console-nav\"", to: "</nav>"))
        for name in names {
            let source = try String(contentsOfFile: Self.templates + "/console/" + name, encoding: .utf8)
            let (fields, _) = try StaticPages.split(source, allowed: ["title", "nav", "scripts"], name: name)
            let r = try page("/admin/" + name)
            #expect(r.status == 200, "\(name)")
            let text = r.text
            #expect(text.hasPrefix("<!doctype html>"), "\(name)")
            #expect(text.contains("<title>\(try #require(fields["title"])) — Circles console</title>"), "\(name)")
            #expect(text.contains("<script type=\"module\" src=\"/admin/console.js\"></script>"), "\(name)")
            for script in (fields["scripts"] ?? "").split(separator: " ") {
                #expect(text.contains("<script type=\"module\" src=\"\(script)\"></script>"), "\(name)")
            }
            #expect(text.components(separatedBy: "<main id=\"main\"").count == 2, "\(name)")
            #expect(!text.contains("<script>") && !text.contains("style="), "\(name) has an inline script or style")
            if let nav = fields["nav"] {
                // console.js marks the current entry from data-nav.
                #expect(text.contains("<body data-nav=\"\(nav)\">"), "\(name)")
                #expect(text.contains(navigation), "\(name)")
                #expect(text.components(separatedBy: "<div id=\"page-content\" hidden>").count == 2, "\(name)")
            } else {
                #expect(!text.contains("console-nav") && !text.contains("page-content") && text.contains("<body>"), "\(name)")
            }
        }
        #expect(try page("/admin/").text == page("/admin/index.html").text)
    }

    @Test func publicStaticPagesShareTheServerRenderedLayout() throws {
        let search = try page("/search").text
        let crisis = try #require(Self.part(search, from: "<aside class=\"crisis\"", to: "</aside>"))
        let footer = try #require(Self.part(search, from: "<footer class=\"site-footer\">", to: "</footer>"))
        // The header of /search marks "Find a group"; a static page marks nothing.
        let header = try #require(Self.part(search, from: "<header class=\"site-header\">", to: "</header>"))
            .replacingOccurrences(of: " aria-current=\"page\"", with: "")
        let token = String(repeating: "a", count: 43)
        // The language switch keeps each page's own address.
        func sameSwitch(_ text: String) -> String {
            text.replacingOccurrences(of: #"href="/language/es\?to=[^"]*""#, with: "href=\"/language/es\"", options: .regularExpression)
        }
        let pages: [(path: String, status: Int, script: String?, says: String)] = [
            ("/", 200, "/js/search.js", "Find a support group with people who understand"),
            ("/index.html", 200, "/js/search.js", "Find a support group with people who understand"),
            ("/refer", 200, "/js/refer.js", "id=\"group-choose\""),
            ("/refer?group=no-such-group", 404, "/js/refer.js", "id=\"group-missing\""),
            ("/referrals/status/" + token, 404, "/js/status.js", "This status link doesn’t work"),
            ("/no/such/page", 404, nil, "We couldn’t find that page"),
        ]
        for p in pages {
            let r = try page(p.path)
            #expect(r.status == p.status, "\(p.path)")
            let text = sameSwitch(r.text)
            #expect(text.contains(p.says), "\(p.path)")
            #expect(text.contains(crisis) && text.contains(sameSwitch(header)) && text.contains(footer), "\(p.path) lacks the layout's parts")
            if let script = p.script { #expect(text.contains("<script type=\"module\" src=\"\(script)\"></script>"), "\(p.path)") }
            #expect(!text.contains("<script>") && !text.contains("style="), "\(p.path) has an inline script or style")
        }
        #expect(try page("/").text.contains("<link rel=\"canonical\" href=\"/\">"))
        #expect(try page("/refer").text.contains("<link rel=\"stylesheet\" href=\"/css/console.css\">"))
        #expect(try page("/refer").text.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(try !page("/").text.contains("noindex"))
    }

    @Test func assembledPagesAreCachedLikeFiles() throws {
        for path in ["/", "/admin/feedback.html"] {
            let first = try page(path)
            #expect(first.headers["Cache-Control"] == "no-cache", "\(path)")
            #expect(first.headers["Last-Modified"] != nil, "\(path)")
            let etag = try #require(first.headers["ETag"])
            #expect(try page(path, [("If-None-Match", etag)]).status == 304, "\(path)")
            let zipped = try page(path, [("Accept-Encoding", "gzip")])
            #expect(zipped.headers["Content-Encoding"] == "gzip", "\(path)")
            #expect(Gzip.decompress(zipped.body) == first.body, "\(path)")
            #expect(try page(path).headers["ETag"] == etag, "assembled once: \(path) is the same on every request")
        }
        #expect(try page("/templates/console/feedback.html").status == 404)
        #expect(try page("/templates/pages/index.html").status == 404)
    }

    @Test func aFragmentSaysOnlyWhatItsLayoutKnows() throws {
        let (fields, body) = try StaticPages.split("<!--\ntitle: Keys\n  nav: keys \n-->\n<p>x</p>\n", allowed: ["title", "nav"], name: "keys.html")
        #expect(fields == ["title": "Keys", "nav": "keys"])
        #expect(body == "<p>x</p>\n")
        #expect(throws: TemplateError.self) { try StaticPages.split("<!--\ntitel: Keys\n-->\n", allowed: ["title"], name: "keys.html") }
        #expect(throws: TemplateError.self) { try StaticPages.split("<!--\njust words\n-->\n", allowed: ["title"], name: "keys.html") }
        #expect(try StaticPages.split("<p>no comment</p>", allowed: ["title"], name: "x.html").0.isEmpty)
    }
}
