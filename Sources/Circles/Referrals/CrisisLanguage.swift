/// Words that suggest someone may be in danger, in English and Spanish; a note holding one flags the
/// referral, whatever the language of the form it came from. Matched without case or accents
/// ("quitarme la vida", "Quitarme la Vída"), so the Spanish phrases are written without accents.
enum CrisisLanguage {
    static let phrases = [
        "suicid", "kill myself", "killing myself", "end my life", "ending my life", "want to die", "wants to die",
        "self-harm", "self harm", "selfharm", "hurt myself", "hurting myself", "cutting", "overdos", "od'd",
        "no reason to live", "better off dead", "take my life", "took pills", "hang myself", "not safe",
        // Spanish ("suicid" and "overdos" already match suicidio, suicidarme; sobredosis below).
        "matarme", "quitarme la vida", "acabar con mi vida", "terminar con mi vida", "quiero morir", "quiere morir",
        "me quiero morir", "no quiero vivir", "ya no quiero vivir", "hacerme dano", "lastimarme", "cortarme", "sobredosis",
        "mejor muerto", "mejor muerta", "no tengo razon para vivir", "ahorcarme", "tome pastillas", "no estoy a salvo",
    ]

    static func detected(in text: String) -> Bool {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return phrases.contains { folded.contains($0) }
    }
}

/// What the response says when someone may be in crisis. Circles does not answer emergencies itself.
/// In the referral's language (`referral.crisis.*` of its catalogue): in Spanish, the Lifeline's Spanish line.
struct CrisisGuidance: Encodable {
    var message: String
    var call988: String
    var call911: String
    var note: String

    init(_ t: Catalogue) {
        message = t.text("referral.crisis.message")
        call988 = t.text("referral.crisis.call988")
        call911 = t.text("referral.crisis.call911")
        note = t.text("referral.crisis.note")
    }
}
