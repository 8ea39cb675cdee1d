/// Where a suggested correction stands (`change_requests.status`).
public enum ChangeRequestStatus: String, Vocabulary {
    case open
    case applied
    case dismissed

    public var label: String {
        switch self {
        case .open: "Waiting for a decision"
        case .applied: "Applied"
        case .dismissed: "Dismissed"
        }
    }
}
