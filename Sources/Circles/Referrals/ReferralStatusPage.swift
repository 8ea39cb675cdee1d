import Foundation
import GroupViews
import HTTPServer
import Schedules
import Store

/// `/referrals/status/<token>`: how the person's referral is going, rendered on the server so that it
/// works on any phone, with or without JavaScript. Never personal data. The person's steps (withdraw,
/// "I went", "not for me") are ordinary forms that post and come back here (post/redirect/get).
struct ReferralStatusPage {
    let site: Site

    /// What the person just did, shown once after the redirect (`?done=withdrawn`); `sent` is the
    /// confirmation of a referral just sent from the form.
    enum Done: String {
        case sent, withdrawn, attended
        case notForMe = "not_for_me"
        /// The status link was mailed (or not: the page says the same either way).
        case linkSent = "link_sent"
        /// The form was sent again, its answers changed, after the referral was made: nothing new was made.
        case alreadySent = "already_sent"

        /// The catalogue key of what the page says once it is done.
        var key: String { "status.done." + rawValue }
    }

    /// The one question a link of the check-in mail asks (`?ask=attended`): the page shows it, says
    /// which button answers it, and puts the focus there. The link itself changes nothing: the form posts.
    enum Ask: String, CaseIterable {
        case attended
        case notForMe = "not_for_me"
        case withdraw

        /// The link's query. No fragment: a browser ignores `autofocus` on an address with one, and the
        /// focused button is scrolled into view anyway.
        var query: String { "?ask=" + rawValue }

        /// The step the answer takes.
        var step: ReferralStatus {
            switch self {
            case .attended: .attended
            case .notForMe: .notForMe
            case .withdraw: .withdrawn
            }
        }

        /// The catalogue key of the button that answers it.
        var buttonKey: String {
            switch self {
            case .attended: "status.attended"
            case .notForMe: "status.not_for_me"
            case .withdraw: "status.yes"
            }
        }
    }

    func respond(_ request: Request, problem: String? = nil, status: Int = 200) throws -> Response {
        let t = site.catalogue(request)
        let words = Wording(t)
        guard let hash = ReferralRoutes.tokenHash(request), let (referral, group, events) = try site.database.referralStatus(statusTokenHash: hash) else {
            return try page(request, ["valid": false], title: t.text("status.invalid_heading"), status: 404, t: t)
        }
        let now = Date()
        let details = try site.database.groupDetails(id: group.id!)
        let zone = Recurrence.ianaTimeZone(group.timeZone)
        let (headline, explanation) = Self.words(referral.status, urgent: referral.urgent, t: t)
        let steps = events.isEmpty ? [(ReferralStatus.new, referral.createdAt)] : events.map { ($0.toStatus, $0.createdAt) }
        let path = site.catalogues.path("/referrals/status/" + request.parameter("token"), in: t)
        let canAttended = ReferralWorkflow.personMayMove(from: referral.status, to: .attended)
        let canNotForMe = ReferralWorkflow.personMayMove(from: referral.status, to: .notForMe)
        let done = request.query["done"].flatMap(Done.init(rawValue:))
        // The group's name as its pages in this language say it (the organization's translation, or the original with its lang).
        let name = details.map { GroupTexts($0, words).name } ?? GroupTexts.Text(text: group.name, language: nil)
        var context: [String: TemplateValue] = [
            "valid": true,
            "groupName": .text(name.text),
            "groupNameLang": name.lang,
            "groupUrl": .text("/groups/\(group.slug)"),
            "calendarUrl": .text("/calendars/groups/\(group.slug).ics"),
            "status": .text(referral.status.rawValue),
            "headline": .text(headline),
            "explanation": .text(explanation),
            "since": .text(t.text("status.last_change", ["when": Self.when(steps.last!.1, zone: zone, words: words)])),
            "history": .list(
                steps.map {
                    [
                        "what": .text(words.label($0.0, in: "referral_status_for_person", english: $0.0.personLabel)),
                        "when": .text(Self.when($0.1, zone: zone, words: words)), "at": .text($0.1.text),
                    ]
                }),
            "result": .optional(done.flatMap { $0 == .sent ? nil : t.text($0.key) }),
            "sent": done == .sent ? Self.confirmation(referral, group: group, name: name.text, link: site.address(request).origin + path, t: t) : false,
            "problem": .optional(problem),
            "canWithdraw": .bool(ReferralWorkflow.personMayMove(from: referral.status, to: .withdrawn)),
            "canAttended": .bool(canAttended),
            "canNotForMe": .bool(canNotForMe),
            "withdrawAction": .text(path + "/withdraw"),
            "attendedAction": .text(path + "/attended"),
            "notForMeAction": .text(path + "/not-for-me"),
            "next": false, "place": false,
        ]
        // "Have you been to the group?" only once the person could have been: the first meeting after the
        // referral is over (the same reckoning as the check-in mail's), or a link of that mail asks it.
        let ask = request.query["ask"].flatMap(Ask.init(rawValue:)).flatMap {
            ReferralWorkflow.personMayMove(from: referral.status, to: $0.step) ? $0 : nil
        }
        let could = details.map { FirstMeeting.isOver($0, since: referral.createdAt.date, now: now) } ?? false
        context["askIfWent"] = .bool((could || ask == .attended || ask == .notForMe) && (canAttended || canNotForMe))
        let asking = ask.map { t.text("status.ask." + $0.rawValue, ["button": t.text($0.buttonKey)]) }
        context["askReport"] = .optional(ask == .withdraw ? nil : asking)
        context["askWithdraw"] = .optional(ask == .withdraw ? asking : nil)
        context["focusAttended"] = .bool(ask == .attended)
        context["focusNotForMe"] = .bool(ask == .notForMe)
        context["focusWithdraw"] = .bool(ask == .withdraw)
        // "E-mail me the link": only to a person who chose e-mail and still gets mail (the form's answer says the same either way).
        context["sendLink"] = .bool(
            site.api.mailer.isOn && referral.preferredContactMethod == .email && referral.mailUnsubscribedAt == nil
                && referral.personalData != nil)
        context["sendLinkAction"] = .text(path + "/send-link")
        if let details, group.status == .active, let next = MeetingFinder.next(for: details, after: now) {
            var meeting = MeetingWords(next, group: details, now: now, words: words).context
            if case .object(var fields) = meeting {
                fields["full"] = .text(GroupPage.fullDate(next.occurrence, now: now, words: words))
                meeting = .object(fields)
            }
            context["next"] = meeting
            if group.format != .online && group.format != .phone, let place = details.place(of: next) {
                context["place"] = .text(place.oneLine)
            }
        }
        let organization = details?.organization
        let email = group.contactEmail ?? organization?.email
        let phone = group.contactPhone ?? organization?.phone
        context["contact"] = [
            "organization": .text(organization?.name ?? t.text("status.the_organization")),
            "email": .optional(email),
            "phone": .optional(phone),
            "phoneTel": .optional(phone.map { "tel:" + $0.filter { $0.isNumber || $0 == "+" } }),
        ]
        return try page(request, context, title: headline, status: status, t: t)
    }

    private func page(_ request: Request, _ context: [String: TemplateValue], title: String, status: Int, t: Catalogue) throws -> Response {
        let shell = PageShell(
            title: title + " — Circles", description: t.text("status.description"),
            scripts: ["/js/status.js"], stylesheets: ["/css/console.css"], noindex: true)
        var response = try site.page("referral-status", context, shell: shell, request: request, status: status)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// What the page says once, after the form sent the referral: that it was sent, what happens next (an
    /// urgent one is not promised "within a few days"), where to get help now, and the link to keep.
    static func confirmation(_ referral: ReferralRecord, group: GroupRecord, name: String, link: String, t: Catalogue) -> TemplateValue {
        let urgent = referral.urgent || referral.crisisFlag
        return [
            "next": .text(t.text(urgent ? "referral.what_happens_next_urgent" : "referral.what_happens_next", ["group": name])),
            "urgent": .bool(urgent),
            "full": .optional(GroupSeats.isFull(group) ? t.text("referral.full_warning", ["group": name]) : nil),
            "link": .text(link),
        ]
    }

    /// An instant on the group's clock, as the site writes times: "Friday, December 4, 6:30 pm".
    static func when(_ instant: Timestamp, zone: TimeZone?, words: Wording) -> String {
        let clock = ZonedTime(timeZone: zone ?? TimeZone(identifier: "UTC")!)
        let local = clock.localDateAndTime(at: instant.date)
        let today = clock.localDateAndTime(at: Date()).date
        return words.full(local.date, local.time, today: today)
    }

    /// Each status in plain words for the person (`status.words.<status>` of the catalogue): a headline
    /// and what it means. An urgent referral is not promised an answer "within a few days".
    static func words(_ status: ReferralStatus, urgent: Bool, t: Catalogue) -> (String, String) {
        let key = "status.words." + status.rawValue
        return (t.text(key + ".title"), t.text(key + (status == .new && urgent ? ".explain_urgent" : ".explain")))
    }
}
