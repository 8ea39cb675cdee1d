/// How a newcomer joins a group (`groups.join_mode`).
public enum JoinMode: String, Vocabulary {
    case dropIn = "drop_in"
    case registration

    public var label: String {
        switch self {
        case .dropIn: "Drop in, no sign-up"
        case .registration: "Sign up first"
        }
    }
}
