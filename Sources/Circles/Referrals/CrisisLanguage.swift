/// Words that suggest someone may be in danger; a note holding one flags the referral.
enum CrisisLanguage {
    static let phrases = [
        "suicid", "kill myself", "killing myself", "end my life", "ending my life", "want to die", "wants to die",
        "self-harm", "self harm", "selfharm", "hurt myself", "hurting myself", "cutting", "overdos", "od'd",
        "no reason to live", "better off dead", "take my life", "took pills", "hang myself", "not safe",
    ]

    static func detected(in text: String) -> Bool {
        let lower = text.lowercased()
        return phrases.contains { lower.contains($0) }
    }
}

/// What the response says when someone may be in crisis. Circles does not answer emergencies itself.
struct CrisisGuidance: Encodable {
    var message = "If you or the person you are referring may be in danger, do not wait for the group to call back."
    var call988 = "Call or text 988 for the Suicide & Crisis Lifeline (free, 24 hours a day)."
    var call911 = "In an emergency, call 911."
    var note = "Circles passes referrals to community groups; it is not a crisis service and nobody watches it around the clock."
}
