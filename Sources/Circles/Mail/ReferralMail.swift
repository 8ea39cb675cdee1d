import Foundation
import Store

/// The messages a referral's events write, each in the event's transaction: a notice to the
/// coordinators of the group's organization who asked for one (never the person's name, contacts or
/// note: e-mail is not a safe place for them), and to the person — only when they gave an address,
/// chose e-mail as the way to hear back and have not unsubscribed — a receipt with their status
/// link, then a short note when the group was in touch, enrolled them or put them on its waiting list.
struct ReferralMail {
    let api: API
    let site: SiteAddress

    /// On a new referral.
    func created(
        _ referral: ReferralRecord, group: GroupRecord, coordinators: [UserRecord], person: PersonalData, statusToken: String
    ) throws
        -> [OutgoingMail]
    {
        var mails: [OutgoingMail] = []
        let about = (type: "referral", id: String(referral.id!))
        for coordinator in coordinators {
            let content = notice(referral, group: group)
            if let mail = try api.mailer.outgoing(
                content, to: coordinator.email, kind: .referralNotice, about: about, organizationId: referral.organizationId)
            {
                mails.append(mail)
            }
        }
        if let address = personalAddress(referral, person) {
            let language = MailWords.language(referral.language)
            var paragraphs = [MailWords.text("mail.receipt.body", language: language, ["group": group.name])]
            if referral.urgent || referral.crisisFlag { paragraphs.append(MailWords.text("mail.receipt.crisis", language: language)) }
            let content = MailContent(
                language: language, subject: MailWords.text("mail.receipt.subject", language: language, ["group": group.name]),
                paragraphs: paragraphs,
                actions: [.init(label: MailWords.text("mail.status.open", language: language), url: site.origin + "/referrals/status/" + statusToken)],
                footer: personFooter(referral, language: language))
            if let mail = try api.mailer.outgoing(
                content, to: address, kind: .referralReceipt, about: about, organizationId: referral.organizationId,
                unsubscribeURL: unsubscribeURL(referral))
            {
                mails.append(mail)
            }
        }
        return mails
    }

    /// After a move to `referral.status`: a note to the person for the steps they hear of. The address
    /// is read from the sealed personal data only when a message will be written, and that read is audited.
    func moved(_ referral: ReferralRecord, group: GroupRecord) throws -> [OutgoingMail] {
        let key: String
        switch referral.status {
        case .contacted: key = "mail.update.contacted"
        case .enrolled: key = "mail.update.enrolled"
        case .waitlisted: key = "mail.update.waitlisted"
        case .new, .declined, .unreachable, .withdrawn, .attended, .notForMe, .closed: return []
        }
        guard api.mailer.isOn, referral.preferredContactMethod == .email, referral.mailUnsubscribedAt == nil,
            let sealed = referral.personalData
        else { return [] }
        let person = try api.sealer.openJSON(PersonalData.self, [UInt8](sealed), context: "referral:\(referral.id!)")
        guard let address = personalAddress(referral, person) else { return [] }
        let language = MailWords.language(referral.language)
        let content = MailContent(
            language: language, subject: MailWords.text("mail.update.subject", language: language, ["group": group.name]),
            paragraphs: [MailWords.text(key, language: language, ["group": group.name])], footer: personFooter(referral, language: language))
        let read = AuditEntry(
            actor: "system", action: "referral.mail_address_read", targetType: "referral", targetId: String(referral.id!),
            organizationId: referral.organizationId, detail: "to write the \(referral.status) note")
        return try api.mailer.outgoing(
            content, to: address, kind: .referralUpdate, about: (type: "referral", id: String(referral.id!)), organizationId: referral.organizationId,
            unsubscribeURL: unsubscribeURL(referral), addressRead: read
        ).map { [$0] } ?? []
    }

    /// The notice to coordinators: the group, whether it is urgent, a link to the console. Nothing about the person.
    private func notice(_ referral: ReferralRecord, group: GroupRecord) -> MailContent {
        let language = "en"
        let urgent = referral.urgent || referral.crisisFlag
        return MailContent(
            language: language,
            subject: MailWords.text(urgent ? "mail.notice.subject_urgent" : "mail.notice.subject", language: language, ["group": group.name]),
            paragraphs: [MailWords.text(urgent ? "mail.notice.body_urgent" : "mail.notice.body", language: language, ["group": group.name])],
            actions: [.init(label: MailWords.text("mail.notice.open", language: language), url: site.origin + "/admin/referrals.html")],
            footer: MailWords.text("mail.footer.staff", language: language, ["console": site.origin + "/admin/mail.html"]))
    }

    private func personalAddress(_ referral: ReferralRecord, _ person: PersonalData) -> String? {
        guard referral.preferredContactMethod == .email, referral.mailUnsubscribedAt == nil else { return nil }
        return person.email
    }

    private func unsubscribeURL(_ referral: ReferralRecord) -> String {
        site.origin + UnsubscribeLink.pathPrefix + UnsubscribeLink(sealer: api.sealer).token(referralId: referral.id!)
    }

    private func personFooter(_ referral: ReferralRecord, language: String) -> String {
        MailWords.text("mail.footer.person", language: language, ["unsubscribe": unsubscribeURL(referral)])
    }
}
