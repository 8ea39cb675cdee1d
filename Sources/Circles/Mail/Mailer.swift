import Foundation
import Mail
import Store

/// Writes messages for the outbox: renders them (`MailMessage`), seals each whole — recipient
/// included — bound to its Message-ID, and says what it is about. With no relay configured
/// (`--smtp-url` unset) mail is off: nothing is written, so nothing piles up to be sent later.
struct Mailer: Sendable {
    /// The sender's address (`--mail-from`); nil when mail is off.
    let from: String?
    let sealer: Sealer
    /// The words of every message, from the site's catalogues.
    let words: MailWords
    /// Where every link in a message points: `--public-url` (which mail requires), never a request's
    /// `Host`: anyone may send a referral, and links made from their header would send staff to their site.
    let site: SiteAddress
    let fromName = "Circles"

    var isOn: Bool { from != nil }

    /// What the outbox keeps of a message, sealed.
    struct Sealed: Codable {
        var to: String
        var message: Data
    }

    /// The message `content` to `recipient`, ready for `MailOutbox.enqueue` (not sent before `notBefore`); nil when mail is off.
    func outgoing(
        _ content: MailContent, to recipient: String, kind: MailKind, about target: (type: String, id: String), organizationId: Int64?,
        unsubscribeURL: String? = nil, addressRead: AuditEntry? = nil, notBefore: Date? = nil
    ) throws -> OutgoingMail? {
        guard let from else { return nil }
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        let message = MailMessage(
            fromName: fromName, fromAddress: from, to: recipient, subject: content.subject, text: content.text, html: content.html,
            messageId: MailMessage.newMessageId(domain: domain), unsubscribeURL: unsubscribeURL, language: content.language)
        let sealed = try sealer.sealJSON(Sealed(to: recipient, message: Data(message.rendered())), context: Self.context(message.messageId))
        return OutgoingMail(
            messageId: message.messageId, kind: kind, targetType: target.type, targetId: target.id, organizationId: organizationId,
            sealedMessage: Data(sealed), addressRead: addressRead, notBefore: notBefore)
    }

    /// Opens a claimed message: its recipient and bytes.
    func open(_ job: MailJob) throws -> Sealed {
        try sealer.openJSON(Sealed.self, [UInt8](job.sealedMessage), context: Self.context(job.messageId))
    }

    static func context(_ messageId: String) -> String { "mail:" + messageId }
}
