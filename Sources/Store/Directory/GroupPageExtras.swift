import GRDB

/// What a group's page shows beyond `GroupDetails`: its facilitators' trainings and its feedback.
public struct GroupPageExtras: Sendable {
    /// Each facilitator's trainings, by facilitator id.
    public var trainings: [Int64: [TrainingRecord]] = [:]
    public var ratings = RatingSummary()
    /// The newest approved comments, newest first.
    public var comments: [FeedbackRecord] = []
}

extension AppDatabase {
    /// How many approved comments a group page shows.
    public static let groupPageComments = 5

    /// One read snapshot: each facilitator's trainings, the group's ratings and its newest approved comments.
    public func groupPageExtras(groupId: Int64, facilitatorIds: [Int64]) throws -> GroupPageExtras {
        try pool.read { db in
            var extras = GroupPageExtras()
            for id in facilitatorIds { extras.trainings[id] = try FacilitatorWrites.extras(id: id, in: db).trainings }
            extras.ratings = try FeedbackStore.ratings(groupId: groupId, in: db)
            extras.comments = Array(
                try FeedbackStore.approvedComments(groupId: groupId, beforeId: nil, limit: Self.groupPageComments, in: db)
                    .prefix(Self.groupPageComments))
            return extras
        }
    }
}
