import Foundation

/// What a password must be, as NIST SP 800-63B (revision 4, §3.1.1.2) asks of a password that is the
/// only factor: at least 15 characters, up to 256 accepted (spaces and any Unicode welcome), no
/// composition rules (no "one digit, one symbol"), and not a value known to be common or easy to
/// guess — the shipped list below, one character repeated, a run of the keyboard or the alphabet,
/// or the account's own e-mail or name. Compared after Unicode normalization (NFKC) and lower-casing.
enum PasswordRules {
    static let minimumLength = 15
    static let maximumLength = 256

    /// Why `password` cannot be used, or nil when it can.
    static func problem(_ password: String, email: String = "", name: String = "") -> String? {
        let normalized = password.precomposedStringWithCompatibilityMapping
        guard normalized.count >= minimumLength else { return "must be at least \(minimumLength) characters (a few words make a good one)" }
        guard normalized.count <= maximumLength else { return "must be at most \(maximumLength) characters" }
        let folded = normalized.lowercased()
        let compact = folded.filter { !$0.isWhitespace }
        if common.contains(folded) || common.contains(compact) { return "is on the list of commonly used passwords; choose another" }
        if Set(compact).count <= 2 { return "repeats one or two characters; choose another" }
        if runs.contains(where: { $0.contains(compact) }) { return "is a run of the keyboard or the alphabet; choose another" }
        let local = email.lowercased().split(separator: "@").first.map(String.init) ?? ""
        for own in [local, name.lowercased().filter { !$0.isWhitespace }] where own.count >= 4 && compact.contains(own) {
            return "must not contain your e-mail address or name"
        }
        return nil
    }

    /// Keyboard rows and counting runs, forwards and backwards.
    static let runs: [String] = {
        let rows = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz", "01234567890123456789"]
        let repeated = rows.map { String(repeating: $0, count: 3) }
        return repeated + repeated.map { String($0.reversed()) }
    }()

    /// The most common passwords of 15 characters or more in published breach corpora (shorter ones
    /// already fail the length rule), lower-cased.
    static let common: Set<String> = [
        "123456789012345", "1234567890123456", "12345678901234567890", "111111111111111", "000000000000000",
        "passwordpassword", "password1234567", "password12345678", "passwordpassword1", "mypasswordismypassword",
        "qwertyuiopasdfgh", "qwertyuiopasdfghjkl", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv", "1q2w3e4r5t6y7u8i",
        "iloveyouiloveyou", "iloveyoubaby123", "iloveyouforever", "iloveyousomuch", "iloveyousomuch1",
        "letmeinletmein", "letmein1234567", "welcome12345678", "welcometothejungle", "changeme1234567",
        "administrator123", "administrator1", "adminadminadmin", "rootrootroot123", "abcdefghijklmno",
        "thequickbrownfox", "thequickbrownfoxjumpsoverthelazydog", "trustno1trustno1",
        "football12345678", "baseball12345678", "basketball12345", "superman1234567", "starwars1234567",
        "dragon1234567890", "monkey1234567890", "sunshine1234567", "princess1234567", "shadow123456789",
        "michael123456789", "jennifer1234567", "charlie12345678", "computer1234567", "internet1234567",
        "qwerty123456789", "qwerty1234567890", "asdfghjkl123456", "zxcvbnm12345678", "a1b2c3d4e5f6g7h8",
        "passw0rdpassw0rd", "p@ssw0rdp@ssw0rd", "p@ssword123456", "password!123456", "summer2024summer",
        "spring2025spring", "winter2024winter", "autumn2024autumn", "january2025january", "circlescircles123",
    ]
}
