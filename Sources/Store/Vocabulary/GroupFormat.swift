/// How a group meets (`groups.format`).
public enum GroupFormat: String, Vocabulary {
    case inPerson = "in_person"
    case online
    case phone
    case hybrid

    public var label: String {
        switch self {
        case .inPerson: "In person"
        case .online: "Online"
        case .phone: "By phone"
        case .hybrid: "In person and online"
        }
    }

    /// Whether people join from a screen or a phone (online, by phone, or the online half of a hybrid group).
    public var meetsRemotely: Bool {
        switch self {
        case .online, .phone, .hybrid: true
        case .inPerson: false
        }
    }

    /// Whether people come to a place (in person, or the in-person half of a hybrid group).
    public var meetsInPerson: Bool {
        switch self {
        case .inPerson, .hybrid: true
        case .online, .phone: false
        }
    }
}
