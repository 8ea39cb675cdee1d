/// The phrases that flag a referral's note as possible danger: data, kept apart from the matching
/// (`CrisisLanguage`) so that it can grow without touching code. Written lowercase without accents;
/// `*` ends a word that may go on ("suicid*"). Misspellings of words of five letters or more are found
/// by the matching; shorter slips that people often type are listed. Tests (`CrisisLanguageTests`)
/// hold examples that must be found and ordinary notes that must not.
enum CrisisPhrases {
    static let english = [
        "suicid*", "kill myself", "kil myself", "killing myself", "end my life", "ending my life", "end it all", "ending it all",
        "want to die", "wanna die", "wants to die", "want to be dead", "dont want to live", "do not want to live",
        "dont want to be alive", "no reason to live", "better off dead", "better off without me", "take my life", "take my own life",
        "self harm*", "selfharm*", "hurt myself", "hurting myself", "harm myself", "harming myself", "cut myself", "cutting myself",
        "overdos*", "took pills", "took too many pills", "hang myself", "shoot myself", "not safe", "cant go on", "cannot go on",
    ]

    static let spanish = [
        "quiero morir", "quiero morirme", "me quiero morir", "no quiero vivir", "no quiero seguir viviendo", "ganas de morir",
        "matarme", "me quiero matar", "quitarme la vida", "acabar con mi vida", "acabar con todo", "hacerme dano", "me hago dano",
        "cortarme las venas", "cortarme los brazos", "me corto los brazos", "me estoy cortando", "sobredosis", "mejor muerto", "mejor muerta",
        "no vale la pena vivir", "no aguanto mas", "terminar con mi vida", "lastimarme", "no tengo razon para vivir", "ahorcarme",
        "no estoy a salvo",
    ]
}
