import Foundation
import GroupViews
import HTTPServer
import Store

/// `/refer?group=<slug>`: the referral form, rendered by the server with the group's card (the search's
/// own `group-card.html`), so that a browser without JavaScript sees a whole form that posts to `/refer`.
/// After a refused post it is drawn again with what was typed and each problem beside its field. Without
/// a group it asks which one and offers the search; with a group it does not know, or one that takes no
/// referrals, it says so and offers the same search instead of a broken form.
struct ReferralFormPage {
    let site: Site

    /// The consent wording the form shows (`refer.consent_*`), recorded with each referral.
    static let consentVersion = "2026-11"

    /// The hidden field that carries the form's `Idempotency-Key`.
    static let idempotencyField = "idempotency_key"

    /// The fields the form posts, apart from the choices (`referrer_type`, `preferred_contact_method`,
    /// `language`) and the boxes (`urgent`, `consent`).
    static let textFields = [
        "person_name", "person_phone", "person_email", "preferred_times", "note",
        "referrer_name", "referrer_organization", "referrer_phone", "referrer_email",
    ]
    /// Fields with a hint under their label, which their control is also described by.
    private static let hints: [String: String] = [
        "person_name": "person_name-hint", "person_phone": "person_phone-hint", "preferred_times": "preferred_times-hint", "note": "note-hint",
    ]

    /// What a refused post leaves to show: the answers as typed, and the refusal.
    struct Refusal {
        var values: [String: String]
        var error: HTTPError
    }

    /// The page: the form (fresh, or with `refusal`), or the page for a group that cannot be asked.
    func respond(_ request: Request, refusal: Refusal? = nil, status: Int = 200) throws -> Response {
        let t = site.catalogue(request)
        let words = Wording(t)
        let slug = request.query["group"] ?? ""
        // Without a group the page helps to find one (200); with one we do not know it says so (404).
        var context: [String: TemplateValue] = ["found": false, "received": false, "choose": .bool(slug.isEmpty)]
        guard FieldRules.slug(slug) == nil, let d = try site.database.groupDetails(slug: slug), d.group.status != .archived else {
            return try page(request, context, title: t.text("refer.title"), status: status == 200 && !slug.isEmpty ? 404 : status)
        }
        let g = d.group
        let values = refusal?.values ?? [:]
        let referrerType = values["referrer_type"].flatMap(ReferrerType.init(rawValue:)) ?? .selfReferral
        let isSelf = referrerType == .selfReferral
        let problems = Self.problems(refusal, isSelf: isSelf, t: t)
        let topicNames = words.topicNames(try site.database.topics())
        context["found"] = true
        context["card"] = GroupCard.context(d, topicNames: topicNames, now: Date(), words: words, freshness: site.api.freshness)
        context["group"] = .text(g.name)
        context["groupId"] = .text(String(g.id!))
        context["groupUrl"] = .text("/groups/\(g.slug)")
        context["orgName"] = .text(d.organization.name)
        context["howToJoin"] = .text(t.text(g.joinMode == .registration ? "group.expect_sign_up" : "group.expect_drop_in"))
        context["paused"] = .bool(g.status == .paused)
        context["full"] = .bool(GroupSeats.isFull(g))
        context["action"] = .text("/refer?group=\(g.slug)")
        context["consentVersion"] = .text(Self.consentVersion)
        // A key used for another answer (the form sent, then changed and sent again) is replaced.
        let reused = refusal?.error.errors.contains { $0.field == "Idempotency-Key" } ?? false
        context["idempotencyKey"] = .text(reused ? APIKeys.randomToken(length: 32) : values[Self.idempotencyField] ?? APIKeys.randomToken(length: 32))
        context["heading"] = .text(t.text("script.refer.heading", ["group": g.name]))
        context["errorPrefix"] = .text(t.text("script.refer.error_prefix"))
        context["who"] = Self.who(isSelf: isSelf, organization: d.organization.name, t: t)
        context["referrerTypes"] = .list(
            [(ReferrerType.selfReferral, "refer.myself"), (.family, "refer.family"), (.other, "refer.someone")].map { type, key in
                ["value": .text(type.rawValue), "label": .text(t.text(key)), "checked": .bool(type == referrerType)]
            })
        let method = values["preferred_contact_method"]
        context["methods"] = .list(
            ContactMethod.allCases.map { m in
                ["value": .text(m.rawValue), "label": .text(words.label(m, in: "contact_method")), "checked": .bool(m.rawValue == method)]
            })
        context["languages"] = .list(Self.languages(d.links.languages, chosen: values["language"], page: t.code, words: words))
        context["urgent"] = .bool(values["urgent"] == "true")
        context["consent"] = .bool(values["consent"] == "true")
        var fields: [String: TemplateValue] = [:]
        for name in Self.textFields + ["referrer_type", "preferred_contact_method", "language", "consent"] {
            let error = problems.byField[name]
            let described = [Self.hints[name], error == nil ? nil : name + "-error"].compactMap { $0 }.joined(separator: " ")
            fields[name] = ["value": .text(values[name] ?? ""), "error": .optional(error), "describedBy": .optional(described)]
        }
        context["f"] = .object(fields)
        context["problems"] = .list(problems.summary.map { ["text": .text($0.text), "href": .text("#" + $0.anchor)] })
        context["problemCount"] = .text(t.plural("script.refer.answers", count: problems.summary.count))
        context["message"] = .optional(problems.message)
        return try page(request, context, title: t.text("script.refer.title", ["group": g.name]), status: status)
    }

    /// The answer to a post the honeypot caught: what the API says to a bot, as a page.
    func received(_ request: Request) throws -> Response {
        let t = site.catalogue(request)
        return try page(request, ["found": false, "received": true], title: t.text("refer.title"), status: 202)
    }

    private func page(_ request: Request, _ context: [String: TemplateValue], title: String, status: Int) throws -> Response {
        let t = site.catalogue(request)
        let shell = PageShell(
            title: title, description: t.text("refer.description"), scripts: ["/js/refer.js"], stylesheets: ["/css/console.css"], noindex: true)
        var response = try site.page("refer", context, shell: shell, request: request, status: status)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// The words that change with who fills in the form ("your name", "their name").
    static func who(isSelf: Bool, organization: String, t: Catalogue) -> TemplateValue {
        let k = { (you: String, them: String) in t.text("script.refer." + (isSelf ? you : them)) }
        return [
            "person": .text(k("about_you", "about_them")),
            "name": .text(k("your_name", "their_name")),
            "reach": .text(k("reach_you", "reach_them")),
            "method": .text(k("method_you", "method_them")),
            "object": .text(k("object_you", "object_them")),
            "possessive": .text(k("possessive_you", "possessive_them")),
            "consent": .text(t.text("script.refer." + (isSelf ? "consent_you" : "consent_them"), ["organization": organization])),
        ]
    }

    /// The languages to choose from: the group's, then English and Spanish; the one typed, else the
    /// page's when the group meets in it, else English when it does, else the group's first.
    static func languages(_ group: [String], chosen: String?, page: String, words: Wording) -> [TemplateValue] {
        var codes: [String] = []
        for code in group + ["en", "es"] where !codes.contains(code) { codes.append(code) }
        let selected = chosen ?? (group.contains(page) ? page : group.contains("en") ? "en" : codes[0])
        return codes.map { code in
            let key = "languages.\(code).option"
            let label = words.catalogue.has(key) ? words.catalogue.text(key) : words.language(code)
            return ["value": .text(code), "label": .text(label), "selected": .bool(code == selected)]
        }
    }

    /// A refusal as the page shows it: a sentence per field, the summary's links, or one message.
    struct Problems {
        var byField: [String: String] = [:]
        var summary: [(text: String, anchor: String)] = []
        var message: String?
    }

    /// "Too many referrals", with the refusal's `Retry-After`: in seconds under a minute, else in
    /// minutes rounded up (the words the script shows for the API's 429).
    static func tooMany(_ error: HTTPError, t: Catalogue) -> String {
        let wait = max(1, error.headers["Retry-After"].flatMap { Int($0) } ?? 60)
        return wait < 60 ? t.plural("refer.too_many_seconds", count: wait) : t.plural("script.refer.too_many", count: (wait + 59) / 60)
    }

    static func problems(_ refusal: Refusal?, isSelf: Bool, t: Catalogue) -> Problems {
        guard let refusal else { return Problems() }
        let error = refusal.error
        if error.status == 429 { return Problems(message: tooMany(error, t: t)) }
        var byField: [String: String] = [:]
        var summary: [(text: String, anchor: String)] = []
        var other: [String] = []
        for problem in error.errors {
            if problem.field == "Idempotency-Key" {
                other.append(t.text("refer.not_sent"))
                continue
            }
            let text = ReferralFormProblems.sentence(problem, isSelf: isSelf, t: t)
            guard let anchor = ReferralFormProblems.anchor(of: problem.field) else {
                other.append(text)
                continue
            }
            guard byField[problem.field] == nil else { continue }
            byField[problem.field] = text
            summary.append((text, anchor))
        }
        if error.errors.isEmpty { other.append(t.text("refer.not_sent")) }
        return Problems(byField: byField, summary: summary, message: other.isEmpty ? nil : other.joined(separator: " "))
    }
}
