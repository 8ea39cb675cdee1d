/// What kind of place a location is (`locations.kind`); `online` and `phone` are places without an address.
public enum LocationKind: String, Vocabulary {
    case communityCenter = "community_center"
    case library
    case park
    case clinic
    case placeOfWorship = "place_of_worship"
    case online
    case phone
    case other

    public var label: String {
        switch self {
        case .communityCenter: "Community center"
        case .library: "Library"
        case .park: "Park"
        case .clinic: "Clinic"
        case .placeOfWorship: "Place of worship"
        case .online: "Online"
        case .phone: "Phone"
        case .other: "Other"
        }
    }

    /// Whether the place is reached by a link or a number rather than an address.
    public var isVirtual: Bool {
        switch self {
        case .online, .phone: true
        case .communityCenter, .library, .park, .clinic, .placeOfWorship, .other: false
        }
    }
}
