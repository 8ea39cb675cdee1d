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

    /// What the person just did, shown once after the redirect (`?done=withdrawn`).
    enum Done: String {
        case withdrawn, attended
        case notForMe = "not_for_me"

        var text: String {
            switch self {
            case .withdrawn: "Your referral was withdrawn. The organization will not contact you about it."
            case .attended: "Thank you: the group now knows you went."
            case .notForMe: "Thank you for telling the group. It will not contact you about this referral."
            }
        }
    }

    func respond(_ request: Request, problem: String? = nil, status: Int = 200) throws -> Response {
        guard let hash = ReferralRoutes.tokenHash(request), let (referral, group, events) = try site.database.referralStatus(statusTokenHash: hash) else {
            return try page(
                request, ["valid": false],
                title: "This status link doesn’t work", status: 404)
        }
        let now = Date()
        let details = try site.database.groupDetails(id: group.id!)
        let zone = Recurrence.ianaTimeZone(group.timeZone)
        let (headline, explanation) = Self.words(referral.status, urgent: referral.urgent)
        let steps = events.isEmpty ? [(ReferralStatus.new, referral.createdAt)] : events.map { ($0.toStatus, $0.createdAt) }
        let path = "/referrals/status/" + request.parameter("token")
        let canAttended = ReferralWorkflow.personMayMove(from: referral.status, to: .attended)
        let canNotForMe = ReferralWorkflow.personMayMove(from: referral.status, to: .notForMe)
        var context: [String: TemplateValue] = [
            "valid": true,
            "groupName": .text(group.name),
            "groupUrl": .text("/groups/\(group.slug)"),
            "status": .text(referral.status.rawValue),
            "headline": .text(headline),
            "explanation": .text(explanation),
            "since": .text("Last change: " + Self.when(steps.last!.1, zone: zone) + "."),
            "history": .list(steps.map { ["what": .text($0.0.personLabel), "when": .text(Self.when($0.1, zone: zone)), "at": .text($0.1.text)] }),
            "result": .optional(request.query["done"].flatMap(Done.init(rawValue:))?.text),
            "problem": .optional(problem),
            "canWithdraw": .bool(ReferralWorkflow.personMayMove(from: referral.status, to: .withdrawn)),
            "canAttended": .bool(canAttended),
            "canNotForMe": .bool(canNotForMe),
            "withdrawAction": .text(path + "/withdraw"),
            "attendedAction": .text(path + "/attended"),
            "notForMeAction": .text(path + "/not-for-me"),
            "next": false, "place": false,
        ]
        // "Have you been to the group?" only once the person could have been: a meeting has begun since the referral.
        let could = details.map { Self.couldHaveGone($0, since: referral.createdAt, now: now) } ?? false
        context["askIfWent"] = .bool(could && (canAttended || canNotForMe))
        if let details, group.status == .active, let next = MeetingFinder.next(for: details, after: now) {
            var words = MeetingWords(next, group: details, now: now).context
            if case .object(var fields) = words {
                fields["full"] = .text(GroupPage.fullDate(next.occurrence, now: now))
                words = .object(fields)
            }
            context["next"] = words
            if group.format != .online && group.format != .phone, let place = details.place(of: next) {
                context["place"] = .text(place.oneLine)
            }
        }
        let organization = details?.organization
        let email = group.contactEmail ?? organization?.email
        let phone = group.contactPhone ?? organization?.phone
        context["contact"] = [
            "organization": .text(organization?.name ?? "The organization"),
            "email": .optional(email),
            "phone": .optional(phone),
            "phoneTel": .optional(phone.map { "tel:" + $0.filter { $0.isNumber || $0 == "+" } }),
        ]
        return try page(request, context, title: headline, status: status)
    }

    private func page(_ request: Request, _ context: [String: TemplateValue], title: String, status: Int) throws -> Response {
        let shell = PageShell(
            title: title + " — Circles", description: "How your referral to a peer support group is going.",
            scripts: ["/js/status.js"], stylesheets: ["/css/console.css"], noindex: true)
        var response = try site.page("referral-status", context, shell: shell, request: request, status: status)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// Whether a meeting of the group has begun since the referral was sent (not a cancelled one). A group
    /// with no meetings listed is asked about after a week.
    static func couldHaveGone(_ d: GroupDetails, since sent: Timestamp, now: Date) -> Bool {
        let start = sent.date
        guard start < now else { return false }
        if d.schedules.isEmpty { return now.timeIntervalSince(start) >= 7 * 86_400 }
        return MeetingFinder.meetings(for: d, from: start, to: now, includeCancelled: false).contains { $0.occurrence.start <= now }
    }

    /// An instant on the group's clock, as the site writes times: "Friday, December 4, 6:30 pm".
    static func when(_ instant: Timestamp, zone: TimeZone?) -> String {
        let date = instant.date
        let clock = ZonedTime(timeZone: zone ?? TimeZone(identifier: "UTC")!)
        let local = clock.localDateAndTime(at: date)
        let today = clock.localDateAndTime(at: Date()).date
        return "\(local.date.weekday.englishName), \(Words.shortDate(local.date, today: today)), \(local.time.englishText)"
    }

    /// Each status in plain words for the person: a headline and what it means. An urgent referral is
    /// not promised an answer "within a few days".
    static func words(_ status: ReferralStatus, urgent: Bool) -> (String, String) {
        switch status {
        case .new:
            (
                "Sent — waiting for the group to get in touch",
                urgent
                    ? "The organization that runs the group has your referral, marked urgent. If someone may be in danger, don’t wait: call or text 988, or call 911."
                    : "The organization that runs the group has your referral. Someone should contact you soon, usually within a few days."
            )
        case .contacted:
            (
                "The group has been in touch",
                "Someone from the organization has contacted you. If you missed them, you can reach them too: their details are below."
            )
        case .enrolled: ("You’ve joined the group", "Welcome! The group is expecting you. The next meeting is below.")
        case .declined: ("Not going ahead", "This referral won’t go further. You are welcome to look for another group that fits better.")
        case .unreachable:
            (
                "The group couldn’t reach you",
                "They tried the contact details you gave but couldn’t get through. You can contact them yourself using the details below, or send a new referral with other details."
            )
        case .withdrawn: ("Withdrawn", "You withdrew this referral. The organization will not contact you about it.")
        case .waitlisted:
            (
                "On the waiting list",
                "The group is full right now. The organization will contact you when a place opens up; you can also look for a group with open seats."
            )
        case .attended: ("You went to a meeting", "Thank you for letting the group know. We hope it helped; you are welcome back any time.")
        case .notForMe: ("Not for you", "You told the group this is not for you. That is fine: there may be another group that fits better.")
        case .closed: ("Closed", "This referral is finished. You can send a new one from any group’s page.")
        }
    }
}
