import Foundation
import Store

/// The reply to whoever suggested a correction and left an address: applied or dismissed, in the
/// decision's transaction. The address is opened from its sealed column to write it (an audited
/// read), and the store erases the column once the message is queued.
struct CorrectionMail {
    let api: API

    func decided(_ request: ChangeRequestRecord, group: GroupRecord, organizationId: Int64) throws -> [OutgoingMail] {
        guard api.mailer.isOn, let sealed = request.replyEmail else { return [] }
        let id = request.id!
        let address = String(decoding: try api.sealer.open([UInt8](sealed), context: "change-request:\(id)"), as: UTF8.self)
        let language = "en"
        let key = request.status == .applied ? "mail.correction.applied" : "mail.correction.dismissed"
        let content = MailContent(
            language: language, subject: api.mailer.words.text("mail.correction.subject", language: language, ["group": group.name]),
            paragraphs: [api.mailer.words.text(key, language: language, ["group": group.name])],
            actions: [.init(label: group.name, url: api.mailer.site.absolute("/groups/" + group.slug))],
            footer: api.mailer.words.text("mail.footer.correction", language: language))
        let read = AuditEntry(
            actor: "system", action: "change_request.mail_address_read", targetType: "change_request", targetId: String(id),
            organizationId: organizationId, detail: "to write the \(request.status) reply; then erased")
        return try api.mailer.outgoing(
            content, to: address, kind: .correctionReply, about: (type: "change_request", id: String(id)), organizationId: organizationId,
            addressRead: read
        ).map { [$0] } ?? []
    }
}
