/// Who may come to a group (`groups.open_to`).
public enum OpenTo: String, Vocabulary {
    case anyone
    /// Only people who live with what the group is about themselves.
    case livedExperience = "lived_experience"

    public var label: String {
        switch self {
        case .anyone: "Open to anyone"
        case .livedExperience: "Only people with the lived experience"
        }
    }
}
