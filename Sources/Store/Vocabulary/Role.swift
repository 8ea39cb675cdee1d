/// What someone may do: the role of an API key (`api_keys.role`: admin, coordinator, partner), of a
/// console account (`users.role`: admin, coordinator, facilitator, partner), or `anonymous` for neither.
public enum Role: String, Vocabulary {
    case anonymous
    case admin
    case coordinator
    case partner
    case facilitator

    public var label: String {
        switch self {
        case .anonymous: "Anyone"
        case .admin: "Administrator"
        case .coordinator: "Coordinator"
        case .partner: "Partner"
        case .facilitator: "Facilitator"
        }
    }

    /// The roles an API key may have, in the order of the `api_keys.role` CHECK.
    public static let keyRoles: [Role] = [.admin, .coordinator, .partner]
    /// The roles a console account may have, in the order of the `users.role` CHECK.
    public static let accountRoles: [Role] = [.admin, .coordinator, .facilitator, .partner]
}
