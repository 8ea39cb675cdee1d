import Foundation
import HTTPServer
import Store

/// `/sitemap.xml` and `/robots.txt` (the rules in `Public/robots.txt`, plus the sitemap's absolute address).
///
/// `/sitemap.xml` is a sitemap index; its parts name the pages, each in every language with its
/// `hreflang` alternates, as search engines read them: `?part=pages` (home, search, today, the lists of
/// cities and topics, each topic), `?part=cities-N` (the N-th `pagesPerPart` cities) and
/// `?part=groups-N` (the active groups whose ids are in the N-th run of `pagesPerPart`, so a group keeps
/// its part as others come and go). The protocol allows a file 50,000 addresses and 50 MB, and only
/// addresses under its own folder, so the parts are the root's `/sitemap.xml` with a query. One file of
/// every group had been about 98,000 addresses and 36.8 MB at 49,000 groups, and took 0.6 s.
struct Sitemap {
    let site: Site

    /// A part of the sitemap, by its `part` parameter.
    enum Part: Equatable {
        case pages
        case cities(Int)
        case groups(Int)

        /// `pages`, `cities-N` or `groups-N`, N written without leading zeros from 1; nil otherwise.
        init?(_ name: String) {
            if name == "pages" { self = .pages; return }
            for (prefix, make) in [("cities-", Part.cities), ("groups-", Part.groups)] where name.hasPrefix(prefix) {
                let digits = name.dropFirst(prefix.count)
                guard let first = digits.first, first != "0", digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                    let number = Int(digits)
                else { return nil }
                self = make(number)
                return
            }
            return nil
        }

        var name: String {
            switch self {
            case .pages: "pages"
            case .cities(let number): "cities-\(number)"
            case .groups(let number): "groups-\(number)"
            }
        }
    }

    /// The pages a part names, each in every language: 5,000 (10,000 addresses in English and Spanish,
    /// about 3.7 MB), and never more than the protocol's 50,000 addresses.
    var pagesPerPart: Int { min(5_000, 50_000 / max(1, site.catalogues.all.count)) }

    func sitemap(_ request: Request) throws -> Response {
        let origin = site.address(request).origin
        guard let name = request.query["part"] else { return Self.xml(try index(origin: origin)) }
        guard let part = Part(name) else {
            throw HTTPError.badRequest("part must be pages, cities-N or groups-N, with N a whole number from 1.", field: "part")
        }
        let pages = try self.pages(part)
        guard !pages.isEmpty else { throw HTTPError.notFound("This sitemap has no such part.") }
        return Self.xml(urlset(pages, origin: origin))
    }

    /// The parts that name at least one page.
    func parts() throws -> [Part] {
        let cities = try PageQueries.cities(in: site.database).count
        let cityParts = (cities + pagesPerPart - 1) / pagesPerPart
        return [.pages] + (0..<cityParts).map { .cities($0 + 1) }
            + (try site.database.activeGroupRuns(size: pagesPerPart)).map { .groups($0) }
    }

    /// A part's pages: their paths (without a language) and, for a group, the day it last changed.
    func pages(_ part: Part) throws -> [(path: String, modified: String?)] {
        switch part {
        case .pages:
            let topics = try site.database.topics().filter { $0.groupCount > 0 }.map { "/topics/\($0.slug)" }
            return (["/", "/search", "/today", "/cities", "/topics"] + topics).map { ($0, nil) }
        case .cities(let number):
            return try PageQueries.cities(in: site.database).dropFirst((number - 1) * pagesPerPart).prefix(pagesPerPart).map { ($0.path, nil) }
        case .groups(let run):
            return try site.database.activeGroups(run: run, size: pagesPerPart).map { ("/groups/\($0.slug)", $0.updatedAt.day) }
        }
    }

    func index(origin: String) throws -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for part in try parts() {
            xml += "  <sitemap><loc>\(HTML.escape(origin + "/sitemap.xml?part=" + part.name))</loc></sitemap>\n"
        }
        return xml + "</sitemapindex>\n"
    }

    func urlset(_ pages: [(path: String, modified: String?)], origin: String) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
        let catalogues = site.catalogues
        for (path, modified) in pages {
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
        return xml + "</urlset>\n"
    }

    static func xml(_ text: String) -> Response {
        var response = Response.text(text, contentType: "application/xml; charset=utf-8")
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
