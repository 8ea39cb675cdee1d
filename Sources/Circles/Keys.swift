import Store

/// Creating API keys from the command line (`circles key create`).
public enum KeyIssuer {
    /// Creates a key and returns it in full; only its hash is stored, so this is the one time it is shown.
    public static func create(in database: AppDatabase, role roleName: String, organizationSlug: String?, name: String) throws -> String {
        var organizationId: Int64?
        if let organizationSlug {
            guard let org = try database.organization(slug: organizationSlug) else {
                throw KeyError("no organization has the slug \(organizationSlug)")
            }
            organizationId = org.id
        }
        guard let role = Role(rawValue: roleName), Role.keyRoles.contains(role) else { throw KeyError("the role must be admin, coordinator or partner") }
        if role != .admin && organizationId == nil { throw KeyError("a \(roleName) key needs --organization SLUG") }
        let (key, record) = APIKeys.generate(role: role, organizationId: role == .admin ? nil : organizationId, name: name)
        _ = try database.insertAPIKey(record)
        return key
    }

    public struct KeyError: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
