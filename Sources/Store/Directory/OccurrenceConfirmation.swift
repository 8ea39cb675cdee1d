import Foundation
import GRDB

/// "Yes, it is on": one coming occurrence of a schedule, confirmed by someone who runs the group.
public struct OccurrenceConfirmation: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "occurrence_confirmations"
    public var scheduleId: Int64
    /// The local date the occurrence has in its schedule (before any move).
    public var occurrenceDate: String
    public var confirmedAt: String
    public var confirmedBy: String

    public init(scheduleId: Int64, occurrenceDate: String, confirmedBy: String) {
        self.scheduleId = scheduleId
        self.occurrenceDate = occurrenceDate
        self.confirmedAt = Timestamp.now().text
        self.confirmedBy = confirmedBy
    }
}
