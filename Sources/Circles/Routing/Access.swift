import HTTPServer

/// Who may call a route. Each route declares one in its area's route table; `RouteTable` enforces
/// it before the handler runs, so a handler starts with a caller the rule already admitted.
///
/// The rules that depend on a record (which organization runs this group?) are declared here too,
/// and checked where the record is read, through the one definition in `Principal`
/// (`canManage(organizationId:)`, `canWorkReferrals(of:)`).
enum Access: String, Sendable, CaseIterable {
    /// Anyone. The handler is not told who is calling (it gets `Principal.anonymous`, and no
    /// credential is read): the answer is the same for everyone.
    case anyone = "public"
    /// Anyone, but a caller who sends credentials is identified (a bad key gets 401) and may see
    /// or do more: a coordinator reads a group's private links, a partner's referral is its own.
    case identified = "public, scoped to the caller"
    /// Anyone holding the private link of one referral (the token in the path); not identified.
    case statusToken = "status token"
    /// Any API key or browser session; what it sees is scoped to it.
    case signedIn = "signed in"
    /// A browser session only (API keys are not sessions).
    case session = "session"
    /// Organizations' coordinators and administrators: not partners, and not facilitators (who work
    /// referrals and listings but do not moderate feedback or suggested corrections).
    case staff = "staff"
    /// Whoever manages the organization the record belongs to (its coordinators, administrators).
    case managesOrganization = "manages the organization"
    /// The staff of the organization that runs the referral's group, administrators, and the
    /// partner whose key sent it (reads only).
    case worksReferral = "works the referral"
    /// Administrators only.
    case admin = "admin"
    /// Administrators, or the operator's metrics token (`CIRCLES_METRICS_TOKEN`).
    case adminOrMetricsToken = "admin or metrics token"

    /// Whether the handler is told who is calling (credentials are read and checked).
    var identifiesCaller: Bool { self != .anyone && self != .statusToken }

    /// Whether a read may be answered to anyone (the caller may see more, but never less, than the public).
    var answersEveryone: Bool { self == .anyone || self == .identified }

    /// Whether an anonymous caller is let through to the handler.
    var admitsAnonymous: Bool {
        switch self {
        case .anyone, .identified, .statusToken: true
        case .signedIn, .session, .staff, .managesOrganization, .worksReferral, .admin, .adminOrMetricsToken: false
        }
    }

    /// Admits or refuses a caller: 401 when someone must sign in, 403 when this caller may not.
    /// A cookie-authenticated write to a route that identifies its caller must also carry the
    /// session's CSRF token, even where anonymous callers are welcome (a referral sent by a signed-in
    /// coordinator, signing out); public forms that identify no one ask for none.
    func admit(_ principal: Principal, _ request: Request) throws {
        if identifiesCaller { try API.checkCSRF(principal, request) }
        if admitsAnonymous { return }
        guard principal.role != .anonymous else {
            throw APIKeys.unauthorized(self == .session ? "You are not signed in." : "This needs an API key (Authorization: Bearer …) or a signed-in session.")
        }
        switch self {
        case .anyone, .identified, .statusToken, .signedIn, .managesOrganization, .worksReferral:
            return
        case .session:
            guard principal.csrfToken != nil else { throw APIKeys.unauthorized("You are not signed in.") }
        case .staff:
            guard principal.role != .partner else { throw HTTPError(403, detail: "Partners' keys may not use this; it is for organizations' staff.") }
            guard principal.role == .admin || principal.role == .coordinator else {
                throw HTTPError(403, detail: "Only an organization's coordinators and administrators may do this.")
            }
        case .admin, .adminOrMetricsToken:
            guard principal.isAdmin else { throw HTTPError(403, detail: "Only an administrator may do this.") }
        }
    }
}
