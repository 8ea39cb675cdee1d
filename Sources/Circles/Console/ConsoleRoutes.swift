import Foundation
import HTTPServer
import Store

/// The referral pages that live at addresses of their own (`/refer`, `/referrals/status/<token>`),
/// and the one lookup the refer page needs: a group by its slug.
///
/// The coordinators' console itself is static files under `/admin/`, served by the fallback.
struct ConsoleRoutes {
    let api: API
    let files: StaticFiles

    func register(on router: Router) {
        let api = self.api
        let files = self.files

        // The same answer as GET /api/v1/groups/:id, for pages that only know the slug from their URL.
        router.get("/api/v1/groups/by-slug/:slug") { request in
            let slug = request.parameter("slug")
            guard FieldRules.slug(slug) == nil, let id = try api.database.groupId(slug: slug),
                  let details = try api.database.groupDetails(id: id) else {
                throw HTTPError.notFound("No group with that slug.")
            }
            let principal = try api.principal(request)
            return try API.json(GroupView(details, principal: principal, now: Date(), freshness: api.freshness), version: details.group.version, request: request)
        }

        router.get("/refer", options: RouteOptions(execution: .eventLoop)) { request in
            try Self.page("refer.html", for: request, files: files)
        }

        // The token is a secret: the access log records the route pattern, never the path.
        router.get("/referrals/status/:token", options: RouteOptions(execution: .eventLoop, logPattern: true)) { request in
            var response = try Self.page("referrals/status.html", for: request, files: files)
            response.headers.set("Cache-Control", "no-store")
            return response
        }
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
