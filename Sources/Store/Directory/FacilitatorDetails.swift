import GRDB

/// A facilitator with the trainings they completed and the groups they lead.
public struct FacilitatorDetails: Sendable, Equatable {
    public var facilitator: FacilitatorRecord
    public var trainings: [TrainingRecord]
    public var groupIds: [Int64]
}

extension FacilitatorRecord: DirectoryResource {
    /// A write given trainings replaces the whole list; without, it keeps them.
    public typealias Parts = [TrainingRecord]
    public var owningOrganizationId: Int64 { organizationId }
    public static let uniqueFields: [String: String] = [:]

    public static func shown(_ records: [FacilitatorRecord], in db: Database) throws -> [FacilitatorDetails] {
        try records.map { record in
            let (trainings, groupIds) = try FacilitatorWrites.extras(id: record.id!, in: db)
            return FacilitatorDetails(facilitator: record, trainings: trainings, groupIds: groupIds)
        }
    }

    public static func record(in shown: FacilitatorDetails) -> FacilitatorRecord { shown.facilitator }

    public static func didWrite(_ record: FacilitatorRecord, parts trainings: [TrainingRecord]?, in db: Database) throws {
        guard let trainings else { return }
        try FacilitatorWrites.replaceTrainings(facilitatorId: record.id!, with: trainings, in: db)
    }
}
