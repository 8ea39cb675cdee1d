/// The statuses a referral moves through, and which moves are allowed.
enum ReferralWorkflow {
    static let statuses = ["new", "contacted", "waitlisted", "enrolled", "attended", "declined", "unreachable", "withdrawn", "not_for_me", "closed"]

    /// Moves a coordinator may make from each status. Withdrawing and "not for me" are the person's own steps.
    static let coordinatorMoves: [String: Set<String>] = [
        "new": ["contacted", "waitlisted", "unreachable", "declined", "closed"],
        "contacted": ["waitlisted", "enrolled", "attended", "declined", "unreachable", "closed"],
        "waitlisted": ["contacted", "enrolled", "declined", "closed"],
        "unreachable": ["contacted", "closed"],
        "enrolled": ["attended", "closed"],
        "attended": ["closed"],
        "declined": ["closed"],
        "withdrawn": ["closed"],
        "not_for_me": ["closed"],
        "closed": [],
    ]

    /// Statuses from which the person may still withdraw.
    static let withdrawable: Set<String> = ["new", "contacted", "waitlisted", "unreachable", "enrolled"]
    /// Statuses from which the person may say "I went" (to a first meeting).
    static let attendable: Set<String> = ["new", "contacted", "waitlisted", "unreachable", "enrolled"]
    /// Statuses from which the person may say "not for me", before or after going.
    static let declinableByPerson: Set<String> = ["new", "contacted", "waitlisted", "unreachable", "enrolled", "attended"]

    /// Each status as a code of the HL7 FHIR Task status value set, as the Gravity SDOH Clinical Care guide
    /// uses it for a referral Task whose performer is the organization running the group.
    static let fhirTaskStatus: [String: String] = [
        "new": "requested",         // sent, not yet taken up
        "contacted": "accepted",    // the organization took it up and reached the person
        "waitlisted": "on-hold",    // the group is full; the person waits for a seat
        "enrolled": "accepted",     // a place is agreed; the person has not been yet
        "attended": "in-progress",  // went to a first meeting
        "declined": "rejected",     // the organization could not take the referral
        "unreachable": "failed",    // nobody could reach the person
        "withdrawn": "cancelled",   // the person withdrew before taking part
        "not_for_me": "cancelled",  // the person decided the group is not for them
        "closed": "completed",      // the organization closed the referral
    ]

    static func fhir(_ status: String) -> String { fhirTaskStatus[status] ?? "requested" }

    static func coordinatorMayMove(from: String, to: String) -> Bool {
        coordinatorMoves[from]?.contains(to) ?? false
    }
}
