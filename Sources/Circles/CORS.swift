import HTTPServer

/// Cross-origin resource sharing (the Fetch standard's CORS protocol) as a router middleware.
///
/// Two kinds of answers, chosen by method and path:
/// - **Public reads** — a GET or HEAD that anyone may make (groups, meetings, topics, organizations,
///   locations, facilitators, schedules, feeds, calendars, `/openapi.json`, pages): any origin may
///   read them, `Access-Control-Allow-Origin: *`, never with credentials. The answer does not depend
///   on `Origin`, so it stays cacheable by shared caches.
/// - **Credentialed** — every write, and the reads that need a key or a session or carry a secret
///   (referrals, auth, keys, audit, webhooks, feedback moderation, suggested corrections, organization
///   stats, status links): only the
///   configured origins, echoed with `Access-Control-Allow-Credentials: true`; any other origin gets
///   no `Access-Control-Allow-Origin` at all, so the browser keeps the answer from its page. Never `*`.
///   These answers carry `Vary: Origin`.
///
/// A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered `204` here,
/// for any path, with the methods the router allows there, the request headers the API reads and a
/// `Max-Age`. Error answers (thrown `HTTPError`s) get the same headers, so a page can read a 404 or a 422.
public struct CORS: Sendable {
    /// The origins allowed to make credentialed requests, normalized (`https://app.example.org`).
    public let allowedOrigins: Set<String>
    /// The GET routes whose answers are credentialed, as path segments (`nil`: a parameter). They are
    /// derived from the routes' declared access (`RouteTable.privateReads`), never listed by hand, so
    /// a new private route cannot be forgotten here.
    /// Grouped by their number of segments: a path is compared only with the patterns as long as it.
    private let privateReads: [Int: [[Substring?]]]

    static let allowedHeaders = "Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, X-CSRF-Token"
    static let exposedHeaders = "ETag, Location, Link, Retry-After"
    static let publicMethods = "GET, HEAD, OPTIONS"
    static let allMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
    static let maxAge = "7200"

    /// Origins that are not valid (see `normalizedOrigin`) are ignored.
    public init(allowedOrigins: [String], privateReads: [RouteDescription]) {
        self.allowedOrigins = Set(allowedOrigins.compactMap(Self.normalizedOrigin))
        self.privateReads = Dictionary(
            grouping: privateReads.map { route in route.pattern.split(separator: "/").map { $0.hasPrefix(":") ? nil : $0 } }, by: \.count)
    }

    /// `scheme://host[:port]` in lower case without a trailing slash, or nil for anything else
    /// (a path, a query, `*`, `null`, a scheme other than http or https).
    public static func normalizedOrigin(_ text: String) -> String? {
        var origin = text.trimmingSpaces().lowercased()
        if origin.hasSuffix("/") { origin.removeLast() }
        let scheme: String
        if origin.hasPrefix("https://") { scheme = "https://" } else if origin.hasPrefix("http://") { scheme = "http://" } else { return nil }
        let authority = origin.dropFirst(scheme.count)
        guard !authority.isEmpty,
            authority.unicodeScalars.allSatisfy({
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == ":" || $0 == "[" || $0 == "]"
            }), !authority.hasPrefix(":"), !authority.hasPrefix(".")
        else { return nil }
        return origin
    }

    /// Who may read an answer from another origin.
    enum Access: Equatable {
        /// Any origin, without credentials.
        case publicRead
        /// Only the configured origins, with credentials.
        case credentialed
    }

    /// How a request with this method to this path may be shared: a GET or HEAD of a path that no
    /// private read matches is public (unknown paths too: a 404 says nothing).
    func access(method: String, path: String) -> Access {
        guard method == "GET" || method == "HEAD" else { return .credentialed }
        // Every response asks: a path without escapes is read as slices of itself (`PathSegments`).
        let segments: [Substring] =
            path.utf8.contains(UInt8(ascii: "%"))
            ? path.split(separator: "/").map { Substring(PercentDecoding.decode($0) ?? String($0)) } : Array(PathSegments(path))
        let isPrivate = (privateReads[segments.count] ?? []).contains { pattern in
            zip(pattern, segments).allSatisfy { literal, segment in literal.map { $0 == segment } ?? !segment.isEmpty }
        }
        return isPrivate ? .credentialed : .publicRead
    }

    /// The middleware; add it with `router.use(cors.middleware)`.
    public var middleware: Middleware {
        let allowed = allowedOrigins
        let cors = self
        return { request, next in
            let origin = request.headers["Origin"]
            if request.method == "OPTIONS", let origin, let wanted = request.headers["Access-Control-Request-Method"] {
                return cors.preflight(request, origin: origin, method: wanted.trimmingSpaces().uppercased(), allowed: allowed, next: next)
            }
            var response: Response
            do {
                response = try next(request)
            } catch let error as HTTPError {
                response = error.response
            }
            switch cors.access(method: request.method, path: request.path) {
            case .publicRead:
                response.headers.set("Access-Control-Allow-Origin", "*")
                response.headers.set("Access-Control-Expose-Headers", Self.exposedHeaders)
            case .credentialed:
                Self.addVary(&response)
                if let origin, Self.isAllowed(origin, allowed) {
                    response.headers.set("Access-Control-Allow-Origin", origin)
                    response.headers.set("Access-Control-Allow-Credentials", "true")
                    response.headers.set("Access-Control-Expose-Headers", Self.exposedHeaders)
                }
            }
            return response
        }
    }

    /// The answer to a preflight: 204, with CORS headers when the method is allowed there for that origin.
    func preflight(_ request: Request, origin: String, method: String, allowed: Set<String>, next: Handler) -> Response {
        var response = Response.empty(status: 204)
        response.headers.add("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
        // The router's own answer to OPTIONS names the methods of a known path in `Allow`.
        let routed = (try? next(request))?.headers["Allow"]
        if let routed { response.headers.add("Allow", routed) }
        let sharing = self.access(method: method, path: request.path)
        var methodList: [String] = (routed ?? (sharing == .publicRead ? Self.publicMethods : Self.allMethods))
            .split(separator: ",").map { String($0.trimmingSpaces()) }
        if sharing == .publicRead { methodList = methodList.filter { ["GET", "HEAD", "OPTIONS"].contains($0) } }
        let methods = methodList.joined(separator: ", ")
        guard methodList.contains(method) || (method == "HEAD" && methodList.contains("GET")) else { return response }
        switch sharing {
        case .publicRead:
            response.headers.add("Access-Control-Allow-Origin", "*")
        case .credentialed:
            guard Self.isAllowed(origin, allowed) else { return response }
            response.headers.add("Access-Control-Allow-Origin", origin)
            response.headers.add("Access-Control-Allow-Credentials", "true")
        }
        response.headers.add("Access-Control-Allow-Methods", methods)
        response.headers.add("Access-Control-Allow-Headers", Self.allowedHeaders)
        response.headers.add("Access-Control-Max-Age", Self.maxAge)
        return response
    }

    /// Whether an `Origin` header names a configured origin exactly (as browsers send it).
    static func isAllowed(_ origin: String, _ allowed: Set<String>) -> Bool {
        guard let normalized = normalizedOrigin(origin) else { return false }
        return origin == normalized && allowed.contains(normalized)
    }

    /// Adds `Origin` to the response's `Vary`, keeping what it already names.
    static func addVary(_ response: inout Response) {
        if !response.headers.hasToken("Origin", in: "Vary") { response.headers.add("Vary", "Origin") }
    }
}
