/// Whether a group runs (`groups.status`). Active and paused groups are listed; archived ones are not.
public enum GroupStatus: String, Vocabulary {
    case active
    case paused
    case archived

    public var label: String {
        switch self {
        case .active: "Active"
        case .paused: "Paused"
        case .archived: "Archived"
        }
    }

    /// The statuses of groups the public directory lists.
    public static let listed: [GroupStatus] = [.active, .paused]
}
