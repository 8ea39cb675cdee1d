import Foundation
import Store

/// The answer to new feedback. It carries nothing about the sender.
struct FeedbackReceived: Encodable {
    var id: Int64?
    var status = "pending"
    var message = "Thank you. Your rating and comment appear after the group's organization reviews them."
}

/// What anyone sees of a group's feedback: the ratings that count and a page of approved comments.
struct GroupFeedbackView: Encodable {
    var averageRating: Double?
    var ratingCount: Int
    /// "1" … "5", every key present.
    var ratings: [String: Int]
    var comments: [Comment]
    var next: String?

    /// An approved comment: its rating and the day it was sent, nothing more.
    struct Comment: Encodable {
        var rating: Int
        var comment: String
        /// The date only (YYYY-MM-DD).
        var createdAt: String

        init(_ record: FeedbackRecord) {
            rating = record.rating
            comment = record.comment
            createdAt = record.createdAt.day
        }
    }

    init(_ summary: RatingSummary, comments: [FeedbackRecord], next: String?) {
        averageRating = summary.average.map(Self.rounded)
        ratingCount = summary.count
        ratings = Dictionary(uniqueKeysWithValues: (1...5).map { (String($0), summary.histogram[$0] ?? 0) })
        self.comments = comments.map(Comment.init)
        self.next = next
    }

    enum CodingKeys: String, CodingKey { case averageRating, ratingCount, ratings, comments, next }

    /// Writes `average_rating` and `next` as null when absent, so clients always find the keys.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(averageRating, forKey: .averageRating)
        try c.encode(ratingCount, forKey: .ratingCount)
        try c.encode(ratings, forKey: .ratings)
        try c.encode(comments, forKey: .comments)
        try c.encode(next, forKey: .next)
    }

    /// Two decimals: 4.333… → 4.33.
    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

/// Feedback as a moderator sees it.
struct FeedbackModerationView: Encodable {
    var id: Int64
    var groupId: Int64
    var groupName: String
    var organizationId: Int64
    var rating: Int
    var comment: String
    var status: FeedbackStatus
    /// The date only (YYYY-MM-DD): the exact time is never kept.
    var createdAt: String
    var reviewedBy: String?
    var reviewedAt: Timestamp?

    init(_ entry: FeedbackEntry) {
        let f = entry.feedback
        id = f.id!
        groupId = f.groupId
        groupName = entry.groupName
        organizationId = entry.organizationId
        rating = f.rating
        comment = f.comment
        status = f.status
        createdAt = f.createdAt.day
        reviewedBy = f.reviewedBy
        reviewedAt = f.reviewedAt
    }

    enum CodingKeys: String, CodingKey { case id, groupId, groupName, organizationId, rating, comment, status, createdAt, reviewedBy, reviewedAt }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(groupId, forKey: .groupId)
        try c.encode(groupName, forKey: .groupName)
        try c.encode(organizationId, forKey: .organizationId)
        try c.encode(rating, forKey: .rating)
        try c.encode(comment, forKey: .comment)
        try c.encode(status, forKey: .status)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(reviewedBy, forKey: .reviewedBy)
        try c.encode(reviewedAt, forKey: .reviewedAt)
    }
}

/// An organization's dashboard: feedback per group and how its referrals are going.
struct OrganizationStatsView: Encodable {
    var organizationId: Int64
    var groups: [Group]
    var referrals: Referrals

    struct Group: Encodable {
        var groupId: Int64
        var name: String
        var averageRating: Double?
        var ratingCount: Int
        var pendingFeedback: Int

        init(_ s: GroupFeedbackStatistics) {
            groupId = s.groupId
            name = s.name
            averageRating = s.averageRating.map(GroupFeedbackView.rounded)
            ratingCount = s.ratingCount
            pendingFeedback = s.pendingFeedback
        }

        enum CodingKeys: String, CodingKey { case groupId, name, averageRating, ratingCount, pendingFeedback }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(groupId, forKey: .groupId)
            try c.encode(name, forKey: .name)
            try c.encode(averageRating, forKey: .averageRating)
            try c.encode(ratingCount, forKey: .ratingCount)
            try c.encode(pendingFeedback, forKey: .pendingFeedback)
        }
    }

    struct Referrals: Encodable {
        /// Every status, zero included.
        var byStatus: [String: Int]
        var total: Int
        /// Hours from a referral's arrival to its first contact, over those contacted; nil when none was.
        var medianHoursToFirstContact: Double?

        init(byStatus counts: [String: Int], median: Double?) {
            byStatus = Dictionary(uniqueKeysWithValues: ReferralStatus.allCases.map { ($0.rawValue, counts[$0.rawValue] ?? 0) })
            total = counts.values.reduce(0, +)
            medianHoursToFirstContact = median.map(GroupFeedbackView.rounded)
        }

        enum CodingKeys: String, CodingKey { case byStatus, total, medianHoursToFirstContact }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(byStatus, forKey: .byStatus)
            try c.encode(total, forKey: .total)
            try c.encode(medianHoursToFirstContact, forKey: .medianHoursToFirstContact)
        }
    }
}
