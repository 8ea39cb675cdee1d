import Foundation
import GroupViews
import HTTPServer
import Store

/// Anonymous feedback on groups, its moderation, and an organization's statistics.
///
/// Feedback is anonymous by construction: the sender's key, session and address are never looked
/// at beyond the rate limit, and the row keeps only the day it arrived. A rating counts at once
/// (unless a moderator rejects it); a comment is public only once the group's organization approves it.
struct FeedbackRoutes: RouteCollection {
    let api: API
    let database: AppDatabase

    init(_ context: RouteContext) {
        api = context.api
        database = context.api.database
    }

    static let routes: [Route<Self>] = [
        .post("/api/v1/groups/:id/feedback", .anyone, Self.send, bodyLimit: 16 * 1024),
        .get("/api/v1/groups/:id/feedback", .anyone, Self.groupFeedback),
        .get("/api/v1/feedback", .staff, Self.moderationQueue),
        .post("/api/v1/feedback/:id/approve", .managesOrganization, Self.approve, bodyLimit: 1024),
        .post("/api/v1/feedback/:id/reject", .managesOrganization, Self.reject, bodyLimit: 1024),
        .get("/api/v1/organizations/:id/stats", .managesOrganization, Self.statistics),
    ]

    static let fields: Set<String> = ["rating", "comment", "website"]

    func send(_ request: Request, _ caller: Principal) throws -> Response {
        try API.limitingRefusals(api.limits.feedback, attempts: api.limits.feedbackAttempts, request) {
            try receive(request, groupId: try API.id(request), body: try JSONBody(request))
        }
    }

    /// Checks and records feedback, from the API or from the group page's form (`GroupFormRoutes`):
    /// the same fields, checks and bot trap. The caller applies the rate limits (`API.limitingRefusals`).
    func receive(_ request: Request, groupId: Int64, body: JSONBody) throws -> Response {
        var body = body
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
        // Not the caller's principal: nothing about who sent it is kept, not even for idempotency.
        return try api.create(request, principal: .anonymous, notFound: "No group with that id takes feedback.") { claim in
            try database.recordFeedback(groupId: groupId, rating: rating, comment: comment ?? "", claim: claim) { saved in
                StoredResponse(status: 201, location: nil, body: try API.encode(FeedbackReceived(id: saved.id)))
            }
        }
    }

    func groupFeedback(_ request: Request, _ caller: Principal) throws -> Response {
        let groupId = try API.id(request)
        var reader = QueryReader(request)
        let limit = reader.limit(default: 20, max: 100)
        try reader.finish()
        let before = try Cursor.decode(request.query["cursor"], as: Int64.self)
        let (summary, rows) = try API.store(notFound: "No group with that id.") {
            try database.groupFeedback(groupId: groupId, beforeId: before, limit: limit)
        }
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { Cursor.nextLink(request, cursor: Cursor.encode($0.id!)) } : nil
        return try API.json(GroupFeedbackView(summary, comments: page, next: next))
    }

    /// The feedback a coordinator moderates (their organization's groups), or all of it for an administrator.
    func moderationQueue(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        let limit = reader.limit(default: 50, max: 200)
        let status: FeedbackStatus? = reader.choice("status")
        var groupId: Int64?
        if let text = reader.text("group_id", max: 20) {
            if let id = Int64(text), id > 0 { groupId = id } else { reader.fail("group_id", "must be a positive whole number") }
        }
        try reader.finish()
        let before = try Cursor.decode(request.query["cursor"], as: Int64.self)
        let scope: FeedbackScope = caller.isAdmin ? .all : .organization(caller.organizationId ?? -1)
        let rows = try database.feedback(scope: scope, status: status, groupId: groupId, beforeId: before, limit: limit)
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { Cursor.nextLink(request, cursor: Cursor.encode($0.feedback.id!)) } : nil
        var response = try API.json(Page(data: page.map(FeedbackModerationView.init), next: next))
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    func approve(_ request: Request, _ caller: Principal) throws -> Response {
        try review(request, caller, verb: "approve", status: .approved)
    }

    func reject(_ request: Request, _ caller: Principal) throws -> Response {
        try review(request, caller, verb: "reject", status: .rejected)
    }

    /// Decides feedback. Deciding what is already decided changes nothing and keeps the first reviewer.
    private func review(_ request: Request, _ caller: Principal, verb: String, status: FeedbackStatus) throws -> Response {
        let id = try API.id(request)
        let entry = try API.store(notFound: "No feedback with that id.") {
            try API.decidingOnCurrentState {
                guard let entry = try database.feedbackEntry(id: id) else { throw HTTPError.notFound("No feedback with that id.") }
                guard caller.canManage(organizationId: entry.organizationId) else {
                    // Another organization's coordinators are answered as if it did not exist; partners and
                    // facilitators moderate no feedback at all.
                    if caller.role == .coordinator { throw HTTPError.notFound("No feedback with that id.") }
                    throw HTTPError(403, detail: "Only an organization's coordinators and administrators moderate feedback.")
                }
                let previous = entry.feedback.status
                guard previous != status else { return entry }
                let audit = API.auditEntry(
                    caller, request, action: "feedback.\(verb)", targetType: "feedback", targetId: String(id),
                    organizationId: entry.organizationId, detail: "\(previous)→\(status)")
                return try database.reviewFeedback(id: id, from: previous, to: status, reviewer: caller.subject, audit: audit)
            }
        }
        var response = try API.json(FeedbackModerationView(entry))
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    func statistics(_ request: Request, _ caller: Principal) throws -> Response {
        let organizationId = try API.id(request)
        guard try database.record(OrganizationRecord.self, id: organizationId) != nil else { throw HTTPError.notFound("No organization with that id.") }
        guard caller.canManage(organizationId: organizationId) else {
            throw HTTPError(403, detail: "Only the organization's coordinators and administrators see its statistics.")
        }
        let statistics = try database.organizationStatistics(organizationId: organizationId)
        let view = OrganizationStatsView(
            organizationId: organizationId, groups: statistics.groups.map(OrganizationStatsView.Group.init),
            referrals: .init(byStatus: statistics.referralsByStatus, median: statistics.medianHoursToFirstContact))
        var response = try API.json(view)
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}
