/// Where a rating and its comment stand in moderation (`feedback.status`). Pending and approved
/// ratings count; only approved comments are shown.
public enum FeedbackStatus: String, Vocabulary {
    case pending
    case approved
    case rejected

    public var label: String {
        switch self {
        case .pending: "Waiting for review"
        case .approved: "Approved"
        case .rejected: "Rejected"
        }
    }

    /// Whether the rating counts in a group's average.
    public var counts: Bool {
        switch self {
        case .pending, .approved: true
        case .rejected: false
        }
    }
}
