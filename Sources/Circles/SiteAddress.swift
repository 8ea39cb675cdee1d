import Foundation
import HTTPServer

/// Where this server is reached, for the absolute links (webcal, sitemap, JSON-LD, HSDS, embeds)
/// and the UIDs that feeds carry.
///
/// The operator's `--public-url` when set: behind a proxy it is the only reliable answer. Without
/// it, read from the request's `Host` (checked strictly, so that a forged header cannot inject
/// text) and from `X-Forwarded-Proto` or the `secureCookies` setting for the scheme.
struct SiteAddress: Sendable {
    /// `https://circles.example.org` (with a port when the request named one).
    var origin: String
    /// `circles.example.org`: the right-hand side of UIDs.
    var host: String

    init(origin: String, host: String) {
        self.origin = origin
        self.host = host
    }

    /// The configured public URL (`https://circles.example.org/`), trailing slashes dropped.
    init(publicURL: String) {
        var origin = publicURL
        while origin.hasSuffix("/") { origin.removeLast() }
        self.init(origin: origin, host: URL(string: origin)?.host ?? "localhost")
    }

    init(_ request: Request, settings: AppConfiguration) {
        if let configured = settings.publicURL {
            self.init(publicURL: configured)
            return
        }
        let header = (request.headers["Host"] ?? "").lowercased()
        let valid =
            !header.isEmpty && header.utf8.count <= 255
            && header.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == ":" || $0 == "[" || $0 == "]"
            }
        let authority = valid ? header : "localhost"
        let forwarded = request.headers["X-Forwarded-Proto"]?.lowercased()
        let scheme = forwarded == "https" || forwarded == "http" ? forwarded! : (settings.secureCookies ? "https" : "http")
        var name = authority
        if name.hasPrefix("[") {
            name = String(name.dropFirst().prefix { $0 != "]" })
        } else if let colon = name.firstIndex(of: ":") {
            name = String(name[..<colon])
        }
        self.init(origin: scheme + "://" + authority, host: name.isEmpty ? "localhost" : name)
    }

    /// An absolute URL for a path on this site.
    func absolute(_ path: String) -> String { origin + path }

    /// The origin with another scheme (`webcal://…` for calendar subscriptions).
    func origin(scheme: String) -> String {
        guard let colon = origin.firstIndex(of: ":") else { return origin }
        return scheme + origin[colon...]
    }
}
