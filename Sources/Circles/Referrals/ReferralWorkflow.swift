import Store

/// Which moves between referral statuses are allowed, and what each status means to FHIR. Every
/// mapping is a `switch` over all statuses: a new status does not compile until each one says what it means.
enum ReferralWorkflow {
    /// The statuses a coordinator may move a referral to. Withdrawing and "not for me" are the person's own steps.
    static func coordinatorMoves(from status: ReferralStatus) -> [ReferralStatus] {
        switch status {
        case .new: [.contacted, .waitlisted, .unreachable, .declined, .closed]
        case .contacted: [.waitlisted, .enrolled, .attended, .declined, .unreachable, .closed]
        case .waitlisted: [.contacted, .enrolled, .declined, .closed]
        case .unreachable: [.contacted, .closed]
        case .enrolled: [.attended, .closed]
        case .attended, .declined, .withdrawn, .notForMe: [.closed]
        case .closed: []
        }
    }

    /// The steps the person may take from their status link: withdraw and "I went" (to a first meeting)
    /// while the referral is under way, "not for me" before or after going.
    static func personMoves(from status: ReferralStatus) -> [ReferralStatus] {
        switch status {
        case .new, .contacted, .waitlisted, .unreachable, .enrolled: [.withdrawn, .attended, .notForMe]
        case .attended: [.notForMe]
        case .declined, .withdrawn, .notForMe, .closed: []
        }
    }

    /// Whether the check-in after a first meeting ("Did you go?") still has a question to ask: the person
    /// can still say they went. Once they answered, withdrew or the referral ended, it is dropped.
    static func wantsCheckIn(_ status: ReferralStatus) -> Bool {
        personMayMove(from: status, to: .attended)
    }

    static func coordinatorMayMove(from: ReferralStatus, to: ReferralStatus) -> Bool {
        coordinatorMoves(from: from).contains(to)
    }

    static func personMayMove(from: ReferralStatus, to: ReferralStatus) -> Bool {
        personMoves(from: from).contains(to)
    }

    /// Each status as a code of the HL7 FHIR Task status value set, as the Gravity SDOH Clinical Care guide
    /// uses it for a referral Task whose performer is the organization running the group.
    static func fhirTaskStatus(_ status: ReferralStatus) -> FHIRTaskStatus {
        switch status {
        case .new: .requested  // sent, not yet taken up
        case .contacted: .accepted  // the organization took it up and reached the person
        case .waitlisted: .onHold  // the group is full; the person waits for a seat
        case .enrolled: .accepted  // a place is agreed; the person has not been yet
        case .attended: .inProgress  // went to a first meeting
        case .declined: .rejected  // the organization could not take the referral
        case .unreachable: .failed  // nobody could reach the person
        case .withdrawn: .cancelled  // the person withdrew before taking part
        case .notForMe: .cancelled  // the person decided the group is not for them
        case .closed: .completed  // the organization closed the referral
        }
    }
}
