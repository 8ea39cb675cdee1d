import Testing

@testable import Circles

/// The crisis phrases: what a person in distress types must be found, in English and Spanish,
/// misspelled or not; ordinary notes must not be.
@Suite struct CrisisLanguageTests {
    static let found = [
        "Has talked about suicide lately", "she has been SUICIDAL", "thinking about sucide", "suicdal thoughts", "siucide",
        "I want to end it all", "sometimes i just want to end it  all.", "I cut myself last week", "i keep cutting myself",
        "he said he would kill myslef", "Wants to die", "I don't want to live anymore", "I don’t want to live", "better off dead",
        "took too many pills on Friday", "overdosed twice", "self-harm", "selfharm", "not safe at home",
        "quiero morir", "Quiero morirme", "No quiero vivir así", "Pensé en quitarme la vida", "a veces quiero hacerme daño",
        "habla de suicidio", "tuvo una sobredosis", "ya no aguanto más",
    ]

    static let ordinary = [
        "Likes gardening", "Prefers evenings after 6", "Cutting back on drinking", "My son is in recovery", "She sued her landlord",
        "Quiero un grupo en español", "Necesito ayuda con mi hijo", "Me corto el pelo los sábados", "Prefers texts", "Quisiera vivir cerca",
        "We will end the call at 5", "Hurt my back at work", "", "   ",
    ]

    @Test(arguments: found) func dangerIsFound(_ note: String) {
        #expect(CrisisLanguage.detected(in: note), "not found: \(note)")
    }

    @Test(arguments: ordinary) func ordinaryNotesAreNot(_ note: String) {
        #expect(!CrisisLanguage.detected(in: note), "flagged: \(note)")
    }

    @Test func everyPhraseIsWrittenAsTheMatchingReadsIt() {
        for phrase in CrisisPhrases.english + CrisisPhrases.spanish {
            #expect(phrase == phrase.lowercased() && !phrase.contains("'") && !phrase.contains("’"), "\(phrase)")
            let ascii = phrase.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii, "write \(phrase) without accents")
            #expect(CrisisLanguage.detected(in: phrase.replacingOccurrences(of: "*", with: "e")), "\(phrase) does not find itself")
        }
    }
}
