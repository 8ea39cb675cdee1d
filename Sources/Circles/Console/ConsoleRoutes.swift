import Foundation
import HTTPServer
import Store

/// The referral pages that live at addresses of their own (`/refer`, `/referrals/status/<token>`),
/// and the one lookup the refer page needs: a group by its slug.
///
/// The coordinators' console itself is static files under `/admin/`, served by the fallback.
struct ConsoleRoutes: RouteCollection {
    let api: API
    let files: StaticFiles

    init(_ context: RouteContext) {
        api = context.api
        files = context.files
    }

    static let routes: [Route<Self>] = [
        .get("/api/v1/groups/by-slug/:slug", .identified, Self.groupBySlug),
        .get("/refer", .anyone, Self.referralForm, execution: .eventLoop),
        // The token is a secret: the access log records the route pattern, never the path.
        .get("/referrals/status/:token", .anyone, Self.statusPage, execution: .eventLoop, logPattern: true),
    ]

    /// The same answer as GET /api/v1/groups/:id, for pages that only know the slug from their URL.
    func groupBySlug(_ request: Request, _ caller: Principal) throws -> Response {
        let slug = request.parameter("slug")
        guard FieldRules.slug(slug) == nil, let id = try api.database.groupId(slug: slug),
              let details = try api.database.groupDetails(id: id) else {
            throw HTTPError.notFound("No group with that slug.")
        }
        return try API.json(GroupView(details, principal: caller, now: Date(), freshness: api.freshness), version: details.group.version, request: request)
    }

    func referralForm(_ request: Request, _ caller: Principal) throws -> Response {
        try Self.page("refer.html", for: request, files: files)
    }

    func statusPage(_ request: Request, _ caller: Principal) throws -> Response {
        var response = try Self.page("referrals/status.html", for: request, files: files)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// A static page served under another address, with the file's validators and gzip.
    static func page(_ relativePath: String, for request: Request, files: StaticFiles) throws -> Response {
        let head = RequestHead(method: request.method, target: "/" + relativePath, minorVersion: request.head.minorVersion, headers: request.headers)
        guard let response = files.response(for: Request(head: head, remoteAddress: request.remoteAddress)) else {
            throw HTTPError.notFound("Nothing is found at this address.")
        }
        return response
    }
}
