/// When a coordinator hears of new referrals by mail (`users.referral_notices`). Urgent referrals
/// are told at once to everyone who chose anything but `off`.
public enum ReferralNotices: String, Vocabulary {
    case off
    case immediate
    case hourly
    case daily

    public var label: String {
        switch self {
        case .off: "No e-mail"
        case .immediate: "At once"
        case .hourly: "Hourly digest"
        case .daily: "Daily digest"
        }
    }
}
