import Foundation
import GRDB
import Store
import TestSupport
import Testing

@testable import Circles

/// Anonymous feedback end to end over sockets: validation, the bot trap, the rate limit, moderation
/// inside one organization, public aggregates and an organization's statistics.
///
/// Anonymous feedback is limited to a burst of 5 per address, and every test client is 127.0.0.1,
/// so each test sends at most 5 and seeds anything more through the store.
@Suite struct FeedbackTests {
    let app: TestApp
    let admin: String
    let alpha: Int
    let beta: Int
    let groupA: Int
    let groupB: Int

    init() throws {
        app = try TestApp()
        admin = try app.key()
        alpha = try app.makeOrganization("alpha", key: admin)
        beta = try app.makeOrganization("beta", key: admin)
        groupA = try Self.group(app, admin, alpha, "Alpha Recovery Circle")
        groupB = try Self.group(app, admin, beta, "Beta Grief Group")
    }

    static func group(_ app: TestApp, _ admin: String, _ organization: Int, _ name: String) throws -> Int {
        let r = try app.send(
            "POST", "/api/v1/groups", key: admin, json: ["organization_id": organization, "name": name, "format": "in_person", "time_zone": "America/Chicago"])
        guard r.status == 201, let id = r.jsonObject["id"] as? Int else { throw TestAppFailure(description: "group not created: \(r.status) \(r.text)") }
        return id
    }

    func feedback(_ group: Int, _ body: [String: Any]) throws -> ClientResponse {
        try app.send("POST", "/api/v1/groups/\(group)/feedback", json: body)
    }

    /// Seeds feedback without spending the rate limit; returns its id.
    func seed(_ group: Int, rating: Int, comment: String = "", status: FeedbackStatus = .pending) throws -> Int64 {
        try app.database.pool.write { db in
            var record = try FeedbackStore.insert(groupId: Int64(group), rating: rating, comment: comment, in: db)
            if status != .pending { record = try FeedbackStore.review(record, status: status, reviewer: "test", in: db).0 }
            return record.id!
        }
    }

    func publicView(_ group: Int, query: String = "") throws -> [String: Any] {
        let r = try app.get("/api/v1/groups/\(group)/feedback" + query)
        #expect(r.status == 200, "\(r.text)")
        return r.jsonObject
    }

    func fields(_ response: ClientResponse) -> [String] {
        (response.jsonObject["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    func histogram(_ view: [String: Any]) -> [Int] {
        let ratings = view["ratings"] as? [String: Any] ?? [:]
        return (1...5).map { ratings[String($0)] as? Int ?? -1 }
    }

    func comments(_ view: [String: Any]) -> [String] {
        (view["comments"] as? [[String: Any]] ?? []).compactMap { $0["comment"] as? String }
    }

    @Test func validationNamesTheBadField() throws {
        for bad: Any in [0, 6, "five", 4.5] {
            let r = try feedback(groupA, ["rating": bad])
            #expect(r.status == 422, "rating \(bad): \(r.text)")
            #expect(fields(r) == ["rating"], "rating \(bad): \(r.text)")
        }
        let r = try feedback(groupA, ["comment": String(repeating: "a", count: 1001), "mood": "fine"])
        #expect(r.status == 422)
        #expect(Set(fields(r)) == ["rating", "comment", "mood"], "\(r.text)")
        #expect(try app.database.pool.read { try FeedbackRecord.fetchCount($0) } == 0)
    }

    @Test func unknownOrArchivedGroupsTakeNoFeedback() throws {
        #expect(try feedback(999_999, ["rating": 4]).status == 404)
        #expect(try app.change("PATCH", "/api/v1/groups/\(groupB)", key: admin, json: ["status": "archived"]).status == 200)
        #expect(try feedback(groupB, ["rating": 4]).status == 404)
        #expect(try app.get("/api/v1/groups/999999/feedback").status == 404)
        #expect(try app.database.pool.read { try FeedbackRecord.fetchCount($0) } == 0)
    }

    @Test func commentsAreHiddenUntilApprovedAndRejectedOnesStayHidden() throws {
        let coordinator = try app.key("coordinator", organization: "alpha")
        let first = try feedback(groupA, ["rating": 5, "comment": "  Everyone made me feel welcome.  "])
        #expect(first.status == 201, "\(first.text)")
        #expect(first.jsonObject["status"] as? String == "pending")
        #expect(first.jsonObject["message"] as? String == "Thank you. Your rating and comment appear after the group's organization reviews them.")
        let good = try #require(first.jsonObject["id"] as? Int)
        let rude = try #require(try feedback(groupA, ["rating": 1, "comment": "Spam spam spam"]).jsonObject["id"] as? Int)
        #expect(try feedback(groupA, ["rating": 4, "comment": NSNull()]).status == 201)

        // Ratings and comments wait for review: unreviewed ratings do not count in public.
        var view = try publicView(groupA)
        #expect(view["rating_count"] as? Int == 0)
        #expect(view["average_rating"] is NSNull)
        #expect(histogram(view) == [0, 0, 0, 0, 0])
        #expect(comments(view).isEmpty)
        #expect(view["next"] is NSNull)

        let approved = try app.send("POST", "/api/v1/feedback/\(good)/approve", key: coordinator)
        #expect(approved.status == 200, "\(approved.text)")
        #expect(approved.jsonObject["status"] as? String == "approved")
        #expect(approved.jsonObject["reviewed_by"] as? String != nil)
        let reviewedAt = approved.jsonObject["reviewed_at"] as? String
        #expect(try app.send("POST", "/api/v1/feedback/\(rude)/reject", key: coordinator).status == 200)

        view = try publicView(groupA)
        #expect(comments(view) == ["Everyone made me feel welcome."])
        let comment = try #require((view["comments"] as? [[String: Any]])?.first)
        #expect(Set(comment.keys) == ["rating", "comment", "created_at"])
        #expect(comment["rating"] as? Int == 5)
        #expect((comment["created_at"] as? String)?.count == 10)
        // Only the approved rating counts: not the rejected one, not the one still waiting.
        #expect(view["rating_count"] as? Int == 1)
        #expect(view["average_rating"] as? Double == 5)
        #expect(histogram(view) == [0, 0, 0, 0, 1])

        // Approving again changes nothing (the first review stands); a rejected one may still be approved.
        let again = try app.send("POST", "/api/v1/feedback/\(good)/approve", key: coordinator)
        #expect(again.status == 200)
        #expect(again.jsonObject["reviewed_at"] as? String == reviewedAt)
        let audit = try app.get("/api/v1/audit?action=feedback.approve", key: admin)
        #expect((audit.jsonObject["data"] as? [Any])?.count == 1, "\(audit.text)")
        #expect((try app.get("/api/v1/audit?action=feedback.reject&target_id=\(rude)", key: admin).jsonObject["data"] as? [Any])?.count == 1)
        #expect(try app.send("POST", "/api/v1/feedback/\(rude)/approve", key: admin).jsonObject["status"] as? String == "approved")
        #expect(comments(try publicView(groupA)).count == 2)
        #expect(try publicView(groupA)["rating_count"] as? Int == 2)
    }

    @Test func nothingAboutTheSenderIsKept() throws {
        #expect(try feedback(groupA, ["rating": 3, "comment": "Quiet and kind"]).status == 201)
        let columns = try app.database.pool.read { try $0.columns(in: "feedback").map(\.name) }
        #expect(Set(columns) == ["id", "group_id", "rating", "comment", "status", "created_at", "reviewed_by", "reviewed_at"])
        let stored = try #require(try app.database.pool.read { try FeedbackRecord.fetchOne($0) })
        #expect(stored.createdAt.text.hasSuffix("T00:00:00Z"), "only the day is kept: \(stored.createdAt)")
        #expect(stored.reviewedBy == nil)
        // The submission is not audited (an audit line would hold the address).
        #expect(try app.database.pool.read { try AuditEntry.filter(Column("target_type") == "feedback").fetchCount($0) } == 0)
    }

    @Test func theBotTrapStoresNothing() throws {
        let r = try feedback(groupA, ["rating": 5, "comment": "Buy cheap watches", "website": "http://spam.example"])
        #expect(r.status == 202)
        #expect(r.jsonObject["status"] as? String == "pending")
        #expect(r.jsonObject["id"] == nil)
        #expect(try feedback(groupA, ["rating": "bogus", "website": "x"]).status == 202)
        #expect(try feedback(groupA, ["rating": 5, "website": ""]).status == 201)
        #expect(try app.database.pool.read { try FeedbackRecord.fetchCount($0) } == 1)
        #expect(try publicView(groupA)["rating_count"] as? Int == 0, "stored, waiting for review")
    }

    @Test func aBurstFromOneAddressIsRateLimited() throws {
        for n in 1...5 { #expect(try feedback(groupA, ["rating": n]).status == 201) }
        let limited = try feedback(groupA, ["rating": 5])
        #expect(limited.status == 429)
        let wait = try #require(limited.headers["Retry-After"].flatMap { Int($0) })
        #expect(wait >= 1 && wait <= 60)
        // Keys change nothing: feedback is anonymous, so the address is all that counts.
        #expect(try app.send("POST", "/api/v1/groups/\(groupA)/feedback", key: admin, json: ["rating": 5]).status == 429)
        #expect(try app.database.pool.read { try FeedbackRecord.fetchCount($0) } == 5)
    }

    /// Feedback refused for its fields uses up none of the limit: the person who fixes it is not locked
    /// out by their own mistakes. Every post still counts against a looser limit (30, then 30 a minute).
    @Test func refusedFeedbackUsesUpNothingOfTheLimit() throws {
        for _ in 1...10 { #expect(try feedback(groupA, ["rating": 9]).status == 422) }
        for n in 1...5 { #expect(try feedback(groupA, ["rating": n]).status == 201) }
        #expect(try feedback(groupA, ["rating": 5]).status == 429)
        var statuses: [Int] = []
        for _ in 1...30 { statuses.append(try feedback(groupA, ["rating": 0]).status) }
        #expect(statuses.last == 429, "every post counts against the looser limit: \(statuses)")
    }

    @Test func commentsArePagedNewestFirst() throws {
        for n in 1...5 { _ = try seed(groupA, rating: 4, comment: "Comment \(n)", status: .approved) }
        _ = try seed(groupA, rating: 4, comment: "Waiting")
        _ = try seed(groupA, rating: 2, status: .approved)
        var view = try publicView(groupA, query: "?limit=2")
        var seen = comments(view)
        while let next = view["next"] as? String {
            let r = try app.get(next)
            #expect(r.status == 200)
            view = r.jsonObject
            seen += comments(view)
        }
        #expect(seen == ["Comment 5", "Comment 4", "Comment 3", "Comment 2", "Comment 1"])
        #expect(view["rating_count"] as? Int == 6, "the one waiting for review does not count")
        #expect(try app.get("/api/v1/groups/\(groupA)/feedback?limit=0").status == 400)
        #expect(try app.get("/api/v1/groups/\(groupA)/feedback?cursor=nonsense!").status == 400)
    }

    @Test func moderationStaysInsideTheOrganization() throws {
        let inA = try seed(groupA, rating: 2, comment: "Alpha's")
        let inB = try seed(groupB, rating: 5, comment: "Beta's")
        let coordinatorA = try app.key("coordinator", organization: "alpha")
        let coordinatorB = try app.key("coordinator", organization: "beta")

        #expect(try app.send("POST", "/api/v1/feedback/\(inA)/approve", key: coordinatorB).status == 404)
        #expect(try app.send("POST", "/api/v1/feedback/\(inA)/reject", key: coordinatorB).status == 404)
        #expect(try app.send("POST", "/api/v1/feedback/999999/approve", key: coordinatorB).status == 404)
        #expect(try app.send("POST", "/api/v1/feedback/\(inA)/approve").status == 401)
        #expect(try app.send("POST", "/api/v1/feedback/\(inA)/approve", key: try app.key("partner", organization: "alpha")).status == 403)
        #expect(try app.get("/api/v1/feedback").status == 401)
        #expect(try app.get("/api/v1/feedback", key: try app.key("partner", organization: "alpha")).status == 403)

        func list(_ key: String, _ query: String = "") throws -> [Int] {
            let r = try app.get("/api/v1/feedback" + query, key: key)
            #expect(r.status == 200, "\(r.text)")
            #expect(r.headers["Cache-Control"] == "no-store")
            return (r.jsonObject["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
        }
        #expect(try list(coordinatorB, "?group_id=\(groupA)") == [])
        #expect(try list(coordinatorB) == [Int(inB)])
        #expect(try list(coordinatorA) == [Int(inA)])
        #expect(try list(admin) == [Int(inB), Int(inA)])
        #expect(try app.get("/api/v1/feedback?status=maybe", key: admin).status == 400)
        #expect(try app.get("/api/v1/feedback?group_id=x", key: admin).status == 400)

        let r = try app.send("POST", "/api/v1/feedback/\(inA)/reject", key: coordinatorA)
        #expect(r.status == 200)
        #expect(r.jsonObject["reviewed_by"] as? String == "key:\(try keyId(coordinatorA))")
        #expect(r.jsonObject["group_name"] as? String == "Alpha Recovery Circle")
        #expect(try list(coordinatorA, "?status=pending") == [])
        #expect(try list(coordinatorA, "?status=rejected") == [Int(inA)])
        #expect(try list(admin, "?status=pending") == [Int(inB)])
        #expect(try list(admin, "?group_id=\(groupB)") == [Int(inB)])

        // Paging the moderation list.
        for _ in 1...3 { _ = try seed(groupB, rating: 3) }
        let first = try app.get("/api/v1/feedback?limit=2", key: coordinatorB)
        let next = try #require(first.jsonObject["next"] as? String)
        let second = try app.get(next, key: coordinatorB)
        #expect((first.jsonObject["data"] as? [Any])?.count == 2)
        #expect((second.jsonObject["data"] as? [Any])?.count == 2)
        #expect(second.jsonObject["next"] as? String == nil)
    }

    /// Facilitators work referrals and listings, but moderation is for coordinators and administrators:
    /// a facilitator's session is refused the queue and the decisions, even on their own organization's feedback.
    @Test func facilitatorsDoNotModerate() throws {
        let inA = try seed(groupA, rating: 2, comment: "Alpha's")
        _ = try Accounts.add(
            in: app.database, email: "fay@alpha.example.org", name: "Fay", role: "facilitator", organizationSlug: "alpha", password: "correct horse battery")
        let login = try app.send("POST", "/api/v1/auth/login", json: ["email": "fay@alpha.example.org", "password": "correct horse battery"])
        #expect(login.status == 200)
        let session = [
            ("Cookie", String(try #require(login.headers["Set-Cookie"]).split(separator: ";")[0])),
            ("X-CSRF-Token", login.jsonObject["csrf_token"] as? String ?? ""),
        ]
        #expect(try app.get("/api/v1/feedback", headers: session).status == 403)
        #expect(try app.send("POST", "/api/v1/feedback/\(inA)/approve", headers: session).status == 403)
        #expect(try app.send("POST", "/api/v1/feedback/\(inA)/reject", headers: session).status == 403)
        #expect(try app.get("/api/v1/feedback", key: try app.key("coordinator", organization: "alpha")).status == 200)
        let pending = try app.database.feedbackEntry(id: inA)?.feedback.status
        #expect(pending == .pending)
    }

    /// A decision made on a status that another moderator changed meanwhile is refused by the store,
    /// and writes nothing: the handler decides again on what is there now.
    @Test func aDecisionOnAStaleStatusWritesNothing() throws {
        let inA = try seed(groupA, rating: 2, comment: "Alpha's", status: .rejected)
        let audit = AuditEntry(actor: "test", action: "feedback.approve", targetType: "feedback", targetId: String(inA))
        #expect(throws: StoreFailure.stateChanged) {
            try app.database.reviewFeedback(id: inA, from: .pending, to: .approved, reviewer: "test", audit: audit)
        }
        #expect(try app.database.feedbackEntry(id: inA)?.feedback.status == .rejected)
        #expect(try app.database.auditEntries(beforeId: nil, limit: 10, action: "feedback.approve", targetType: nil, targetId: nil).isEmpty)
        #expect(throws: StoreFailure.notFound) {
            try app.database.reviewFeedback(id: 999_999, from: .pending, to: .approved, reviewer: "test", audit: audit)
        }
    }

    func keyId(_ key: String) throws -> Int64 {
        let prefix = String(key.split(separator: "_")[1])
        return try #require(try app.database.activeAPIKey(prefix: prefix)?.id)
    }

    @Test func statisticsOfAnOrganization() throws {
        let second = try Self.group(app, admin, alpha, "Alpha Evening Circle")
        #expect(try feedback(groupA, ["rating": 5, "comment": "Warm"]).status == 201)
        #expect(try feedback(groupA, ["rating": 4]).status == 201)
        let spam = try #require(try feedback(groupA, ["rating": 1, "comment": "spam"]).jsonObject["id"] as? Int)
        #expect(try feedback(groupB, ["rating": 1]).status == 201)
        let coordinator = try app.key("coordinator", organization: "alpha")
        #expect(try app.send("POST", "/api/v1/feedback/\(spam)/reject", key: coordinator).status == 200)

        var referralIds: [Int] = []
        for (n, group) in [groupA, groupA, groupA, second, second, second].enumerated() {
            let r = try app.send(
                "POST", "/api/v1/referrals", key: admin,
                json: [
                    "group_id": group, "person_name": "Person \(n)", "person_phone": "555-0123", "preferred_contact_method": "phone",
                    "referrer_type": "self", "consent": true, "consent_version": "2026-11",
                ])
            #expect(r.status == 201, "\(r.text)")
            referralIds.append(r.jsonObject["id"] as? Int ?? 0)
        }
        #expect(try app.send("POST", "/api/v1/referrals/\(referralIds[0])/status", key: coordinator, json: ["status": "contacted"]).status == 200)

        let r = try app.get("/api/v1/organizations/\(alpha)/stats", key: coordinator)
        #expect(r.status == 200, "\(r.text)")
        #expect(r.jsonObject["organization_id"] as? Int == alpha)
        let groups = r.jsonObject["groups"] as? [[String: Any]] ?? []
        #expect(groups.compactMap { $0["name"] as? String } == ["Alpha Evening Circle", "Alpha Recovery Circle"])
        let evening = try #require(groups.first), recovery = try #require(groups.last)
        #expect(evening["group_id"] as? Int == second)
        #expect(evening["rating_count"] as? Int == 0)
        #expect(evening["average_rating"] is NSNull)
        #expect(evening["pending_feedback"] as? Int == 0)
        #expect(recovery["group_id"] as? Int == groupA)
        #expect(recovery["rating_count"] as? Int == 2)
        #expect(recovery["average_rating"] as? Double == 4.5)
        #expect(recovery["pending_feedback"] as? Int == 2)

        let referrals = try #require(r.jsonObject["referrals"] as? [String: Any])
        let byStatus = referrals["by_status"] as? [String: Any] ?? [:]
        #expect(Set(byStatus.keys) == Set(ReferralStatus.rawValues))
        #expect(byStatus["new"] as? Int == 5)
        #expect(byStatus["contacted"] as? Int == 1)
        #expect(byStatus["closed"] as? Int == 0)
        #expect(referrals["total"] as? Int == 6)
        let median = try #require(referrals["median_hours_to_first_contact"] as? Double)
        #expect(median >= 0 && median < 0.1)

        // Beta's referrals and feedback are Beta's alone.
        let betaStats = try app.get("/api/v1/organizations/\(beta)/stats", key: admin)
        #expect(betaStats.status == 200)
        #expect(((betaStats.jsonObject["referrals"] as? [String: Any])?["total"]) as? Int == 0)
        #expect(((betaStats.jsonObject["referrals"] as? [String: Any])?["median_hours_to_first_contact"]) is NSNull)
        #expect((betaStats.jsonObject["groups"] as? [[String: Any]])?.first?["rating_count"] as? Int == 1)

        #expect(try app.get("/api/v1/organizations/\(alpha)/stats", key: try app.key("coordinator", organization: "beta")).status == 403)
        #expect(try app.get("/api/v1/organizations/\(alpha)/stats").status == 401)
        #expect(try app.get("/api/v1/organizations/999999/stats", key: admin).status == 404)
    }
}
