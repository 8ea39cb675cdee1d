import Foundation
import GRDB
import HTTPServer
import Store

/// Anonymous feedback on groups, its moderation, and an organization's statistics.
///
/// Feedback is anonymous by construction: the sender's key, session and address are never looked
/// at beyond the rate limit, and the row keeps only the day it arrived. A rating counts at once
/// (unless a moderator rejects it); a comment is public only once the group's organization approves it.
struct FeedbackRoutes {
    let api: API

    static let fields: Set<String> = ["rating", "comment", "website"]

    func register(on router: Router) {
        let api = self.api
        let database = api.database

        router.post("/api/v1/groups/:id/feedback", options: RouteOptions(bodyLimit: 16 * 1024)) { request in
            try API.limit(api.limits.feedback, request)
            let groupId = try API.id(request)
            var body = try JSONBody(request)
            body.rejectUnknown(Self.fields)
            // A field people never see: only a bot fills it in. Answer as if accepted and keep nothing.
            if let trap = body.object["website"], !(trap is NSNull), (trap as? String)?.isEmpty != true {
                return try API.json(FeedbackReceived(id: nil), status: 202)
            }
            var rating = 0
            body.integer("rating", into: &rating, range: 1...5, required: true)
            var comment: String?
            body.optionalText("comment", into: &comment, max: 1000)
            try body.finish()
            let text = comment ?? ""
            // Not the caller's principal: nothing about who sent it is kept, not even for idempotency.
            return try api.create(request, principal: .anonymous) { db in
                guard let group = try GroupRecord.fetchOne(db, key: groupId), group.status != "archived" else {
                    throw HTTPError.notFound("No group with that id takes feedback.")
                }
                let saved = try FeedbackStore.insert(groupId: group.id!, rating: rating, comment: text, in: db)
                return StoredResponse(status: 201, location: nil, body: try API.encode(FeedbackReceived(id: saved.id)))
            }
        }

        router.get("/api/v1/groups/:id/feedback") { request in
            let groupId = try API.id(request)
            var reader = QueryReader(request)
            let limit = reader.limit(default: 20, max: 100)
            try reader.finish()
            let before = try Cursor.decode(request.query["cursor"], as: Int64.self)
            let (summary, rows): (RatingSummary, [FeedbackRecord]) = try database.pool.read { db in
                guard try GroupRecord.fetchOne(db, key: groupId) != nil else { throw HTTPError.notFound("No group with that id.") }
                return (try FeedbackStore.ratings(groupId: groupId, in: db),
                        try FeedbackStore.approvedComments(groupId: groupId, beforeId: before, limit: limit, in: db))
            }
            let page = Array(rows.prefix(limit))
            let next = rows.count > limit ? page.last.map { Cursor.nextLink(request, cursor: Cursor.encode($0.id!)) } : nil
            return try API.json(GroupFeedbackView(summary, comments: page, next: next))
        }

        router.get("/api/v1/feedback") { request in
            let principal = try api.signedIn(request)
            try Self.requireModerator(principal)
            var reader = QueryReader(request)
            let limit = reader.limit(default: 50, max: 200)
            let status = reader.choice("status", FeedbackStore.statuses)
            var groupId: Int64?
            if let text = reader.text("group_id", max: 20) {
                if let id = Int64(text), id > 0 { groupId = id } else { reader.fail("group_id", "must be a positive whole number") }
            }
            try reader.finish()
            let before = try Cursor.decode(request.query["cursor"], as: Int64.self)
            let scope: FeedbackScope = principal.isAdmin ? .all : .organization(principal.organizationId ?? -1)
            let rows = try database.pool.read {
                try FeedbackStore.list(scope: scope, status: status, groupId: groupId, beforeId: before, limit: limit, in: $0)
            }
            let page = Array(rows.prefix(limit))
            let next = rows.count > limit ? page.last.map { Cursor.nextLink(request, cursor: Cursor.encode($0.feedback.id!)) } : nil
            var response = try API.json(Page(data: page.map(FeedbackModerationView.init), next: next))
            response.headers.set("Cache-Control", "no-store")
            return response
        }

        for (verb, status) in [("approve", "approved"), ("reject", "rejected")] {
            router.post("/api/v1/feedback/:id/\(verb)", options: RouteOptions(bodyLimit: 1024)) { request in
                let principal = try api.signedIn(request)
                try Self.requireModerator(principal)
                let id = try API.id(request)
                let entry: FeedbackEntry = try database.pool.write { db in
                    // Another organization's feedback is answered as if it did not exist.
                    guard var entry = try FeedbackStore.entry(id: id, in: db), principal.canManage(organizationId: entry.organizationId) else {
                        throw HTTPError.notFound("No feedback with that id.")
                    }
                    let previous = entry.feedback.status
                    let (saved, changed) = try FeedbackStore.review(entry.feedback, status: status, reviewer: principal.subject, in: db)
                    if changed {
                        try api.audit(principal, request, action: "feedback.\(verb)", targetType: "feedback", targetId: String(id),
                                      organizationId: entry.organizationId, detail: "\(previous)→\(status)", in: db)
                    }
                    entry.feedback = saved
                    return entry
                }
                var response = try API.json(FeedbackModerationView(entry))
                response.headers.set("Cache-Control", "no-store")
                return response
            }
        }

        router.get("/api/v1/organizations/:id/stats") { request in
            let principal = try api.signedIn(request)
            let organizationId = try API.id(request)
            guard try database.record(OrganizationRecord.self, id: organizationId) != nil else { throw HTTPError.notFound("No organization with that id.") }
            guard principal.canManage(organizationId: organizationId) else {
                throw HTTPError(403, detail: "Only the organization's coordinators and administrators see its statistics.")
            }
            let view: OrganizationStatsView = try database.pool.read { db in
                let groups = try FeedbackStore.statistics(organizationId: organizationId, in: db)
                let referrals = try ReferralWrites.statistics(organizationId: organizationId, in: db)
                return OrganizationStatsView(organizationId: organizationId, groups: groups.map(OrganizationStatsView.Group.init),
                                             referrals: .init(byStatus: referrals.byStatus, median: referrals.medianHoursToFirstContact))
            }
            var response = try API.json(view)
            response.headers.set("Cache-Control", "no-store")
            return response
        }
    }

    /// 403 unless the principal moderates feedback: a coordinator (of their own organization's groups) or an admin.
    static func requireModerator(_ principal: Principal) throws {
        guard principal.role == .admin || principal.role == .coordinator else {
            throw HTTPError(403, detail: "Only an organization's coordinators and administrators moderate feedback.")
        }
    }
}
