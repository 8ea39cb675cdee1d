import Testing

@testable import Circles

/// NIST SP 800-63B's rules for a password that is the only factor: length, a list of common values,
/// no composition rules.
@Suite struct PasswordRulesTests {
    @Test func longPassphrasesPassWithoutCompositionRules() {
        #expect(PasswordRules.problem("correct horse battery") == nil, "no digit or symbol is required")
        #expect(PasswordRules.problem("ñandú pingüino acción") == nil, "any Unicode is welcome")
        #expect(PasswordRules.problem(String(repeating: "tea and toast ", count: 18)) == nil, "long passphrases are accepted")
    }

    @Test func shortCommonAndGuessablePasswordsAreRefused() {
        #expect(PasswordRules.problem("Tr0ub4dor&3xyz")?.contains("at least 15") == true)
        #expect(PasswordRules.problem("PasswordPassword")?.contains("commonly used") == true, "compared case-insensitively")
        #expect(PasswordRules.problem("i love you i love you")?.contains("commonly used") == true, "compared without spaces")
        #expect(PasswordRules.problem("aaaaaaaaaaaaaaaaaaaa")?.contains("repeats") == true)
        #expect(PasswordRules.problem("ababababababababab")?.contains("repeats") == true)
        #expect(PasswordRules.problem("qwertyuiopqwertyu")?.contains("run of the keyboard") == true)
        #expect(PasswordRules.problem("zyxwvutsrqponmlk")?.contains("run of the keyboard") == true)
        #expect(PasswordRules.problem("robin.quillfeather 2026", email: "quillfeather@example.org")?.contains("e-mail") == true)
        #expect(PasswordRules.problem(String(repeating: "x y ", count: 100))?.contains("at most 256") == true)
    }

    @Test func accountsRefuseAWeakPassword() throws {
        let app = try TestApp()
        #expect(throws: (any Error).self) {
            try Accounts.add(in: app.database, email: "a@example.org", name: "A", role: "admin", organizationSlug: nil, password: "passwordpassword")
        }
        #expect(throws: Never.self) {
            try Accounts.add(in: app.database, email: "b@example.org", name: "B", role: "admin", organizationSlug: nil, password: "a quiet walk by the river")
        }
    }
}
