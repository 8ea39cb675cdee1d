import HTTPServer

/// Every area of the application in the order its routes are matched, and the one place where a
/// route's declared `Access` is enforced before its handler runs.
public enum RouteTable {
    /// The areas, in matching order. A new area is added here and nowhere else.
    static var areas: [any RouteCollection.Type] {
        [
            HealthRoutes.self, LanguageRoutes.self, ReferralPageRoutes.self, TopicRoutes.self, SiteRoutes.self, GroupFormRoutes.self,
            MetricsRoutes.self,
            OrganizationRoutes.self, LocationRoutes.self, FacilitatorRoutes.self, GroupRoutes.self, ScheduleRoutes.self,
            MeetingRoutes.self, ListingRoutes.self, ChangeRequestRoutes.self,
            CalendarRoutes.self, MeetingGuideRoutes.self, AtomRoutes.self,
            ReferralRoutes.self, AccessRoutes.self, AccountRoutes.self, WebhookRoutes.self, FeedbackRoutes.self,
            HSDSRoutes.self, CSVImportRoutes.self, EmbedRoutes.self, MailRoutes.self,
        ]
    }

    /// Every route without its handler, for `circles routes` and the access-matrix test.
    static var summaries: [RouteSummary] {
        areas.flatMap { summaries(of: $0) }
    }

    private static func summaries<Area: RouteCollection>(of area: Area.Type) -> [RouteSummary] {
        area.routes.map(\.summary)
    }

    /// Builds every area from `context` and registers its routes on `router`.
    static func install(on router: Router, context: RouteContext) {
        for area in areas { install(area, on: router, context: context) }
    }

    private static func install<Area: RouteCollection>(_ area: Area.Type, on router: Router, context: RouteContext) {
        let collection = Area(context)
        let api = context.api
        for route in Area.routes {
            let handler = route.handler(collection)
            let access = route.access
            let options = RouteOptions(
                bodyLimit: route.bodyLimit, execution: route.execution, logPattern: route.logPattern,
                eventLoopWhen: route.eventLoopWhen?(collection), sameForEveryone: route.sameForEveryone)
            // A route on the event loop never asks who is calling: finding a session reads the database.
            precondition(route.execution != .eventLoop || !access.identifiesCaller, "\(route.path): event-loop routes are public")
            precondition(
                !route.sameForEveryone || (route.execution == .eventLoop && access == .anyone),
                "\(route.path): only a public event-loop route is the same for everyone")
            for path in route.summary.paths(languages: api.catalogues.prefixed.map(\.code)) {
                router.on(route.method, path, options: options) { request in
                    let principal = access.identifiesCaller ? try caller(of: request, access: access, api: api) : Principal.anonymous
                    try access.admit(principal, request)
                    var response = try handler(request, principal)
                    if access.identifiesCaller { keepPrivate(&response, signedIn: principal.role != .anonymous) }
                    return response
                }
            }
        }
    }

    /// The answer of a route that identifies its caller depends on who asks: shared caches must key it
    /// by the credentials (`Vary`), and never keep one made for a signed-in caller (`private`).
    static func keepPrivate(_ response: inout Response, signedIn: Bool) {
        for header in ["Authorization", "Cookie"] where !response.headers.hasToken(header, in: "Vary") {
            response.headers.add("Vary", header)
        }
        guard signedIn else { return }
        let cache = response.headers["Cache-Control"]
        if let cache, cache.contains("no-store") || cache.contains("private") { return }
        response.headers.set("Cache-Control", cache.map { "private, " + $0 } ?? "private")
    }

    /// The GET routes whose answers must not be shared across origins: those only some callers may
    /// read, and those whose path carries a secret, at each language's address. `CORS` treats them as credentialed.
    static func privateReads(languages: [String]) -> [RouteDescription] {
        summaries.filter { $0.method == "GET" && ($0.logPattern || !$0.access.answersEveryone) }
            .flatMap { route in route.paths(languages: languages).map { RouteDescription(method: route.method, pattern: $0) } }
    }

    /// Who is calling. A request presenting the operator's metrics token to a route that accepts
    /// it counts as an administrator for that route alone (the token is not an API key).
    private static func caller(of request: Request, access: Access, api: API) throws -> Principal {
        if access == .adminOrMetricsToken, MetricsToken.isPresented(in: request, token: api.settings.metricsToken) {
            return Principal(role: .admin, organizationId: nil, subject: "metrics-token")
        }
        return try api.principal(request)
    }
}

extension RouteTable {
    /// Every route as a table for people (`circles routes`): method, path, who may call it, body limit,
    /// and the area whose table names its handler.
    public static func listing(defaultBodyLimit: Int = Router().defaultBodyLimit) -> String {
        let rows = summaries.map { route in
            [
                route.method, route.path + (route.localized ? " (and /{lang}" + (route.path == "/" ? "/" : route.path) + ")" : ""),
                route.access.rawValue + (route.execution == .eventLoop ? " (event loop)" : ""),
                route.method == "GET" ? "-" : byteCount(route.bodyLimit ?? defaultBodyLimit), route.area,
            ]
        }
        let header = ["METHOD", "PATH", "ACCESS", "BODY LIMIT", "AREA"]
        let widths = (0..<header.count).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    private static func byteCount(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : bytes % 1024 == 0 ? "\(bytes >> 10) KiB" : "\(bytes) B"
    }
}
