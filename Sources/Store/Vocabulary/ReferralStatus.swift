/// Where a referral stands (`referrals.status`, `referral_events.from_status`/`to_status`).
/// Which moves are allowed is `ReferralWorkflow`'s (Circles); what each status means to FHIR, `fhirTaskStatus`.
public enum ReferralStatus: String, Vocabulary {
    case new
    case contacted
    case waitlisted
    case enrolled
    case attended
    case declined
    case unreachable
    case withdrawn
    case notForMe = "not_for_me"
    case closed

    /// The word coordinators read in the console.
    public var label: String {
        switch self {
        case .new: "New"
        case .contacted: "Contacted"
        case .waitlisted: "Waiting list"
        case .enrolled: "Enrolled"
        case .attended: "Went to a meeting"
        case .declined: "Declined"
        case .unreachable: "Unreachable"
        case .withdrawn: "Withdrawn by the person"
        case .notForMe: "Not for them (said the person)"
        case .closed: "Closed"
        }
    }

    /// The words the person reads in the history of their own status page.
    public var personLabel: String {
        switch self {
        case .new: "Referral sent"
        case .contacted: "The group got in touch"
        case .waitlisted: "On the waiting list"
        case .enrolled: "Joined the group"
        case .attended: "You went to a meeting"
        case .declined: "Not going ahead"
        case .unreachable: "The group couldn’t reach you"
        case .withdrawn: "You withdrew the referral"
        case .notForMe: "You said it is not for you"
        case .closed: "Closed"
        }
    }

    /// Whether the person holds one of the group's seats: from enrollment, through going to meetings,
    /// until the referral ends otherwise (withdrawn, not for me, closed).
    public var holdsSeat: Bool {
        switch self {
        case .enrolled, .attended: true
        case .new, .contacted, .waitlisted, .declined, .unreachable, .withdrawn, .notForMe, .closed: false
        }
    }

    /// Whether reaching this status ends the referral: `closed_at` is set, and the person's details
    /// are erased once the retention period has passed.
    public var endsReferral: Bool {
        switch self {
        case .new, .contacted, .waitlisted: false
        case .enrolled, .attended, .declined, .unreachable, .withdrawn, .notForMe, .closed: true
        }
    }
}
