import Foundation
import Store

/// The messages a referral's events write, each in the event's transaction: a notice to the
/// coordinators of the group's organization who asked for one (never the person's name, contacts or
/// note: e-mail is not a safe place for them), and to the person — only when they gave an address,
/// chose e-mail as the way to hear back and have not unsubscribed — a receipt with their status
/// link, then a short note when the group was in touch, enrolled them or put them on its waiting list,
/// and one check-in the morning after the first meeting they could go to. Each in the person's language,
/// the group named as its pages in that language name it (`GroupTexts`: the organization's translation of
/// the name where it gave one); the notices, addressed to the organization, keep the group's own name.
struct ReferralMail {
    let api: API

    private var words: MailWords { api.mailer.words }
    private var links: SiteAddress { api.mailer.site }

    /// On a new referral: the notices, the receipt and — when the group lists a meeting after it — the
    /// check-in, written now and held in the outbox until it is due (`FirstMeeting.checkInDue`). `details`
    /// are the group's schedules and translations as read before the referral's transaction.
    func created(
        _ referral: ReferralRecord, group: GroupRecord, details: GroupDetails?, coordinators: [UserRecord], person: PersonalData,
        statusToken: String
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
            let language = words.language(referral.language)
            let translations = details?.links.translations ?? []
            let name = GroupTexts.name(of: group, translations, language: language)
            var paragraphs = [words.text("mail.receipt.body", language: language, ["group": name])]
            if referral.urgent || referral.crisisFlag { paragraphs.append(words.text("mail.receipt.crisis", language: language)) }
            let content = MailContent(
                language: language, subject: words.text("mail.receipt.subject", language: language, ["group": name]),
                paragraphs: paragraphs,
                actions: [.init(label: words.text("mail.status.open", language: language), url: statusPage(statusToken, language: language))],
                footer: personFooter(referral, language: language))
            if let mail = try api.mailer.outgoing(
                content, to: address, kind: .referralReceipt, about: about, organizationId: referral.organizationId,
                unsubscribeURL: unsubscribeURL(referral))
            {
                mails.append(mail)
            }
            if let details, let due = FirstMeeting.checkInDue(details, since: referral.createdAt.date),
                let mail = try checkIn(referral, group: group, translations: translations, to: address, statusToken: statusToken, due: due)
            {
                mails.append(mail)
            }
        }
        return mails
    }

    /// "Did you go?": three links to the status page, each asking there the one question it names
    /// (`?ask=`); the page's form does the step, a link never does. Nothing about the person.
    func checkIn(
        _ referral: ReferralRecord, group: GroupRecord, translations: [GroupTranslation], to address: String, statusToken: String, due: Date
    ) throws -> OutgoingMail? {
        let language = words.language(referral.language)
        let name = GroupTexts.name(of: group, translations, language: language)
        let page = statusPage(statusToken, language: language)
        let actions = ReferralStatusPage.Ask.allCases.map { ask in
            MailContent.Action(label: words.text("mail.check_in." + ask.rawValue, language: language), url: page + ask.query)
        }
        let content = MailContent(
            language: language, subject: words.text("mail.check_in.subject", language: language, ["group": name]),
            paragraphs: [words.text("mail.check_in.body", language: language, ["group": name])], actions: actions,
            footer: personFooter(referral, language: language))
        return try api.mailer.outgoing(
            content, to: address, kind: .referralCheckIn, about: (type: "referral", id: String(referral.id!)),
            organizationId: referral.organizationId, unsubscribeURL: unsubscribeURL(referral), notBefore: due)
    }

    /// The status link again, asked for on the status page: only when the person chose e-mail and has not
    /// unsubscribed. The address is read from the sealed personal data, and that read is audited.
    /// `translations` are the group's, as read before the transaction.
    func statusLink(_ referral: ReferralRecord, group: GroupRecord, translations: [GroupTranslation], statusToken: String) throws -> [OutgoingMail] {
        guard api.mailer.isOn, let sealed = referral.personalData else { return [] }
        let person = try api.sealer.openJSON(PersonalData.self, [UInt8](sealed), context: "referral:\(referral.id!)")
        guard let address = personalAddress(referral, person) else { return [] }
        let language = words.language(referral.language)
        let name = GroupTexts.name(of: group, translations, language: language)
        let content = MailContent(
            language: language, subject: words.text("mail.link.subject", language: language, ["group": name]),
            paragraphs: [words.text("mail.link.body", language: language, ["group": name])],
            actions: [
                .init(
                    label: words.text("mail.status.open", language: language),
                    url: statusPage(statusToken, language: language))
            ],
            footer: personFooter(referral, language: language))
        return try toPerson(referral, content, address: address, kind: .referralReceipt, readBy: "person", why: "to send the status link again")
    }

    /// After a move to `referral.status`: a note to the person for the steps they hear of. The address
    /// is read from the sealed personal data only when a message will be written, and that read is audited.
    /// `translations` are the group's, as read before the transaction.
    func moved(_ referral: ReferralRecord, group: GroupRecord, translations: [GroupTranslation]) throws -> [OutgoingMail] {
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
        let language = words.language(referral.language)
        let name = GroupTexts.name(of: group, translations, language: language)
        let content = MailContent(
            language: language, subject: words.text("mail.update.subject", language: language, ["group": name]),
            paragraphs: [words.text(key, language: language, ["group": name])], footer: personFooter(referral, language: language))
        return try toPerson(referral, content, address: address, kind: .referralUpdate, readBy: "system", why: "to write the \(referral.status) note")
    }

    /// A message to the person at the address just opened from their sealed data; that read is audited
    /// (`readBy` and `why`) in the transaction that writes the message.
    private func toPerson(
        _ referral: ReferralRecord, _ content: MailContent, address: String, kind: MailKind, readBy actor: String, why: String
    )
        throws -> [OutgoingMail]
    {
        let read = AuditEntry(
            actor: actor, action: "referral.mail_address_read", targetType: "referral", targetId: String(referral.id!),
            organizationId: referral.organizationId, detail: why)
        return try api.mailer.outgoing(
            content, to: address, kind: kind, about: (type: "referral", id: String(referral.id!)), organizationId: referral.organizationId,
            unsubscribeURL: unsubscribeURL(referral), addressRead: read
        ).map { [$0] } ?? []
    }

    /// The notice to coordinators: the group, whether it is urgent, a link to the console. Nothing about the person.
    private func notice(_ referral: ReferralRecord, group: GroupRecord) -> MailContent {
        let language = "en"
        let urgent = referral.urgent || referral.crisisFlag
        return MailContent(
            language: language,
            subject: words.text(urgent ? "mail.notice.subject_urgent" : "mail.notice.subject", language: language, ["group": group.name]),
            paragraphs: [words.text(urgent ? "mail.notice.body_urgent" : "mail.notice.body", language: language, ["group": group.name])],
            actions: [.init(label: words.text("mail.notice.open", language: language), url: links.absolute("/admin/referrals.html"))],
            footer: words.text("mail.footer.staff", language: language, ["console": links.absolute("/admin/mail.html")]))
    }

    /// Where the person's own mail goes: nil unless they asked to be written to and did not unsubscribe.
    func personalAddress(_ referral: ReferralRecord, _ person: PersonalData) -> String? {
        guard referral.preferredContactMethod == .email, referral.mailUnsubscribedAt == nil else { return nil }
        return person.email
    }

    private func unsubscribeURL(_ referral: ReferralRecord) -> String {
        links.origin + UnsubscribeLink.pathPrefix + UnsubscribeLink(sealer: api.sealer).token(referralId: referral.id!)
    }

    /// The person's status page, in the language of the message that links it.
    private func statusPage(_ token: String, language: String) -> String {
        links.origin + words.path("/referrals/status/" + token, language: language)
    }

    private func personFooter(_ referral: ReferralRecord, language: String) -> String {
        words.text("mail.footer.person", language: language, ["unsubscribe": unsubscribeURL(referral)])
    }
}
