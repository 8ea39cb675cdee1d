import Foundation
import HTTPServer
import TestSupport
import Testing

/// A public folder with a secret beside it, served by `StaticFiles` as the router's fallback.
final class StaticSite: @unchecked Sendable {
    let base: String
    let root: String
    let running: RunningServer
    static let secret = "TOP-SECRET-CONTENT"
    let css = "body { color: #333; }\n"
    let json: [UInt8] = jsonBytes(8000)

    init() throws {
        base = TestHTTP.temporaryDirectory()
        root = base + "/public"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: base + "/outside", withIntermediateDirectories: true)
        try "<h1>home</h1>".write(toFile: root + "/index.html", atomically: true, encoding: .utf8)
        try "<h1>sub</h1>".write(toFile: root + "/sub/index.html", atomically: true, encoding: .utf8)
        try css.write(toFile: root + "/style.css", atomically: true, encoding: .utf8)
        try Data(json).write(to: URL(fileURLWithPath: root + "/data.json"))
        try Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]).write(to: URL(fileURLWithPath: root + "/image.png"))
        try "hidden".write(toFile: root + "/.env", atomically: true, encoding: .utf8)
        try "a file with a percent".write(toFile: root + "/100%.txt", atomically: true, encoding: .utf8)
        try Self.secret.write(toFile: base + "/secret", atomically: true, encoding: .utf8)
        try Self.secret.write(toFile: base + "/outside/secret", atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: root + "/link", withDestinationPath: base + "/secret")
        try fm.createSymbolicLink(atPath: root + "/linkdir", withDestinationPath: base + "/outside")
        try fm.createSymbolicLink(atPath: root + "/relative-link", withDestinationPath: "../secret")
        try fm.createSymbolicLink(atPath: root + "/inside-link.css", withDestinationPath: root + "/style.css")

        let files = StaticFiles(root: root)
        let router = Router()
        router.get("/api/ping", options: RouteOptions(execution: .eventLoop)) { _ in .text("pong") }
        router.fallback = (
            handler: { request in
                if let response = files.response(for: request) { return response }
                throw HTTPError.notFound()
            }, execution: .eventLoop
        )
        running = try RunningServer(router: router)
    }

    deinit {
        running.stop()
        try? FileManager.default.removeItem(atPath: base)
    }

    func get(_ target: String, _ headers: [(String, String)] = []) throws -> ClientResponse {
        try TestHTTP.get(running.port, target, headers: headers)
    }
}

@Suite struct StaticFileTests {
    @Test func servesFilesWithTypesAndValidators() throws {
        let site = try StaticSite()
        let css = try site.get("/style.css")
        #expect(css.status == 200)
        #expect(css.text == site.css)
        #expect(css.headers["Content-Type"] == "text/css; charset=utf-8")
        #expect(css.headers["Cache-Control"] == "public, max-age=3600")
        #expect(css.headers["Vary"] == "Accept-Encoding")
        let etag = try #require(css.headers["ETag"])
        #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && etag.count > 2)
        let lastModified = try #require(css.headers["Last-Modified"])
        #expect(HTTPDate.parse(lastModified) != nil)

        let html = try site.get("/")
        #expect(html.status == 200)
        #expect(html.text == "<h1>home</h1>")
        #expect(html.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(html.headers["Cache-Control"] == "no-cache")

        let png = try site.get("/image.png")
        #expect(png.headers["Content-Type"] == "image/png")
        #expect(png.body == [0x89, 0x50, 0x4E, 0x47, 1, 2, 3])
        #expect(png.headers["Vary"] == nil)

        let percent = try site.get("/100%25.txt")
        #expect(percent.status == 200)
        #expect(percent.headers["Content-Type"] == "text/plain; charset=utf-8")

        let inside = try site.get("/inside-link.css")
        #expect(inside.status == 200, "a link that stays inside the folder is fine")
        #expect(inside.text == site.css)
    }

    @Test func answers304ToValidators() throws {
        let site = try StaticSite()
        let first = try site.get("/style.css")
        let etag = try #require(first.headers["ETag"])
        let lastModified = try #require(first.headers["Last-Modified"])

        let byTag = try site.get("/style.css", [("If-None-Match", etag)])
        #expect(byTag.status == 304)
        #expect(byTag.body.isEmpty)
        #expect(byTag.headers["ETag"] == etag)
        #expect(byTag.headers["Content-Length"] == nil)

        let byWeakTagInList = try site.get("/style.css", [("If-None-Match", "\"other\", W/\(etag)")])
        #expect(byWeakTagInList.status == 304)

        let otherTag = try site.get("/style.css", [("If-None-Match", "\"other\"")])
        #expect(otherTag.status == 200)

        let byDate = try site.get("/style.css", [("If-Modified-Since", lastModified)])
        #expect(byDate.status == 304)

        let older = HTTPDate.format(HTTPDate.parse(lastModified)! - 3600)
        let byOlderDate = try site.get("/style.css", [("If-Modified-Since", older)])
        #expect(byOlderDate.status == 200)
        #expect(byOlderDate.text == site.css)

        // If-None-Match wins over If-Modified-Since.
        let both = try site.get("/style.css", [("If-None-Match", "\"other\""), ("If-Modified-Since", lastModified)])
        #expect(both.status == 200)
    }

    @Test func malformedValidatorsAreIgnoredNotFatal() throws {
        let site = try StaticSite()
        let values = [
            "Sun, 06 Nov 99999999999999 08:49:37 GMT", "Sun, 99999999999999 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 99999999999999:49:37 GMT", "Sun, 06 Nov 1994 08:49 GMT", "Sun, 06 Nov 1994 -1:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT", "yesterday", "", ",,,", "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov +994 08:49:37 GMT",
        ]
        for value in values {
            let response = try site.get("/style.css", [("If-Modified-Since", value)])
            #expect(response.status == 200, "If-Modified-Since: \(value)")
        }
        for value in ["", "*", ",", "W/", "\"", "W/\"\"", String(repeating: ",", count: 3000)] {
            let response = try site.get("/style.css", [("If-None-Match", value)])
            #expect(response.status == (value == "*" ? 304 : 200), "If-None-Match: \(value)")
        }
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777)
        #expect(HTTPDate.parse(HTTPDate.format(1_700_000_000)) == 1_700_000_000)
    }

    @Test func headOfAFileHasTheLengthAndNoBody() throws {
        let site = try StaticSite()
        let client = try RawClient(port: site.running.port)
        let head = try client.request("HEAD", "/style.css")
        #expect(head.status == 200)
        #expect(head.headers["Content-Length"] == String(site.css.utf8.count))
        #expect(try client.request("GET", "/style.css").text == site.css)
    }

    @Test func foldersServeTheirIndexAndRedirectWithoutASlash() throws {
        let site = try StaticSite()
        let redirect = try site.get("/sub")
        #expect(redirect.status == 301)
        #expect(redirect.headers["Location"] == "/sub/")
        let withQuery = try site.get("/sub?a=1")
        #expect(withQuery.headers["Location"] == "/sub/?a=1")
        let index = try site.get("/sub/")
        #expect(index.status == 200)
        #expect(index.text == "<h1>sub</h1>")
        #expect(index.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(try site.get("/empty/").status == 404)
        #expect(try site.get("/missing.css").status == 404)
        #expect(try site.get("/sub/missing").status == 404)
        #expect(try site.get("/style.css/").status == 404)
    }

    @Test func compressibleFilesHaveAGzipVariant() throws {
        let site = try StaticSite()
        let plain = try site.get("/data.json")
        #expect(plain.headers["Content-Encoding"] == nil)
        #expect(plain.body == site.json)
        let zipped = try site.get("/data.json", [("Accept-Encoding", "br, gzip;q=0.8")])
        #expect(zipped.status == 200)
        #expect(zipped.headers["Content-Encoding"] == "gzip")
        #expect(zipped.headers["Vary"] == "Accept-Encoding")
        #expect(zipped.body.count < site.json.count)
        #expect(Gzip.decompress(zipped.body) == site.json)
        #expect(zipped.headers["ETag"] != plain.headers["ETag"], "the two representations need distinct tags")
        let refused = try site.get("/data.json", [("Accept-Encoding", "gzip;q=0")])
        #expect(refused.headers["Content-Encoding"] == nil)
        // A conditional request with the gzip variant's tag is answered 304.
        let again = try site.get("/data.json", [("Accept-Encoding", "gzip"), ("If-None-Match", zipped.headers["ETag"]!)])
        #expect(again.status == 304)
        // Images are not compressed.
        #expect(try site.get("/image.png", [("Accept-Encoding", "gzip")]).headers["Content-Encoding"] == nil)
    }

    static let escapes = [
        "/../secret",
        "/%2e%2e/secret",
        "/%2E%2E/secret",
        "/%252e%252e/secret",
        "/..%2fsecret",
        "/..%2Fsecret",
        "/..%5csecret",
        "/..%5Csecret",
        "/.%2e/secret",
        "/%2e./secret",
        "/..\\secret",
        "/sub/..\\..\\secret",
        "/sub/../../secret",
        "/sub/%2e%2e/%2e%2e/secret",
        "/./../secret",
        "//../secret",
        "/secret%00.css",
        "/style.css%00",
        "/%00",
        "/link",
        "/linkdir/secret",
        "/relative-link",
        "/.env",
        "/%2eenv",
        "/sub/.%2e/.%2e/secret",
        "/%c0%ae%c0%ae/secret",
        "/..%c0%afsecret",
        "/..%255csecret",
        "/%2e%2e%2fsecret",
        "http://localhost/../secret",
    ]

    @Test func nothingOutsideTheFolderIsEverServed() throws {
        let site = try StaticSite()
        for target in Self.escapes {
            let client = try RawClient(port: site.running.port)
            try client.send("GET \(target) HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 404 || response.status == 400, "\(target) answered \(response.status)")
            #expect(!response.text.contains(StaticSite.secret), "\(target) leaked the secret")
            #expect(!response.text.contains("hidden"), "\(target) leaked a dotfile")
        }
        // The folder is still served after all that.
        #expect(try site.get("/style.css").status == 200)
    }

    @Test func changedFilesAreServedFresh() throws {
        let site = try StaticSite()
        let first = try site.get("/style.css")
        Thread.sleep(forTimeInterval: 1.1)
        try "body { color: red; }\n".write(toFile: site.root + "/style.css", atomically: true, encoding: .utf8)
        // The cache checks the file again at most a second later.
        #expect(eventually(timeout: 3) { (try? site.get("/style.css"))?.text == "body { color: red; }\n" })
        #expect(try site.get("/style.css").headers["ETag"] != first.headers["ETag"])
    }

    @Test func largeFilesAreServedButNeitherCachedNorCompressed() throws {
        let base = TestHTTP.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let big = jsonBytes(50_000)
        try Data(big).write(to: URL(fileURLWithPath: base + "/big.json"))
        let files = StaticFiles(root: base, maxCachedBytes: 10_000)
        let router = Router()
        router.fallback = (handler: { files.response(for: $0) ?? Response(status: 404) }, execution: .eventLoop)
        let running = try RunningServer(router: router)
        defer { running.stop() }
        let plain = try TestHTTP.get(running.port, "/big.json", headers: [("Accept-Encoding", "gzip")])
        #expect(plain.status == 200)
        // The server's generic gzip still applies to a compressible body; what matters is the bytes.
        let body = plain.headers["Content-Encoding"] == "gzip" ? Gzip.decompress(plain.body) : plain.body
        #expect(body == big)
        let etag = try #require(plain.headers["ETag"])
        #expect(try TestHTTP.get(running.port, "/big.json", headers: [("If-None-Match", etag)]).status == 304)
    }

    @Test func routesStillWinOverFiles() throws {
        let site = try StaticSite()
        #expect(try site.get("/api/ping").text == "pong")
        let post = try TestHTTP.send(site.running.port, "POST", "/style.css", body: Array("x".utf8))
        #expect(post.status == 404)
        #expect(!post.text.contains("color"))
    }

    @Test func aPageMadeInMemoryIsServedLikeAFileInPlaceOfTheFile() throws {
        let root = TestHTTP.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/admin", withIntermediateDirectories: true)
        try "<p>the old file</p>".write(toFile: root + "/admin/index.html", atomically: true, encoding: .utf8)
        let files = StaticFiles(root: root, revalidateSeconds: 0)
        let page = Array(String(repeating: "<p>assembled at start-up</p>\n", count: 40).utf8)
        files.serve(page, at: "/admin/index.html", lastModified: 1_700_000_000)
        func get(_ path: String, _ headers: [(String, String)] = []) throws -> Response {
            try #require(files.response(for: Request(head: RequestHead(method: "GET", target: path, headers: HTTPHeaders(headers)))))
        }

        for path in ["/admin/index.html", "/admin/"] {
            let plain = try get(path)
            #expect(plain.status == 200 && plain.body == page, "\(path)")
            #expect(plain.headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(plain.headers["Cache-Control"] == "no-cache")
            #expect(plain.headers["Last-Modified"] == HTTPDate.format(1_700_000_000))
            let etag = try #require(plain.headers["ETag"])
            #expect(try get(path, [("If-None-Match", etag)]).status == 304)
            #expect(try get(path, [("If-Modified-Since", HTTPDate.format(1_700_000_000))]).status == 304)
            let zipped = try get(path, [("Accept-Encoding", "gzip")])
            #expect(zipped.headers["Content-Encoding"] == "gzip" && Gzip.decompress(zipped.body) == page)
            #expect(try get(path, [("Accept-Encoding", "gzip"), ("If-None-Match", try #require(zipped.headers["ETag"]))]).status == 304)
        }
        #expect(try get("/admin").status == 301, "the folder on disk still redirects to its address with a slash")
        #expect(files.contents(of: "admin/index.html") == page)
        #expect(try String(contentsOfFile: root + "/admin/index.html", encoding: .utf8) == "<p>the old file</p>", "nothing is written")
    }
}
