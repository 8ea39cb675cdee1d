import Foundation
import HTTPServer
import Store

/// `/sitemap.xml` (home, search, places, topics and every active group, each in every language with
/// its `hreflang` alternates, as search engines read them) and `/robots.txt`
/// (the rules in `Public/robots.txt`, plus the sitemap's absolute address).
struct Sitemap {
    let site: Site

    func sitemap(_ request: Request) throws -> Response {
        let origin = site.address(request).origin
        var paths: [(String, String?)] = [("/", nil), ("/search", nil), ("/today", nil), ("/cities", nil), ("/topics", nil)]
        paths += try PageQueries.cities(in: site.database).map { ($0.path, nil) }
        paths += try site.database.topics().filter { $0.groupCount > 0 }.map { ("/topics/\($0.slug)", nil) }
        paths += try PageQueries.activeGroups(in: site.database).map { ("/groups/\($0.slug)", $0.updatedAt.day) }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
        let catalogues = site.catalogues
        for (path, modified) in paths {
            for catalogue in catalogues.all {
                xml += "  <url><loc>\(HTML.escape(origin + catalogues.path(path, in: catalogue)))</loc>"
                if let modified { xml += "<lastmod>\(HTML.escape(modified))</lastmod>" }
                for alternate in catalogues.all {
                    xml +=
                        "<xhtml:link rel=\"alternate\" hreflang=\"\(alternate.code)\" href=\"\(HTML.escape(origin + catalogues.path(path, in: alternate)))\"/>"
                }
                xml += "</url>\n"
            }
        }
        xml += "</urlset>\n"
        var response = Response.text(xml, contentType: "application/xml; charset=utf-8")
        response.headers.add("Cache-Control", "public, max-age=3600")
        return response
    }

    func robots(_ request: Request) throws -> Response {
        let path = site.api.settings.publicDirectory + "/robots.txt"
        var text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? "User-agent: *\nAllow: /\n"
        if !text.hasSuffix("\n") { text += "\n" }
        text += "\nSitemap: \(site.address(request).origin)/sitemap.xml\n"
        var response = Response.text(text)
        response.headers.add("Cache-Control", "public, max-age=3600")
        return response
    }
}
