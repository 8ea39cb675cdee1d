import Foundation
import GroupViews
import HTTPServer
import Store

/// Signing in and out, an organization's API keys, and the audit log.
struct AccessRoutes: RouteCollection {
    let api: API
    let database: AppDatabase

    init(_ context: RouteContext) {
        api = context.api
        database = context.api.database
    }

    static let routes: [Route<Self>] = [
        .post("/api/v1/auth/login", .anyone, Self.login, bodyLimit: 8 * 1024),
        .post("/api/v1/auth/logout", .identified, Self.logout),
        .get("/api/v1/auth/session", .session, Self.session),
        .get("/api/v1/organizations/:id/keys", .managesOrganization, Self.keys),
        .post("/api/v1/organizations/:id/keys", .managesOrganization, Self.createKey, bodyLimit: 8 * 1024),
        .delete("/api/v1/keys/:id", .managesOrganization, Self.revokeKey),
        .get("/api/v1/audit", .admin, Self.auditLog),
    ]

    struct SessionView: Encodable {
        var user: UserView
        var csrfToken: String?
    }

    struct UserView: Encodable {
        var id: Int64
        var email: String
        var displayName: String
        var role: Role
        var organizationId: Int64?
    }

    struct KeyView: Encodable {
        var id: Int64
        var name: String
        var role: Role
        var organizationId: Int64?
        var prefix: String
        var createdAt: Timestamp
        var lastUsedAt: Timestamp?
        var revokedAt: Timestamp?
        /// Only in the answer to its creation: the key itself, shown once.
        var key: String?

        init(_ r: APIKeyRecord, key: String? = nil) {
            id = r.id!
            name = r.name
            role = r.role
            organizationId = r.organizationId
            prefix = r.prefix
            createdAt = r.createdAt
            lastUsedAt = r.lastUsedAt
            revokedAt = r.revokedAt
            self.key = key
        }
    }

    func login(_ request: Request, _ caller: Principal) throws -> Response {
        try API.limit(api.limits.logins, request)
        var body = try JSONBody(request)
        body.rejectUnknown(["email", "password"])
        var email = "", password = ""
        body.text("email", into: &email, required: true, max: 200)
        if let raw = body.object["password"] as? String, !raw.isEmpty, raw.count <= 200 { password = raw } else { body.fail("password", "is required") }
        try body.finish()
        let account = email.lowercased()
        if let wait = api.limits.loginGuesses.admit(account: account, address: request.remoteAddress) {
            var error = HTTPError(429, detail: "Too many sign-in attempts from your address. Please wait \(wait) seconds and try again.")
            error.headers.add("Retry-After", String(wait))
            throw error
        }
        let user = try database.user(email: email)
        // Hash even for an unknown e-mail, so the answer takes as long either way.
        let valid = Passwords.verify(password, against: user?.passwordHash ?? Passwords.decoy) && user?.disabledAt == nil
        guard let user, valid else {
            api.limits.loginGuesses.failed(account: account, address: request.remoteAddress)
            database.audit(
                AuditEntry(actor: "anonymous", action: "login.failed", targetType: "user", targetId: email.lowercased(), address: request.remoteAddress))
            throw HTTPError(401, detail: "The e-mail or password is not right.")
        }
        let (token, csrf) = try Sessions.start(for: user, database: database)
        database.audit(
            AuditEntry(
                actor: "user:\(user.id!)", action: "login", targetType: "user", targetId: String(user.id!), organizationId: user.organizationId,
                address: request.remoteAddress))
        var response = try API.json(SessionView(user: Self.view(user), csrfToken: csrf))
        response.headers.add("Set-Cookie", Sessions.setCookie(token, secure: api.settings.secureCookies))
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// Ends the session named by the cookie, if any; anyone may ask, and always gets the cookie cleared.
    func logout(_ request: Request, _ caller: Principal) throws -> Response {
        try Sessions.end(request, database: database)
        if caller.role != .anonymous { try api.audit(caller, request, action: "logout") }
        var response = Response.empty(status: 204)
        response.headers.add("Set-Cookie", Sessions.clearCookie(secure: api.settings.secureCookies))
        return response
    }

    func session(_ request: Request, _ caller: Principal) throws -> Response {
        guard let id = Int64(caller.subject.dropFirst(5)), let user = try database.user(id: id) else {
            throw APIKeys.unauthorized("You are not signed in.")
        }
        var response = try API.json(SessionView(user: Self.view(user), csrfToken: caller.csrfToken))
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    func keys(_ request: Request, _ caller: Principal) throws -> Response {
        let organizationId = try API.id(request)
        try API.requireManage(caller, organizationId: organizationId)
        return try API.json(Page(data: try database.apiKeys(organizationId: organizationId).map { KeyView($0) }, next: nil))
    }

    func createKey(_ request: Request, _ caller: Principal) throws -> Response {
        let organizationId = try API.id(request)
        guard try database.record(OrganizationRecord.self, id: organizationId) != nil else { throw HTTPError.notFound("No organization with that id.") }
        try API.requireManage(caller, organizationId: organizationId)
        var body = try JSONBody(request)
        body.rejectUnknown(["name", "role"])
        var name = "", role = Role.partner
        body.text("name", into: &name, required: true, max: 100)
        body.choice("role", from: [.partner, .coordinator], into: &role)
        try body.finish()
        let (key, record) = APIKeys.generate(role: role, organizationId: organizationId, name: name)
        let audit = API.auditEntry(caller, request, action: "key.create", targetType: "api_key", organizationId: organizationId, detail: role.rawValue)
        let saved = try API.store { try database.insertAPIKey(record, audit: audit) }
        var response = try API.json(KeyView(saved, key: key), status: 201)
        response.headers.add("Location", "/api/v1/keys/\(saved.id!)")
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// Administrators revoke any key; a coordinator only the keys of their organization (others' are not found).
    func revokeKey(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        guard let key = try database.apiKey(id: id), let organizationId = key.organizationId ?? (caller.isAdmin ? 0 : nil),
            caller.canManage(organizationId: organizationId)
        else {
            throw HTTPError.notFound("No key with that id.")
        }
        let audit = API.auditEntry(caller, request, action: "key.revoke", targetType: "api_key", targetId: String(id), organizationId: key.organizationId)
        try API.store { try database.revokeAPIKey(id: id, organizationId: caller.isAdmin ? nil : organizationId, audit: audit) }
        return .empty(status: 204)
    }

    func auditLog(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        let limit = reader.limit(default: 100, max: 500)
        let action = reader.text("action", max: 64)
        let targetType = reader.text("target_type", max: 64)
        let targetId = reader.text("target_id", max: 64)
        try reader.finish()
        let before = try Cursor.decode(request.query["cursor"], as: Int64.self)
        let entries = try database.auditEntries(beforeId: before, limit: limit + 1, action: action, targetType: targetType, targetId: targetId)
        let page = Array(entries.prefix(limit))
        let next = entries.count > limit ? page.last.map { Cursor.nextLink(request, cursor: Cursor.encode($0.id!)) } : nil
        return try API.json(Page(data: page, next: next))
    }

    static func view(_ user: UserRecord) -> UserView {
        UserView(id: user.id!, email: user.email, displayName: user.displayName, role: user.role, organizationId: user.organizationId)
    }
}
