/// What a single-use account link sent by e-mail does (`account_tokens.purpose`).
public enum AccountTokenPurpose: String, Vocabulary {
    /// Sets the first password of an invited account (valid 72 hours).
    case invitation
    /// Sets a new password for an account whose owner forgot it (valid one hour).
    case passwordReset = "password_reset"

    public var label: String {
        switch self {
        case .invitation: "Invitation"
        case .passwordReset: "Password reset"
        }
    }

    /// How long a link stays usable, in seconds.
    public var lifetime: Double {
        switch self {
        case .invitation: 72 * 3600
        case .passwordReset: 3600
        }
    }
}
