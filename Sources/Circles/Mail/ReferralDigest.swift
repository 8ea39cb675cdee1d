import Foundation
import Store

/// The hourly and daily digests of new referrals, for coordinators who chose them (a step of the
/// hourly `maintenance` job): "3 new referrals for Harbor Peer Center", a link to the console, and
/// nothing about anyone. Urgent referrals are not counted: they were told at once.
struct ReferralDigest: Sendable {
    let database: AppDatabase
    let mailer: Mailer

    @discardableResult
    func queue(now: Date = Date()) throws -> Int {
        guard mailer.isOn else { return 0 }
        return try database.queueReferralDigests(now: now) { user, organization, count in
            let language = "en"
            let words = mailer.words
            let values = ["organization": organization]
            let content = MailContent(
                language: language, subject: words.plural("mail.digest.subject", count: count, language: language, values),
                paragraphs: [words.plural("mail.digest.body", count: count, language: language, values)],
                actions: [.init(label: words.text("mail.notice.open", language: language), url: mailer.site.absolute("/admin/referrals.html"))],
                footer: words.text("mail.footer.staff", language: language, ["console": mailer.site.absolute("/admin/mail.html")]))
            return try mailer.outgoing(
                content, to: user.email, kind: .referralNotice, about: (type: "user", id: String(user.id!)), organizationId: user.organizationId)
        }
    }
}
