import Foundation
import HTTPServer
import Schedules
import Store
import TestSupport
import Testing

@testable import Circles

/// Every route of the router × every kind of caller. The route list comes from the router itself,
/// and each route's rule from its declaration in its area's route table (`RouteTable`), so a
/// route registered outside the tables fails this test, and so does a declaration the server
/// does not keep.
@Suite struct AccessMatrixTests {
    /// Who may use a route.
    enum Rule {
        /// Anyone, signed in or not.
        case anyone
        /// Any signed-in caller (what they see is scoped by the handler).
        case signedIn
        /// Whoever manages organization A (its coordinator, an admin); others are refused.
        case manageA
        /// Only the organization running the group (or an admin) — a referral of organization A.
        case referralOfA
        /// Administrators only.
        case admin
        /// Browser sessions only: API keys are not sessions.
        case session
        /// Organizations' staff and admins, not partners.
        case staff
    }

    /// A route's rule (only for routes not declared in a route table) and the body it is sent.
    struct Case {
        var rule: Rule? = nil
        var body: Any? = nil
    }

    /// The rule of every route, by "METHOD pattern".
    nonisolated(unsafe) static let rules: [String: Case] = [
        "GET /healthz": Case(rule: .anyone),
        "GET /readyz": Case(rule: .anyone),
        "GET /metrics": Case(rule: .admin),
        "POST /api/v1/organizations": Case(body: [String: Any]()),
        "PATCH /api/v1/organizations/:id": Case(body: [String: Any]()),
        "POST /api/v1/locations": Case(body: ["organization_id": -1]),
        "PATCH /api/v1/locations/:id": Case(body: [String: Any]()),
        "POST /api/v1/facilitators": Case(body: ["organization_id": -1]),
        "PATCH /api/v1/facilitators/:id": Case(body: [String: Any]()),
        "GET /api/v1/topics": Case(rule: .anyone),
        "GET /api/v1/topics/:slug": Case(rule: .anyone),
        "POST /api/v1/groups": Case(body: ["organization_id": -1]),
        "PATCH /api/v1/groups/:id": Case(body: [String: Any]()),
        "POST /api/v1/groups/:id/schedules": Case(body: [String: Any]()),
        "PATCH /api/v1/schedules/:id": Case(body: [String: Any]()),
        "POST /api/v1/schedules/:id/exceptions": Case(body: [String: Any]()),
        "POST /api/v1/referrals": Case(body: "referral"),
        "POST /api/v1/referrals/:id/status": Case(body: ["status": "contacted"]),
        "POST /api/v1/auth/login": Case(body: [String: Any]()),
        "POST /api/v1/organizations/:id/keys": Case(body: [String: Any]()),
        "POST /api/v1/organizations/:id/webhooks": Case(body: [String: Any]()),
        "POST /api/v1/groups/:id/feedback": Case(body: ["rating": 5]),
        "GET /refer": Case(rule: .anyone),
        "GET /cities": Case(rule: .anyone),
        "GET /cities/:state/:city": Case(rule: .anyone),
        "GET /groups/:slug": Case(rule: .anyone),
        "GET /print": Case(rule: .anyone),
        "GET /robots.txt": Case(rule: .anyone),
        "GET /search": Case(rule: .anyone),
        "GET /search/results": Case(rule: .anyone),
        "GET /sitemap.xml": Case(rule: .anyone),
        "GET /today": Case(rule: .anyone),
        "GET /topics": Case(rule: .anyone),
        "GET /topics/:slug": Case(rule: .anyone),
        "GET /referrals/status/:token": Case(rule: .anyone),
        "POST /api/v1/schedules/:id/occurrences/:date/cancel": Case(body: ["note": "Closed"]),
        "POST /api/v1/groups/:id/change-requests": Case(body: ["kind": "no_longer_meets"]),
        "POST /api/v1/change-requests/:id/apply": Case(body: [String: Any]()),
        "POST /api/v1/change-requests/:id/dismiss": Case(body: [String: Any]()),
        "POST /api/v1/organizations/:id/groups/import": Case(body: "csv"),
        "POST /api/v1/account/referral-notices": Case(body: ["referral_notices": "off"]),
        "POST /api/v1/accounts": Case(body: [String: Any]()),
        "PATCH /api/v1/accounts/:id": Case(body: ["disabled": true]),
        "POST /api/v1/auth/password-reset": Case(body: [String: Any]()),
        "POST /api/v1/auth/password": Case(body: [String: Any]()),
        "POST /api/v1/account/password": Case(body: [String: Any]()),
    ]

    /// The caller that signs in with a browser session rather than a key: a partner's console account.
    static let partnerAccount = "partner account of B"

    /// Organization A's records, which every route is tried against.
    struct World {
        var app: TestApp
        var admin: String
        var callers: [(name: String, key: String?)]
        var organization: Int
        var location: Int
        var facilitator: Int
        var group: Int
        var schedule: Int
        var referral: Int
        var statusToken: String
        var feedback: Int?
        var webhook: Int?
        var changeRequest: Int?
        /// The console account behind `partnerAccount` (each request gets a fresh session: signing out ends one).
        var partnerUser: UserRecord
    }

    static func world() throws -> World {
        let app = try TestApp()
        let admin = try app.key()
        let a = try app.makeOrganization("alpha", key: admin)
        _ = try app.makeOrganization("beta", key: admin)
        func create(_ path: String, _ body: [String: Any]) throws -> Int {
            let r = try app.send("POST", path, key: admin, json: body)
            guard r.status == 201, let id = r.jsonObject["id"] as? Int else { throw TestAppFailure(description: "\(path): \(r.status) \(r.text)") }
            return id
        }
        let location = try create("/api/v1/locations", ["organization_id": a, "name": "Hall", "kind": "community_center"])
        let facilitator = try create("/api/v1/facilitators", ["organization_id": a, "display_name": "Ana"])
        let group = try create(
            "/api/v1/groups", ["organization_id": a, "name": "Alpha Group", "format": "in_person", "time_zone": "America/Denver", "location_id": location])
        let schedule = try create(
            "/api/v1/groups/\(group)/schedules",
            ["frequency": "weekly", "weekdays": ["tuesday"], "start_time": "18:00", "duration_minutes": 60, "starts_on": "2026-01-06"])
        let referral = try app.send("POST", "/api/v1/referrals", json: Self.referralBody(group))
        let feedback = try? create("/api/v1/groups/\(group)/feedback", ["rating": 4, "comment": "Kind people."])
        let webhook = try? create("/api/v1/organizations/\(a)/webhooks", ["url": "https://hooks.example.org/hook"])
        let changeRequest =
            try app.send("POST", "/api/v1/groups/\(group)/change-requests", json: ["kind": "other", "details": "The room moved."]).jsonObject["id"] as? Int
        let partnerId = try Accounts.add(
            in: app.database, email: "partner@beta.example.org", name: "Pat", role: "partner", organizationSlug: "beta",
            password: "a matrix of many callers and rules")
        return World(
            app: app, admin: admin,
            callers: [
                ("anonymous", nil), ("partner of B", try app.key("partner", organization: "beta")), (Self.partnerAccount, nil),
                ("coordinator of A", try app.key("coordinator", organization: "alpha")),
                ("coordinator of B", try app.key("coordinator", organization: "beta")), ("admin", admin),
            ],
            organization: a, location: location, facilitator: facilitator, group: group, schedule: schedule,
            referral: referral.jsonObject["id"] as! Int, statusToken: String((referral.jsonObject["status_api"] as! String).split(separator: "/").last!),
            feedback: feedback, webhook: webhook, changeRequest: changeRequest, partnerUser: try #require(try app.database.user(id: partnerId)))
    }

    static func referralBody(_ group: Int) -> [String: Any] {
        [
            "group_id": group, "person_name": "Casey Example", "person_phone": "555-0199", "preferred_contact_method": "phone",
            "referrer_type": "self", "consent": true, "consent_version": "2026-11",
        ]
    }

    /// The concrete path for a pattern, pointing at organization A's records.
    static func path(_ pattern: String, method: String, _ w: World) throws -> String {
        var parts: [String] = []
        let segments = pattern.split(separator: "/").map(String.init)
        for (index, segment) in segments.enumerated() {
            guard segment.hasPrefix(":") else { parts.append(segment); continue }
            let owner = index > 0 ? segments[index - 1] : ""
            switch (owner, segment) {
            case ("by-slug", _), ("groups", ":slug"): parts.append("alpha-group")
            case ("groups", ":file"): parts.append("alpha-group.ics")
            case ("cities", ":state"): parts.append("co")
            case ("language", ":code"): parts.append("es")
            case (_, ":city"): parts.append("denver")
            case ("status", _): parts.append(w.statusToken)
            case ("organizations", _) where pattern.hasPrefix("/hsds/"): parts.append(HSDSIdentifier.make(.organization, Int64(w.organization)))
            case ("locations", _) where pattern.hasPrefix("/hsds/"): parts.append(HSDSIdentifier.make(.location, Int64(w.location)))
            case ("organizations", _): parts.append(String(w.organization))
            case ("locations", _): parts.append(String(w.location))
            case ("facilitators", _): parts.append(String(w.facilitator))
            case ("groups", _): parts.append(String(w.group))
            case ("schedules", _): parts.append(String(w.schedule))
            case ("exceptions", _): parts.append("2026-12-01")
            case ("referrals", _): parts.append(String(w.referral))
            case ("referral-status", _): parts.append(w.statusToken)
            case ("unsubscribe", _): parts.append("\(w.referral)-not-the-mac")
            case ("topics", _): parts.append("grief")
            case ("keys", _):
                let key = try w.app.send("POST", "/api/v1/organizations/\(w.organization)/keys", key: w.admin, json: ["name": "matrix"])
                parts.append(String(key.jsonObject["id"] as? Int ?? 0))
            case ("webhooks", _) where method == "DELETE":
                // Each caller deletes a webhook of its own, so that one deletion does not hide the next caller's answer.
                let hook = try w.app.send(
                    "POST", "/api/v1/organizations/\(w.organization)/webhooks", key: w.admin, json: ["url": "https://hooks.example.org/hook"])
                parts.append(String(hook.jsonObject["id"] as? Int ?? 0))
            case ("webhooks", _): parts.append(String(w.webhook ?? 0))
            case ("accounts", _):
                // Each caller changes or removes an account of organization A of its own.
                let id = try w.app.database.insertUser(
                    UserRecord(
                        email: "matrix-\(UUID().uuidString)@alpha.example.org", displayName: "Matrix", role: .facilitator,
                        organizationId: Int64(w.organization), passwordHash: ""))
                parts.append(String(id.id!))
            case ("feedback", _): parts.append(String(w.feedback ?? 0))
            case ("change-requests", _): parts.append(String(w.changeRequest ?? 0))
            case ("occurrences", _):
                // A coming Tuesday, when the world's schedule meets.
                var date = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400)).adding(days: 2)
                while date.weekday != .tuesday { date = date.adding(days: 1) }
                parts.append(date.description)
            case ("services", _): parts.append(HSDSIdentifier.make(.service, Int64(w.group)))
            case ("service_at_locations", _): parts.append(HSDSIdentifier.make(.serviceAtLocation, Int64(w.group), Int64(w.location)))
            case ("taxonomies", _): parts.append(HSDSVocabulary.topicsTaxonomyId)
            case ("taxonomy_terms", _): parts.append(HSDSVocabulary.factTermId("format"))
            default: throw TestAppFailure(description: "no value for \(segment) in \(pattern)")
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// What a declared access means for the callers of this test.
    static func rule(_ access: Access) -> Rule {
        switch access {
        case .anyone, .identified, .statusToken: .anyone
        case .signedIn: .signedIn
        case .session: .session
        case .staff: .staff
        case .managesOrganization: .manageA
        case .worksReferral: .referralOfA
        case .admin, .adminOrMetricsToken: .admin
        }
    }

    /// The rule of a route: its declaration in `RouteTable`, else (for areas not yet in a table) `rules`.
    static func rule(method: String, pattern: String) -> Case? {
        let name = "\(method) \(pattern)"
        // A page is declared once and served in every language (`/es/search`).
        guard
            let declared = RouteTable.summaries.first(where: {
                $0.method == method && $0.paths(languages: ["es"]).contains(pattern)
            })
        else { return rules[name] }
        return Case(rule: rule(declared.access), body: rules[name]?.body)
    }

    @Test func everyRouteHasARuleAndEveryCallerGetsWhatTheRuleSays() throws {
        let w = try Self.world()
        let routes = w.app.application.router.descriptions
        var failures: [String] = []
        for route in routes {
            let name = "\(route.method) \(route.pattern)"
            guard let rule = Self.rule(method: route.method, pattern: route.pattern), let expected = rule.rule else {
                failures.append("\(name) has no access rule")
                continue
            }
            for caller in w.callers {
                if route.pattern.hasSuffix("/exceptions/:date") {
                    _ = try w.app.send(
                        "POST", "/api/v1/schedules/\(w.schedule)/exceptions", key: w.admin, json: ["occurrence_date": "2026-12-01", "kind": "cancelled"])
                }
                let path = try Self.path(route.pattern, method: route.method, w)
                var body = rule.body
                if let text = body as? String, text == "referral" { body = Self.referralBody(w.group) }
                if var object = body as? [String: Any], object["organization_id"] as? Int == -1 {
                    object["organization_id"] = w.organization
                    body = object
                }
                var headers: [(String, String)] = []
                if route.method == "PATCH" || route.method == "DELETE" { headers.append(("If-Match", "\"v0\"")) }
                if caller.name == Self.partnerAccount {
                    let (token, csrf) = try Sessions.start(for: w.partnerUser, database: w.app.database)
                    headers += [("Cookie", "\(Sessions.cookieName)=\(token)"), ("X-CSRF-Token", csrf)]
                }
                let response: ClientResponse
                if let text = body as? String, text == "csv" {
                    // A spreadsheet: a dry run of one good row.
                    let csv = "name,format,time_zone\r\nMatrix Circle,in_person,America/Denver\r\n"
                    response = try TestHTTP.send(
                        w.app.port, route.method, path,
                        headers: headers + [("Content-Type", "text/csv")] + (caller.key.map { [("Authorization", "Bearer \($0)")] } ?? []),
                        body: Array(csv.utf8))
                } else {
                    response = try w.app.send(route.method, path, key: caller.key, json: body, headers: headers)
                }
                if let problem = Self.check(expected, caller: caller.name, status: response.status) {
                    failures.append("\(name) as \(caller.name): \(response.status) — \(problem)")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test func theRouterServesExactlyTheDeclaredRoutes() throws {
        let app = try TestApp()
        let served = Set(app.application.router.descriptions.map { "\($0.method) \($0.pattern)" })
        let declared = RouteTable.summaries.map { "\($0.method) \($0.path)" }
        #expect(Set(declared).count == declared.count, "a route is declared twice")
        #expect(Set(declared).isSubset(of: served), "declared but not served: \(Set(declared).subtracting(served).sorted())")
        // A page is declared once and also served in every other language (`/es/search`).
        let everyLanguage = Set(RouteTable.summaries.flatMap { route in route.paths(languages: ["es"]).map { "\(route.method) \($0)" } })
        #expect(served.isSubset(of: everyLanguage), "served but declared in no table: \(served.subtracting(everyLanguage).sorted())")
    }

    /// `circles routes` leads from a path to the file of its handler: the area column names the type,
    /// and a type named `X` is declared in `X.swift`.
    @Test func theRouteListingNamesEachRoutesAreaAndItsFileExists() throws {
        let lines = RouteTable.listing().split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix("AREA") == true)
        let groupSearch = try #require(lines.first { $0.hasPrefix("GET ") && $0.contains(" /api/v1/groups ") })
        #expect(groupSearch.hasSuffix("GroupRoutes"))
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Circles").standardized
        let files = Set(
            (FileManager.default.enumerator(atPath: sources.path)?.allObjects as? [String] ?? []).map { ($0 as NSString).lastPathComponent })
        for area in Set(RouteTable.summaries.map(\.area)) {
            #expect(files.contains("\(area).swift"), "no file \(area).swift for the area \(area)")
        }
    }

    /// Nil when the status fits the rule for that caller; otherwise what was expected.
    static func check(_ rule: Rule, caller: String, status: Int) -> String? {
        let refused: Set<Int> = [403, 404]
        let reached = status != 401 && status != 403
        switch rule {
        case .anyone:
            return status == 401 || status == 403 ? "anyone may use this route" : nil
        case .signedIn:
            if caller == "anonymous" { return status == 401 ? nil : "expected 401" }
            return reached ? nil : "a signed-in caller may use this route"
        case .session:
            if caller == Self.partnerAccount { return reached ? nil : "a browser session may use this route" }
            return status == 401 ? nil : "only a browser session may use this route"
        case .staff:
            switch caller {
            case "anonymous": return status == 401 ? nil : "expected 401"
            case "partner of B", Self.partnerAccount: return status == 403 ? nil : "expected 403"
            default: return reached ? nil : "staff and admins may use this route"
            }
        case .manageA, .referralOfA:
            switch caller {
            case "anonymous": return status == 401 ? nil : "expected 401"
            case "partner of B", Self.partnerAccount, "coordinator of B": return refused.contains(status) ? nil : "expected 403 or 404"
            default: return [401, 403, 404].contains(status) ? "organization A's coordinator and admins may use this route" : nil
            }
        case .admin:
            switch caller {
            case "anonymous": return status == 401 ? nil : "expected 401"
            case "admin": return [401, 403, 404].contains(status) ? "admins may use this route" : nil
            default: return refused.contains(status) ? nil : "expected 403 or 404"
            }
        }
    }
}
