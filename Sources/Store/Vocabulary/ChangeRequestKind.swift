/// What a suggested correction is about (`change_requests.kind`).
public enum ChangeRequestKind: String, Vocabulary {
    case time
    case place
    case onlineLink = "online_link"
    case contact
    case noLongerMeets = "no_longer_meets"
    case other

    public var label: String {
        switch self {
        case .time: "The day or time"
        case .place: "The place or room"
        case .onlineLink: "The online link or dial-in"
        case .contact: "The contact details"
        case .noLongerMeets: "The group no longer meets"
        case .other: "Something else"
        }
    }
}
