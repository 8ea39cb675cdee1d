import Foundation
import GRDB

/// What an organization's dashboard shows: its groups' ratings and moderation queue, its referrals by status.
public struct OrganizationStatistics: Sendable, Equatable {
    public var groups: [GroupFeedbackStatistics]
    public var referralsByStatus: [String: Int]
    public var medianHoursToFirstContact: Double?
}

/// Feedback as the routes ask for it: each function one transaction.
extension AppDatabase {
    /// Stores new feedback, pending, on a group that takes it (`.notFound` for a missing or archived
    /// group), once per idempotency claim.
    public func recordFeedback(
        groupId: Int64, rating: Int, comment: String, claim: IdempotencyClaim,
        answer: (FeedbackRecord) throws -> StoredResponse
    ) throws -> IdempotencyOutcome {
        try once(
            claim,
            { db in
                guard let group = try GroupRecord.fetchOne(db, id: groupId), group.status != .archived else { throw StoreFailure.notFound }
                return try FeedbackStore.insert(groupId: group.id!, rating: rating, comment: comment, in: db)
            }, answer: answer)
    }

    /// A group's ratings and its approved comments after `beforeId` (`limit + 1` at most); `.notFound` for no such group.
    public func groupFeedback(groupId: Int64, beforeId: Int64?, limit: Int) throws -> (RatingSummary, [FeedbackRecord]) {
        try pool.read { db in
            guard try GroupRecord.fetchOne(db, id: groupId) != nil else { throw StoreFailure.notFound }
            return (
                try FeedbackStore.ratings(groupId: groupId, in: db),
                try FeedbackStore.approvedComments(groupId: groupId, beforeId: beforeId, limit: limit, in: db)
            )
        }
    }

    /// Feedback visible in `scope`, newest first, before `beforeId`; `limit + 1` rows at most.
    public func feedback(scope: FeedbackScope, status: FeedbackStatus?, groupId: Int64?, beforeId: Int64?, limit: Int) throws -> [FeedbackEntry] {
        try pool.read { try FeedbackStore.list(scope: scope, status: status, groupId: groupId, beforeId: beforeId, limit: limit, in: $0) }
    }

    /// One feedback with its group, whoever may see it (the caller decides).
    public func feedbackEntry(id: Int64) throws -> FeedbackEntry? {
        try pool.read { try FeedbackStore.entry(id: id, in: $0) }
    }

    /// Moves feedback that is `from` now to the moderation outcome `to`, writing `audit` in the same
    /// transaction. `.stateChanged` when another moderator decided it since the caller read it.
    public func reviewFeedback(id: Int64, from: FeedbackStatus, to status: FeedbackStatus, reviewer: String, audit: AuditEntry) throws -> FeedbackEntry {
        try pool.write { db in
            guard var entry = try FeedbackStore.entry(id: id, in: db) else { throw StoreFailure.notFound }
            guard entry.feedback.status == from else { throw StoreFailure.stateChanged }
            let (saved, changed) = try FeedbackStore.review(entry.feedback, status: status, reviewer: reviewer, in: db)
            if changed { try AuditWrites.record(audit, in: db) }
            entry.feedback = saved
            return entry
        }
    }

    /// The dashboard figures of an organization, read together.
    public func organizationStatistics(organizationId: Int64) throws -> OrganizationStatistics {
        try pool.read { db in
            let referrals = try ReferralWrites.statistics(organizationId: organizationId, in: db)
            return OrganizationStatistics(
                groups: try FeedbackStore.statistics(organizationId: organizationId, in: db),
                referralsByStatus: referrals.byStatus, medianHoursToFirstContact: referrals.medianHoursToFirstContact)
        }
    }
}
