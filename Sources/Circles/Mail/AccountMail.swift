import Foundation
import Store

/// Mail to staff about their own account: the invitation and the password reset, each carrying a
/// single-use link to the page that sets a password (`/admin/password.html`, the token after `#`
/// so that it never reaches a server log or a `Referer`). English, like the console: accounts have no language of their own.
///
/// Links are made only from `--public-url` (`Mailer.site`): anyone may ask for a reset, and a link built
/// from the request's `Host` would carry the token to whatever host the asker named.
struct AccountMail {
    let mailer: Mailer

    /// The mail of an installation that has a relay; nil otherwise.
    init?(api: API) {
        guard api.mailer.isOn else { return nil }
        mailer = api.mailer
    }

    func link(_ token: String) -> String { mailer.site.absolute("/admin/password.html#token=" + token) }

    func invitation(to user: UserRecord, organization: String, inviter: String, token: String) throws -> OutgoingMail? {
        let values = ["organization": organization, "inviter": inviter, "role": user.role.label.lowercased()]
        return try message(
            to: user, kind: .invitation, subject: mailer.words.text("mail.invitation.subject", language: "en", values),
            body: mailer.words.text("mail.invitation.body", language: "en", values),
            action: mailer.words.text("mail.invitation.open", language: "en"), token: token)
    }

    func reset(to user: UserRecord, token: String) throws -> OutgoingMail? {
        try message(
            to: user, kind: .passwordReset, subject: mailer.words.text("mail.reset.subject", language: "en"),
            body: mailer.words.text("mail.reset.body", language: "en"), action: mailer.words.text("mail.reset.open", language: "en"), token: token)
    }

    private func message(
        to user: UserRecord, kind: MailKind, subject: String, body: String, action: String, token: String
    ) throws
        -> OutgoingMail?
    {
        let content = MailContent(
            language: "en", subject: subject, paragraphs: [body], actions: [.init(label: action, url: link(token))],
            footer: mailer.words.text("mail.footer.account", language: "en"))
        return try mailer.outgoing(
            content, to: user.email, kind: kind, about: (type: "user", id: String(user.id!)), organizationId: user.organizationId)
    }
}
