/// What a message of the mail outbox is (`mail_outbox.kind`).
public enum MailKind: String, Vocabulary {
    /// To an organization's coordinators: a new referral (never who it is about).
    case referralNotice = "referral_notice"
    /// To the person: their referral arrived, with their status link.
    case referralReceipt = "referral_receipt"
    /// To the person: the group was in touch, enrolled them or put them on a waiting list.
    case referralUpdate = "referral_update"
    /// To the person, the day after a first meeting: did you go?
    case referralCheckIn = "referral_check_in"
    /// To whoever suggested a correction: it was applied or dismissed.
    case correctionReply = "correction_reply"
    /// To a new member of staff: set your password.
    case invitation
    /// To a member of staff: reset your password.
    case passwordReset = "password_reset"

    public var label: String {
        switch self {
        case .referralNotice: "New referral notice"
        case .referralReceipt: "Referral receipt"
        case .referralUpdate: "Referral update"
        case .referralCheckIn: "Check-in after a first meeting"
        case .correctionReply: "Reply to a suggested correction"
        case .invitation: "Invitation"
        case .passwordReset: "Password reset"
        }
    }
}
