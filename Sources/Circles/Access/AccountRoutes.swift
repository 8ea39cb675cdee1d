import Foundation
import GroupViews
import HTTPServer
import Store

/// Console accounts: administrators and each organization's coordinators invite their people by
/// e-mail, list them, change their role, disable and remove them (audited); anyone may ask for a
/// password reset link (the same answer whether the address has an account or not); a link from
/// either message sets the password; the signed-in owner changes it. A new password, or disabling,
/// ends every session of the account.
///
/// Invitations give the roles `coordinator`, `facilitator` and `partner` (a clinic's staff, who see
/// the referrals their organization sent); administrators are made on the command line only.
struct AccountRoutes: RouteCollection {
    let api: API
    let database: AppDatabase

    init(_ context: RouteContext) {
        api = context.api
        database = context.api.database
    }

    static let routes: [Route<Self>] = [
        .get("/api/v1/accounts", .staff, Self.list),
        .post("/api/v1/accounts", .staff, Self.invite, bodyLimit: 8 * 1024),
        .patch("/api/v1/accounts/:id", .staff, Self.change, bodyLimit: 8 * 1024),
        .delete("/api/v1/accounts/:id", .staff, Self.remove),
        .post("/api/v1/auth/password-reset", .anyone, Self.requestReset, bodyLimit: 8 * 1024),
        .post("/api/v1/auth/password", .anyone, Self.setPassword, bodyLimit: 8 * 1024),
        .post("/api/v1/account/password", .session, Self.changeOwnPassword, bodyLimit: 8 * 1024),
    ]

    /// The roles an invitation gives and a manager may change to.
    static let invitedRoles: [Role] = [.coordinator, .facilitator, .partner]

    struct AccountView: Encodable {
        var id: Int64
        var email: String
        var displayName: String
        var role: Role
        var organizationId: Int64?
        var createdAt: Timestamp
        /// Invited, and no password chosen yet.
        var invited: Bool
        var disabledAt: Timestamp?

        init(_ user: UserRecord) {
            id = user.id!
            email = user.email
            displayName = user.displayName
            role = user.role
            organizationId = user.organizationId
            createdAt = user.createdAt
            invited = user.passwordHash.isEmpty
            disabledAt = user.disabledAt
        }
    }

    /// An administrator's accounts (all, or one organization's with `organization_id`); a coordinator's organization's.
    func list(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        let wanted = reader.text("organization_id", max: 20)
        var organizationId = caller.isAdmin ? nil : caller.organizationId
        if let wanted {
            if let id = Int64(wanted), id > 0 { organizationId = id } else { reader.fail("organization_id", "must be a positive whole number") }
        }
        try reader.finish()
        if let organizationId { try API.requireManage(caller, organizationId: organizationId) }
        let accounts = try database.accounts(organizationId: organizationId)
        return try API.json(Page(data: accounts.map(AccountView.init), next: nil), cache: "no-store")
    }

    /// Creates the account without a password and mails its owner a link to choose one (72 hours).
    func invite(_ request: Request, _ caller: Principal) throws -> Response {
        var body = try JSONBody(request)
        body.rejectUnknown(["email", "display_name", "role", "organization_id"])
        var email = "", name = "", role: Role?, organizationId: Int64 = 0
        body.text("email", into: &email, required: true, max: 200)
        if !email.isEmpty, let problem = FieldRules.email(email) { body.fail("email", problem) }
        body.text("display_name", into: &name, required: true, max: 120)
        body.choice("role", from: Self.invitedRoles, into: &role, required: true)
        body.identifier("organization_id", into: &organizationId, required: true)
        try body.finish()
        guard let role, let organization = try database.record(OrganizationRecord.self, id: organizationId) else {
            throw HTTPError.unprocessable([FieldError(field: "organization_id", message: "refers to no organization")])
        }
        try API.requireManage(caller, organizationId: organizationId)
        guard let mail = AccountMail(api: api) else { throw Self.mailOff }
        let token = APIKeys.randomToken(length: 43)
        let inviter = try displayName(of: caller) ?? "The Circles administrator"
        let invited = try API.store {
            try database.inviteAccount(
                UserRecord(email: email, displayName: name, role: role, organizationId: organizationId, passwordHash: ""), tokenHash: APIKeys.hash(token),
                compose: { try mail.invitation(to: $0, organization: organization.name, inviter: inviter, token: token) },
                audit: {
                    API.auditEntry(
                        caller, request, action: "account.invite", targetType: "user", targetId: String($0.id!), organizationId: organizationId,
                        detail: role.rawValue)
                })
        }
        var response = try API.json(AccountView(invited), status: 201, cache: "no-store")
        response.headers.add("Location", "/api/v1/accounts/\(invited.id!)")
        return response
    }

    /// `role` and `disabled`; an account of another organization is not found, and nobody changes their own here.
    func change(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        var body = try JSONBody(request)
        body.rejectUnknown(["role", "disabled"])
        var role: Role?
        body.choice("role", from: Self.invitedRoles, into: &role)
        var disabled: Bool?
        if body.has("disabled") {
            var flag = false
            body.flag("disabled", into: &flag)
            disabled = flag
        }
        try body.finish()
        try refuseOwn(id, caller)
        var action = [String]()
        if let role { action.append("role \(role)") }
        if let disabled { action.append(disabled ? "disabled" : "enabled") }
        let changed = try API.store(notFound: "No account with that id.") {
            try database.changeAccount(
                id: id, role: role, disabled: disabled,
                mayManage: { Self.manages(caller, $0) && !(role != nil && $0.role == .admin) },
                audit: {
                    API.auditEntry(
                        caller, request, action: "account.change", targetType: "user", targetId: String(id), organizationId: $0.organizationId,
                        detail: action.joined(separator: ", "))
                })
        }
        return try API.json(AccountView(changed), cache: "no-store")
    }

    func remove(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        try refuseOwn(id, caller)
        try API.store(notFound: "No account with that id.") {
            try database.removeAccount(
                id: id, mayManage: { Self.manages(caller, $0) },
                audit: {
                    API.auditEntry(
                        caller, request, action: "account.remove", targetType: "user", targetId: String(id), organizationId: $0.organizationId,
                        detail: $0.role.rawValue)
                })
        }
        return .empty(status: 204)
    }

    /// "Forgot password": the same 202 for every well-formed address, whether it has an account or not.
    func requestReset(_ request: Request, _ caller: Principal) throws -> Response {
        try API.limit(api.limits.passwordResets, request)
        var body = try JSONBody(request)
        body.rejectUnknown(["email"])
        var email = ""
        body.text("email", into: &email, required: true, max: 200)
        if !email.isEmpty, let problem = FieldRules.email(email) { body.fail("email", problem) }
        try body.finish()
        guard let mail = AccountMail(api: api) else { throw Self.mailOff }
        // One address is not mailed more than the limiter allows, whoever asks; the answer does not say so.
        if api.limits.resetsPerAccount.take(email.lowercased()) == nil {
            let token = APIKeys.randomToken(length: 43)
            try database.queuePasswordReset(
                email: email, tokenHash: APIKeys.hash(token), compose: { try mail.reset(to: $0, token: token) },
                audit: {
                    AuditEntry(
                        actor: "anonymous", action: "account.password_reset_requested", targetType: "user", targetId: String($0.id!),
                        organizationId: $0.organizationId, address: request.remoteAddress)
                })
        }
        return try API.json(
            ["detail": "If an account has this address, a link to choose a new password is on its way. It works once, for one hour."], status: 202,
            cache: "no-store")
    }

    /// A link's token and the new password: set, the link used up, every session ended, and this browser signed in.
    func setPassword(_ request: Request, _ caller: Principal) throws -> Response {
        try API.limit(api.limits.logins, request)
        var body = try JSONBody(request)
        body.rejectUnknown(["token", "password"])
        var token = ""
        body.text("token", into: &token, required: true, max: 128)
        let password = Self.password(&body, "password")
        try body.finish()
        let hash = APIKeys.hash(token)
        guard let (user, _) = try database.accountLink(tokenHash: hash) else { throw Self.linkUnusable }
        if let problem = PasswordRules.problem(password, email: user.email, name: user.displayName) {
            throw HTTPError.unprocessable([FieldError(field: "password", message: problem)])
        }
        let passwordHash = try Passwords.hash(password)
        let saved = try API.store(notFound: Self.linkUnusable.detail ?? "") {
            try database.setPassword(
                tokenHash: hash, passwordHash: { _ in passwordHash },
                audit: { user, purpose in
                    AuditEntry(
                        actor: "user:\(user.id!)", action: purpose == .invitation ? "account.invitation_accepted" : "account.password_reset",
                        targetType: "user", targetId: String(user.id!), organizationId: user.organizationId, address: request.remoteAddress)
                })
        }
        return try signedIn(saved)
    }

    /// The owner's new password, given the current one: every session ends, and this browser gets a new one.
    func changeOwnPassword(_ request: Request, _ caller: Principal) throws -> Response {
        guard let id = Int64(caller.subject.dropFirst(5)), let user = try database.user(id: id) else {
            throw APIKeys.unauthorized("You are not signed in.")
        }
        var body = try JSONBody(request)
        body.rejectUnknown(["current_password", "password"])
        let current = Self.password(&body, "current_password")
        let password = Self.password(&body, "password")
        try body.finish()
        // Guesses of the current password count against the address, as sign-ins do.
        try API.limit(api.limits.logins, request)
        guard !user.passwordHash.isEmpty, Passwords.verify(current, against: user.passwordHash) else {
            throw HTTPError.unprocessable([FieldError(field: "current_password", message: "is not right")])
        }
        if let problem = PasswordRules.problem(password, email: user.email, name: user.displayName) {
            throw HTTPError.unprocessable([FieldError(field: "password", message: problem)])
        }
        try database.changePassword(
            userId: id, passwordHash: try Passwords.hash(password),
            audit: API.auditEntry(
                caller, request, action: "account.password_changed", targetType: "user", targetId: String(id), organizationId: user.organizationId))
        return try signedIn(user)
    }

    // MARK: - Shared

    /// Whether `caller` manages `account`: administrators every account; a coordinator those of their
    /// own organization that are not administrators.
    static func manages(_ caller: Principal, _ account: UserRecord) -> Bool {
        if caller.isAdmin { return true }
        guard let organizationId = account.organizationId, account.role != .admin else { return false }
        return caller.canManage(organizationId: organizationId)
    }

    private func refuseOwn(_ id: Int64, _ caller: Principal) throws {
        if caller.subject == "user:\(id)" {
            throw HTTPError(409, detail: "You cannot change or remove your own account here; ask another coordinator or an administrator.")
        }
    }

    private func displayName(of caller: Principal) throws -> String? {
        guard caller.subject.hasPrefix("user:"), let id = Int64(caller.subject.dropFirst(5)) else { return nil }
        return try database.user(id: id)?.displayName
    }

    private func signedIn(_ user: UserRecord) throws -> Response {
        let (token, csrf) = try Sessions.start(for: user, database: database)
        var response = try API.json(AccessRoutes.SessionView(user: AccessRoutes.view(user), csrfToken: csrf), cache: "no-store")
        response.headers.add("Set-Cookie", Sessions.setCookie(token, secure: api.settings.secureCookies))
        return response
    }

    /// A password field: any characters (spaces included, never trimmed), checked by `PasswordRules` later.
    private static func password(_ body: inout JSONBody, _ key: String) -> String {
        guard let raw = body.object[key] as? String, !raw.isEmpty else {
            body.fail(key, "is required")
            return ""
        }
        guard raw.count <= PasswordRules.maximumLength else {
            body.fail(key, "must be at most \(PasswordRules.maximumLength) characters")
            return ""
        }
        return raw
    }

    static let mailOff = HTTPError(
        409, detail: "Accounts are invited and reset by e-mail, and this server sends none: it needs --smtp-url, --mail-from and --public-url.")

    static let linkUnusable = HTTPError(
        404, detail: "This link was used already or has expired. Ask for a new one: “Forgot your password?” on the sign-in page.")
}
