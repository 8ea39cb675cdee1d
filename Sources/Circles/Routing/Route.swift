import HTTPServer

/// One route of an area: method, literal path, who may call it, and the named handler method of
/// the area's collection that answers it. Tables of these are the one place routes are declared.
struct Route<Area: RouteCollection>: Sendable {
    typealias Handler = @Sendable (Area) -> @Sendable (Request, Principal) throws -> Response

    let method: String
    let path: String
    let access: Access
    /// The largest body accepted (nil: the router's default, 1 MiB); larger ones get 413 unread.
    var bodyLimit: Int?
    var execution: Execution = .workerPool
    /// Log the pattern instead of the path (the path carries a secret).
    var logPattern = false
    /// When it says yes for a request's head, the request runs on the event loop (a cache hit).
    var eventLoopWhen: (@Sendable (Area) -> @Sendable (RequestHead) -> Bool)?
    /// The answer depends on the path alone and may be given again without running (`RouteOptions.sameForEveryone`).
    var sameForEveryone = false
    /// A public page, also served in every other language under its code (`/es/search`); the
    /// handler reads the language from the address (`Catalogues.for`).
    var localized = false
    let handler: Handler

    static func get(
        _ path: String, _ access: Access, _ handler: @escaping Handler, execution: Execution = .workerPool,
        logPattern: Bool = false, eventLoopWhen: (@Sendable (Area) -> @Sendable (RequestHead) -> Bool)? = nil,
        sameForEveryone: Bool = false
    ) -> Route {
        Route(
            method: "GET", path: path, access: access, bodyLimit: nil, execution: execution, logPattern: logPattern,
            eventLoopWhen: eventLoopWhen, sameForEveryone: sameForEveryone, handler: handler)
    }

    /// A public page in every language: `path` for English, `/<code>` + `path` for each other catalogue.
    static func page(_ path: String, _ handler: @escaping Handler, execution: Execution = .workerPool, logPattern: Bool = false) -> Route {
        Route(
            method: "GET", path: path, access: .anyone, bodyLimit: nil, execution: execution, logPattern: logPattern,
            eventLoopWhen: nil, localized: true, handler: handler)
    }

    /// A public page's form, posted from every language's page (`/es/groups/x/feedback`); its answer
    /// (a redirect or the page again) stays in the language of the address.
    static func pageForm(_ path: String, _ handler: @escaping Handler, bodyLimit: Int, logPattern: Bool = false) -> Route {
        Route(method: "POST", path: path, access: .anyone, bodyLimit: bodyLimit, logPattern: logPattern, localized: true, handler: handler)
    }

    static func post(_ path: String, _ access: Access, _ handler: @escaping Handler, bodyLimit: Int? = nil, logPattern: Bool = false) -> Route {
        Route(method: "POST", path: path, access: access, bodyLimit: bodyLimit, logPattern: logPattern, handler: handler)
    }

    static func patch(_ path: String, _ access: Access, _ handler: @escaping Handler, bodyLimit: Int? = nil) -> Route {
        Route(method: "PATCH", path: path, access: access, bodyLimit: bodyLimit, handler: handler)
    }

    static func delete(_ path: String, _ access: Access, _ handler: @escaping Handler) -> Route {
        Route(method: "DELETE", path: path, access: access, handler: handler)
    }

    /// What `circles routes` and the access-matrix test read.
    var summary: RouteSummary {
        RouteSummary(
            method: method, path: path, access: access, bodyLimit: bodyLimit, execution: execution, logPattern: logPattern,
            area: String(describing: Area.self), localized: localized)
    }
}

/// A route without its handler: what it is, who may call it, how much it reads.
struct RouteSummary: Sendable, Hashable {
    var method: String
    var path: String
    var access: Access
    var bodyLimit: Int?
    var execution: Execution
    /// The path carries a secret (a status token).
    var logPattern = false
    /// The area's type, which is also its file's name: where the handler is.
    var area: String
    /// Also served under each other language's code (`/es` + path).
    var localized = false

    /// The addresses the route answers at, given the codes of the prefixed languages.
    func paths(languages: [String]) -> [String] {
        guard localized else { return [path] }
        return [path] + languages.flatMap { code in path == "/" ? ["/" + code, "/" + code + "/"] : ["/" + code + path] }
    }
}
