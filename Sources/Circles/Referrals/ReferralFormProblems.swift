import Foundation
import HTTPServer

/// The API's field errors on a referral (`ReferralRoutes.read`: terse, in English, for programs) as the
/// referral form says them to a person, in the page's language: what to do, not what went wrong
/// ("Enter a phone number or an e-mail address, so the group can reach you"). The words are the
/// catalogue's `script.refer.errors`, the same the form's script shows, so both say the same.
enum ReferralFormProblems {
    static func sentence(_ problem: FieldError, isSelf: Bool, t: Catalogue) -> String {
        let field = problem.field, m = problem.message
        let you = { (self_: String, them: String) in t.text("script.refer.errors." + (isSelf ? self_ : them)) }
        if let max = m.firstMatch(of: /at most (\d+)/) {
            return t.text("script.refer.errors.max", ["label": label(field, t: t), "max": String(max.1)])
        }
        switch field {
        case "person_name": return you("name_you", "name_them")
        case "person_phone" where m.contains("or person_email"): return you("reach_you", "reach_them")
        case "person_phone" where m.contains("preferred contact method"): return t.text("script.refer.errors.phone_or_email")
        case "person_email" where m.contains("preferred contact method"): return t.text("script.refer.errors.email_or_phone")
        case _ where field.hasSuffix("phone") && m.contains("phone number"): return t.text("script.refer.errors.phone_digits")
        case _ where field.hasSuffix("email") && m.contains("e-mail address"): return t.text("script.refer.errors.email_form")
        case "preferred_contact_method": return you("method_you", "method_them")
        case "referrer_name": return t.text("script.refer.errors.referrer_name")
        case "referrer_type": return t.text("script.refer.errors." + (m.contains("partner") ? "partner" : "who"))
        case "consent": return you("consent_you", "consent_them")
        case "group_id": return t.text("script.refer.errors.closed_group")
        default: return t.text("script.refer.errors.other", ["label": label(field, t: t), "message": m])
        }
    }

    /// The id of the control a summary's link takes the person to; nil for a problem with no field on the form.
    static func anchor(of field: String) -> String? {
        switch field {
        case "referrer_type": "referrer_type-self"
        case "preferred_contact_method": "preferred_contact_method-phone"
        case _ where ReferralFormPage.textFields.contains(field) || field == "language" || field == "consent": field
        default: nil
        }
    }

    private static func label(_ field: String, t: Catalogue) -> String {
        let key = "script.refer.labels." + field
        return t.has(key) ? t.text(key) : field.replacingOccurrences(of: "_", with: " ")
    }
}
