import Foundation

/// The words of every message, by key, with `{name}` placeholders, in the shape of the site's
/// message catalogues (`mail.receipt.subject`), so that a language is one more table. English only
/// for now; `text(_:language:_:)` falls back to English for a language without a table.
enum MailWords {
    static let english: [String: String] = [
        "mail.footer.staff":
            "You get this because you asked to hear of new referrals for your organization on Circles. Choose which e-mail you get in the console: {console}",
        "mail.footer.person":
            "You get this because you asked for news of your referral by e-mail. To get no more, use the unsubscribe link: {unsubscribe}",
        "mail.footer.correction": "You get this because you left this address with a suggested correction. It has now been erased.",
        "mail.notice.subject": "A new referral for {group}",
        "mail.notice.subject_urgent": "Urgent: a new referral for {group}",
        "mail.notice.body": "{group} has a new referral. Sign in to the console to read it: the details are kept there, never in e-mail.",
        "mail.notice.body_urgent": "{group} has a new referral marked urgent. Please read it in the console as soon as you can.",
        "mail.notice.open": "Open the referrals",
        "mail.digest.subject_one": "1 new referral for {organization}",
        "mail.digest.subject_other": "{count} new referrals for {organization}",
        "mail.digest.body_one":
            "{organization} has 1 new referral since the last digest. Sign in to the console to read it: the details are kept there, never in e-mail.",
        "mail.digest.body_other":
            "{organization} has {count} new referrals since the last digest. Sign in to the console to read them: the details are kept there, never in e-mail.",
        "mail.receipt.subject": "Your referral to {group} has arrived",
        "mail.receipt.body":
            "{group} has your referral. Someone from the group will reach out, usually within a few days. Keep this message: its link shows the progress of your referral and lets you withdraw it.",
        "mail.receipt.crisis": "If you are in crisis now, call or text 988 (Suicide & Crisis Lifeline), or 911 in an emergency.",
        "mail.status.open": "See your referral",
        "mail.update.subject": "News of your referral to {group}",
        "mail.update.contacted": "{group} has been in touch about your referral.",
        "mail.update.enrolled": "{group} has enrolled you. Welcome!",
        "mail.update.waitlisted": "{group} is full for now and has put you on its waiting list. They will let you know when a place opens.",
        "mail.correction.subject": "Your suggested correction to {group}",
        "mail.correction.applied": "Thank you: your suggested correction to {group} has been applied to the listing.",
        "mail.correction.dismissed": "Thank you for your suggested correction to {group}. The organization looked at it and left the listing as it was.",
    ]

    static let tables: [String: [String: String]] = ["en": english]

    /// The message `key` in `language` (English when that language has no table), placeholders filled.
    static func text(_ key: String, language: String, _ values: [String: String] = [:]) -> String {
        let table = tables[language] ?? english
        var text = table[key] ?? english[key] ?? key
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// The language a message is written in: the person's, when there are words for it.
    static func language(_ requested: String) -> String {
        let code = String(requested.lowercased().prefix { $0 != "-" && $0 != "_" })
        return tables[code] == nil ? "en" : code
    }
}
