import Store

/// Creating user accounts from the command line (`circles user add`).
public enum Accounts {
    public static func add(
        in database: AppDatabase, email: String, name: String, role roleName: String, organizationSlug: String?,
        password: String
    ) throws -> Int64 {
        guard let role = Role(rawValue: roleName), Role.accountRoles.contains(role) else {
            throw KeyIssuer.KeyError("the role must be admin, coordinator or facilitator")
        }
        guard FieldRules.email(email) == nil else { throw KeyIssuer.KeyError("\(email) is not an e-mail address") }
        if let problem = PasswordRules.problem(password, email: email, name: name) { throw KeyIssuer.KeyError("the password \(problem)") }
        var organizationId: Int64?
        if let organizationSlug {
            guard let org = try database.organization(slug: organizationSlug) else {
                throw KeyIssuer.KeyError("no organization has the slug \(organizationSlug)")
            }
            organizationId = org.id
        }
        if role != .admin && organizationId == nil { throw KeyIssuer.KeyError("a \(roleName) needs --organization SLUG") }
        let user = UserRecord(
            email: email, displayName: name, role: role, organizationId: role == .admin ? nil : organizationId,
            passwordHash: try Passwords.hash(password))
        do {
            return try database.insertUser(user).id!
        } catch StoreFailure.conflict {
            throw KeyIssuer.KeyError("a user with the e-mail \(email) exists already")
        }
    }
}
