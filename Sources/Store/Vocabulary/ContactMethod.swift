/// How the person would like to be contacted (`referrals.preferred_contact_method`).
public enum ContactMethod: String, Vocabulary {
    case phone
    case text
    case email

    public var label: String {
        switch self {
        case .phone: "Phone call"
        case .text: "Text message"
        case .email: "E-mail"
        }
    }

    /// Whether the method needs the person's phone number (a call or a text message).
    public var needsPhone: Bool {
        switch self {
        case .phone, .text: true
        case .email: false
        }
    }
}
