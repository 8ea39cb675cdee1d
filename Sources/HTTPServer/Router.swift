/// A handler answers one request. It may throw an `HTTPError` to answer with a problem document.
public typealias Handler = @Sendable (Request) throws -> Response

/// Wraps every routed handler, for concerns such as CORS or authentication.
public typealias Middleware = @Sendable (Request, Handler) throws -> Response

/// Where a handler runs: on the event loop (only for work that never blocks), on the worker pool
/// (anything that may wait: database writes, the network), or on the compute pool (work that keeps a
/// core busy and does not wait, such as a search's database reads).
public enum Execution: Sendable {
    case eventLoop
    case workerPool
    /// About two threads a core (`ServerConfiguration.computeThreads`): with the worker pool's sixteen
    /// threads, sixty-four searches at once on two cores spent a fifth of their time switching threads.
    case computePool
}

/// Options of one route.
public struct RouteOptions: Sendable {
    /// The largest request body accepted; larger ones get 413 before they are read.
    public var bodyLimit: Int?
    public var execution: Execution = .workerPool
    /// Log the route pattern instead of the path, for paths that carry secrets. Every other request
    /// under the pattern's literal part (`/referrals/status/…` for `/referrals/status/:token`) is
    /// logged as that part and `/*`, whatever answers it: OPTIONS, 405, a 404 with an extra segment.
    public var logPattern = false
    /// When it says yes for a request's head, that request runs on the event loop instead: for
    /// answers the handler will take from memory (a cache hit), where handing the request to a
    /// worker thread and back would cost more than the work. It runs on the event loop: it must
    /// be quick and never block.
    public var eventLoopWhen: (@Sendable (RequestHead) -> Bool)?
    /// The answer to a plain GET or HEAD depends on nothing but the path (not on the time, the data or
    /// who asks), so the server may give it again for a second without running anything (`SameAnswers`).
    /// Only for routes that run on the event loop.
    public var sameForEveryone = false
    public init(
        bodyLimit: Int? = nil, execution: Execution = .workerPool, logPattern: Bool = false,
        eventLoopWhen: (@Sendable (RequestHead) -> Bool)? = nil, sameForEveryone: Bool = false
    ) {
        self.bodyLimit = bodyLimit
        self.execution = execution
        self.logPattern = logPattern
        self.eventLoopWhen = eventLoopWhen
        self.sameForEveryone = sameForEveryone
    }
}

/// A registered route, as the router reports it (for documentation checks and access matrices).
public struct RouteDescription: Sendable, Hashable {
    public var method: String
    public var pattern: String
    public init(method: String, pattern: String) {
        self.method = method
        self.pattern = pattern
    }
}

/// What the server needs to know about a request once its head is parsed.
public struct ResolvedRoute: Sendable {
    public var bodyLimit: Int
    public var execution: Execution
    public var logPath: String?
    /// The pattern of the matched route, for metrics; nil when no route matched.
    public var pattern: String?
    public var run: @Sendable (Request) -> Response
    /// The answer is known from the head alone (an error such as 404 or 405): when the request
    /// has a body, the server answers at once and closes instead of reading the body.
    public var answersBeforeBody = false
    /// The route's answer to a plain request may be kept and given again (`RouteOptions.sameForEveryone`).
    public var sameForEveryone = false
    public init(bodyLimit: Int, execution: Execution, logPath: String? = nil, run: @escaping @Sendable (Request) -> Response) {
        self.bodyLimit = bodyLimit
        self.execution = execution
        self.logPath = logPath
        self.run = run
    }
}

/// The server asks a responder how to treat a request before reading its body.
public protocol Responder: Sendable {
    func resolve(_ head: RequestHead) -> ResolvedRoute
}

/// Matches method and path (with `:name` parameters and a trailing `*rest`) to handlers.
public final class Router: Responder, @unchecked Sendable {
    private struct Route {
        var method: String
        var segments: [Segment]
        var pattern: String
        var options: RouteOptions
        var handler: Handler
        /// The handler inside every middleware, built when routes or middlewares are added, not per request.
        var wrappedHandler: Handler
    }

    private enum Segment: Equatable {
        case literal(String)
        case parameter(String)
        case rest(String)
    }

    private var routes: [Route] = []
    /// Route indexes by their first literal segment, and the routes that start with a parameter (or
    /// have no segment): a request is matched against those two short lists, in registration order,
    /// not against every route (the static files, which match none, paid for a scan of them all).
    private var routesByFirstSegment: [String: [Int]] = [:]
    private var routesForAnyFirstSegment: [Int] = []
    private var middlewares: [Middleware] = []
    /// The literal segments before the first parameter of each `logPattern` route: paths under them carry secrets.
    private var secretPrefixes: Set<[String]> = []
    /// Answers requests that match no route (static files, typically). Runs on the event loop when it is fast.
    public var fallback: (handler: Handler, execution: Execution)? {
        didSet { wrappedFallback = fallback.map { wrapped($0.handler) } }
    }
    private var wrappedFallback: Handler?
    /// The fallback's `200` answers are the same for everyone (see `RouteOptions.sameForEveryone`).
    public var fallbackIsSameForEveryone = false
    /// The body limit of routes that set none.
    public var defaultBodyLimit = 1 << 20
    /// Called when a handler throws something other than `HTTPError`; the client gets a generic 500.
    public var onUnexpectedError: @Sendable (Error, Request) -> Void = { _, _ in }

    public init() {}

    /// Registers a handler. Routing is set up before the server starts and not changed after.
    public func on(_ method: String, _ pattern: String, options: RouteOptions = RouteOptions(), _ handler: @escaping Handler) {
        let segments: [Segment] = pattern.split(separator: "/").map { part in
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            if part.hasPrefix("*") { return .rest(String(part.dropFirst())) }
            return .literal(String(part))
        }
        routes.append(
            Route(
                method: method, segments: segments, pattern: pattern, options: options, handler: handler,
                wrappedHandler: wrapped(handler)))
        if options.logPattern {
            var prefix: [String] = []
            for case .literal(let text) in segments.prefix(while: { if case .literal = $0 { true } else { false } }) { prefix.append(text) }
            secretPrefixes.insert(prefix)
        }
        if case .literal(let first) = segments.first {
            routesByFirstSegment[first, default: []].append(routes.count - 1)
        } else {
            routesForAnyFirstSegment.append(routes.count - 1)
        }
    }

    /// The routes that could match a path starting with `first`, in registration order.
    private func candidates(_ first: String?) -> [Int] {
        guard let first, let named = routesByFirstSegment[first] else { return routesForAnyFirstSegment }
        return routesForAnyFirstSegment.isEmpty ? named : (named + routesForAnyFirstSegment).sorted()
    }

    public func get(_ pattern: String, options: RouteOptions = RouteOptions(), _ handler: @escaping Handler) { on("GET", pattern, options: options, handler) }
    public func post(_ pattern: String, options: RouteOptions = RouteOptions(), _ handler: @escaping Handler) { on("POST", pattern, options: options, handler) }
    public func put(_ pattern: String, options: RouteOptions = RouteOptions(), _ handler: @escaping Handler) { on("PUT", pattern, options: options, handler) }
    public func patch(_ pattern: String, options: RouteOptions = RouteOptions(), _ handler: @escaping Handler) {
        on("PATCH", pattern, options: options, handler)
    }
    public func delete(_ pattern: String, options: RouteOptions = RouteOptions(), _ handler: @escaping Handler) {
        on("DELETE", pattern, options: options, handler)
    }

    /// Adds a middleware; the first added is the outermost.
    public func use(_ middleware: @escaping Middleware) {
        middlewares.append(middleware)
        for i in routes.indices { routes[i].wrappedHandler = wrapped(routes[i].handler) }
        wrappedFallback = fallback.map { wrapped($0.handler) }
    }

    /// Every route, in registration order.
    public var descriptions: [RouteDescription] {
        routes.map { RouteDescription(method: $0.method, pattern: $0.pattern) }
    }

    public func resolve(_ head: RequestHead) -> ResolvedRoute {
        var resolved = route(head)
        if resolved.logPath == nil, let redacted = redactedLogPath(head.rawPath) { resolved.logPath = redacted }
        return resolved
    }

    /// `/prefix/*` for a path under a secret prefix (see `RouteOptions.logPattern`), matched on the
    /// decoded segments and on the raw ones (a malformed escape must not reveal the rest).
    func redactedLogPath(_ rawPath: String) -> String? {
        guard !secretPrefixes.isEmpty else { return nil }
        // Every request asks: a path without escapes is compared segment by segment in place
        // (splitting it into arrays was a twentieth of the CPU time of a cached search).
        if !rawPath.utf8.contains(UInt8(ascii: "%")) {
            for prefix in secretPrefixes where Self.plainPath(rawPath, extends: prefix) {
                return "/" + (prefix + ["*"]).joined(separator: "/")
            }
            return nil
        }
        let raw = rawPath.split(separator: "/").map(String.init)
        for segments in [Self.decodedSegments(rawPath), raw].compactMap({ $0 }) {
            for prefix in secretPrefixes where segments.count > prefix.count && Array(segments.prefix(prefix.count)) == prefix {
                return "/" + (prefix + ["*"]).joined(separator: "/")
            }
        }
        return nil
    }

    /// Whether a path without percent-escapes has `prefix` as its first segments and one more
    /// (empty segments skipped, as `decodedSegments` does).
    static func plainPath(_ path: String, extends prefix: [String]) -> Bool {
        var segments = PathSegments(path).makeIterator()
        for literal in prefix {
            guard segments.next() == Substring(literal) else { return false }
        }
        return segments.next() != nil
    }

    private func route(_ head: RequestHead) -> ResolvedRoute {
        if head.rawPath == "*" {
            guard head.method == "OPTIONS" else { return fixed(HTTPError(400, detail: "The asterisk target is only for OPTIONS."), head) }
            return ResolvedRoute(bodyLimit: defaultBodyLimit, execution: .eventLoop) { _ in
                var response = Response.empty(status: 204)
                response.headers.add("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
                return response
            }
        }
        guard let segments = Self.decodedSegments(head.rawPath) else {
            return fixed(HTTPError(400, detail: "The path holds a malformed percent-escape or invalid UTF-8."), head)
        }
        var allowed: [String] = []
        let method = head.method == "HEAD" ? "GET" : head.method
        for index in candidates(segments.first) {
            let route = routes[index]
            guard let parameters = Self.match(route.segments, segments) else { continue }
            allowed.append(route.method)
            guard route.method == method else { continue }
            let handler = route.wrappedHandler
            let pattern = route.pattern
            var resolved = ResolvedRoute(
                bodyLimit: route.options.bodyLimit ?? defaultBodyLimit,
                execution: route.options.eventLoopWhen?(head) == true ? .eventLoop : route.options.execution,
                logPath: route.options.logPattern ? pattern : nil
            ) { [self] request in
                var request = request
                request.pathParameters = parameters
                request.routePattern = pattern
                return self.answer(request, handler)
            }
            resolved.pattern = pattern
            resolved.sameForEveryone = route.options.sameForEveryone && resolved.execution == .eventLoop
            return resolved
        }
        if !allowed.isEmpty {
            var methods = Set(allowed)
            if methods.contains("GET") { methods.insert("HEAD") }
            methods.insert("OPTIONS")
            let allow = methods.sorted().joined(separator: ", ")
            if head.method == "OPTIONS" {
                let handler = wrapped { _ in
                    var response = Response.empty(status: 204)
                    response.headers.add("Allow", allow)
                    return response
                }
                return ResolvedRoute(bodyLimit: defaultBodyLimit, execution: .eventLoop) { [self] in answer($0, handler) }
            }
            var error = HTTPError(405, detail: "\(head.method) is not allowed here. Allowed: \(allow).")
            error.headers.add("Allow", allow)
            return fixed(error, head)
        }
        if let fallback, let handler = wrappedFallback {
            var resolved = ResolvedRoute(bodyLimit: defaultBodyLimit, execution: fallback.execution) { [self] in answer($0, handler) }
            resolved.pattern = "(files)"
            resolved.sameForEveryone = fallbackIsSameForEveryone && fallback.execution == .eventLoop
            return resolved
        }
        return fixed(HTTPError.notFound(), head)
    }

    private func fixed(_ error: HTTPError, _ head: RequestHead) -> ResolvedRoute {
        let handler = wrapped { _ in throw error }
        var route = ResolvedRoute(bodyLimit: 0, execution: .eventLoop) { [self] in answer($0, handler) }
        route.answersBeforeBody = true
        return route
    }

    private func wrapped(_ handler: @escaping Handler) -> Handler {
        middlewares.reversed().reduce(handler) { next, middleware in
            { request in try middleware(request, next) }
        }
    }

    private func answer(_ request: Request, _ handler: Handler) -> Response {
        do {
            return try handler(request)
        } catch let error as HTTPError {
            return error.response
        } catch {
            onUnexpectedError(error, request)
            return HTTPError(500, detail: "Something went wrong on our side. Please try again later.").response
        }
    }

    private static func match(_ pattern: [Segment], _ path: [String]) -> [String: String]? {
        var parameters: [String: String] = [:]
        var i = 0
        for segment in pattern {
            switch segment {
            case .literal(let text):
                guard i < path.count, path[i] == text else { return nil }
            case .parameter(let name):
                guard i < path.count, !path[i].isEmpty else { return nil }
                parameters[name] = path[i]
            case .rest(let name):
                parameters[name] = path[i...].joined(separator: "/")
                return parameters
            }
            i += 1
        }
        return i == path.count ? parameters : nil
    }

    /// The path's segments, each percent-decoded; nil when an escape is malformed.
    static func decodedSegments(_ rawPath: String) -> [String]? {
        var result: [String] = []
        if !rawPath.utf8.contains(UInt8(ascii: "%")) {
            let utf8 = rawPath.utf8
            var start = utf8.startIndex
            var i = start
            while i != utf8.endIndex {
                if utf8[i] == UInt8(ascii: "/") {
                    if i != start { result.append(String(Substring(utf8[start..<i]))) }
                    start = utf8.index(after: i)
                }
                i = utf8.index(after: i)
            }
            if i != start { result.append(String(Substring(utf8[start..<i]))) }
            return result
        }
        for part in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = PercentDecoding.decode(part) else { return nil }
            result.append(decoded)
        }
        return result
    }
}
