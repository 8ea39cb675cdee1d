import HTTPServer

/// An area of the application (groups, referrals, feeds…): its route table and the handlers the
/// table names. Built once at start-up from the application's shared services.
protocol RouteCollection: Sendable {
    init(_ context: RouteContext)
    /// The area's routes, in the order they are matched.
    static var routes: [Route<Self>] { get }
}

/// What route collections are built from.
struct RouteContext: Sendable {
    let api: API
    let files: StaticFiles
    let metrics: ServerMetrics
}
