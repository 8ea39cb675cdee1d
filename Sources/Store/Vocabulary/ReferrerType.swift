/// Who sent a referral (`referrals.referrer_type`). Clinicians and community organizations need a partner key.
public enum ReferrerType: String, Vocabulary {
    /// The person asks for themselves.
    case selfReferral = "self"
    case clinician
    case communityOrganization = "community_organization"
    case family
    case other

    public var label: String {
        switch self {
        case .selfReferral: "Self-referral"
        case .clinician: "Clinician"
        case .communityOrganization: "Community organization"
        case .family: "Family or friend"
        case .other: "Someone helping"
        }
    }

    /// Whether only a partner (an organization's API key) may send referrals of this kind.
    public var needsPartnerKey: Bool {
        switch self {
        case .clinician, .communityOrganization: true
        case .selfReferral, .family, .other: false
        }
    }
}
