import Foundation
import GRDB

public struct ReferralRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "referrals"
    public var id: Int64?
    public var groupId: Int64
    public var organizationId: Int64
    public var status = ReferralStatus.new
    public var urgent = false
    public var crisisFlag = false
    public var referrerType: ReferrerType
    public var partnerKeyId: Int64?
    public var partnerOrganizationId: Int64?
    public var preferredContactMethod: ContactMethod
    public var language = "en"
    public var consentAt: Timestamp
    public var consentVersion: String
    public var personalData: Data?
    public var statusTokenHash: String
    public var createdAt = Timestamp.now()
    public var updatedAt = Timestamp.now()
    public var firstContactedAt: Timestamp?
    public var closedAt: Timestamp?
    public var personalDataErasedAt: Timestamp?
    /// The person asked for no more mail about this referral.
    public var mailUnsubscribedAt: Timestamp?
    /// When the one check-in after a first meeting ("Did you go?") was written for the person.
    public var checkInAt: Timestamp?

    public init(
        groupId: Int64, organizationId: Int64, referrerType: ReferrerType, preferredContactMethod: ContactMethod,
        consentAt: Timestamp, consentVersion: String, statusTokenHash: String
    ) {
        self.groupId = groupId
        self.organizationId = organizationId
        self.referrerType = referrerType
        self.preferredContactMethod = preferredContactMethod
        self.consentAt = consentAt
        self.consentVersion = consentVersion
        self.statusTokenHash = statusTokenHash
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

public struct ReferralEventRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "referral_events"
    public var id: Int64?
    public var referralId: Int64
    public var fromStatus: ReferralStatus?
    public var toStatus: ReferralStatus
    public var actor: String
    /// The organization's internal note (sealed by the caller): only the organization that runs the group reads it.
    public var note: Data?
    /// The note shared with the partner who sent the referral (sealed by the caller), apart from the internal one.
    public var sharedNote: Data?
    public var createdAt: Timestamp

    public init(referralId: Int64, fromStatus: ReferralStatus?, toStatus: ReferralStatus, actor: String, note: Data?, sharedNote: Data? = nil) {
        self.referralId = referralId
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.actor = actor
        self.note = note
        self.sharedNote = sharedNote
        self.createdAt = Timestamp.now()
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// Who may see which referrals in a list.
public enum ReferralScope: Sendable {
    case all
    case organization(Int64)
    case partnerKey(Int64)
    /// What any partner of that organization sent (a partner's console account).
    case partnerOrganization(Int64)
}

public struct ReferralFilter: Sendable {
    public var statuses: [ReferralStatus] = []
    public var urgent: Bool?
    public var groupId: Int64?
    public var limit = 50
    public init() {}
}

/// Where an inbox page ended: urgent first, then oldest first.
public struct InboxPosition: Sendable, Codable, Equatable {
    public var urgent: Int
    public var createdAt: Timestamp
    public var id: Int64
    public init(urgent: Int, createdAt: Timestamp, id: Int64) {
        self.urgent = urgent
        self.createdAt = createdAt
        self.id = id
    }
}

public enum ReferralWrites {
    /// Inserts a referral and its first event, then lets `seal` fill the personal data (which needs the new id).
    public static func insert(_ referral: ReferralRecord, actor: String, in db: Database, seal: (Int64) throws -> Data) throws -> ReferralRecord {
        var record = referral
        let now = Timestamp.now()
        record.createdAt = now
        record.updatedAt = now
        try record.insert(db)
        record.personalData = try seal(record.id!)
        try db.cachedStatement(sql: "UPDATE referrals SET personal_data = ? WHERE id = ?").execute(arguments: [record.personalData, record.id])
        var event = ReferralEventRecord(referralId: record.id!, fromStatus: nil, toStatus: .new, actor: actor, note: nil)
        try event.insert(db)
        return record
    }

    /// Moves a referral to a new status and records the change; the caller has checked the transition.
    public static func changeStatus(
        _ referral: ReferralRecord, to status: ReferralStatus, actor: String, note: Data?, sharedNote: Data? = nil, in db: Database
    ) throws -> ReferralRecord {
        var record = referral
        let now = Timestamp.now()
        record.status = status
        record.updatedAt = now
        if status == .contacted && record.firstContactedAt == nil { record.firstContactedAt = now }
        if status.endsReferral { record.closedAt = now }
        try record.update(db)
        if referral.status.holdsSeat != status.holdsSeat {
            // A group that tracks seats has one fewer open when someone enrolls, one more when they leave
            // (never below 0 nor above its capacity); its version moves, so caches see the change.
            try db.execute(
                sql: """
                    UPDATE groups SET open_seats = max(0, min(capacity, open_seats + ?)), seats_updated_at = ?, updated_at = ?, version = version + 1
                    WHERE id = ? AND capacity IS NOT NULL AND open_seats IS NOT NULL
                    """,
                arguments: [status.holdsSeat ? -1 : 1, now, now, record.groupId])
        }
        var event = ReferralEventRecord(
            referralId: record.id!, fromStatus: referral.status, toStatus: status, actor: actor, note: note, sharedNote: sharedNote)
        try event.insert(db)
        return record
    }

    public static func events(referralId: Int64, in db: Database) throws -> [ReferralEventRecord] {
        try ReferralEventRecord.filter(Column("referral_id") == referralId).order(Column("id")).fetchAll(db)
    }

    public static func referral(statusTokenHash: String, in db: Database) throws -> ReferralRecord? {
        try ReferralRecord.filter(Column("status_token_hash") == statusTokenHash).fetchOne(db)
    }

    /// A page of referrals visible in `scope`: urgent first, then oldest first.
    public static func list(scope: ReferralScope, filter: ReferralFilter, after: InboxPosition?, in db: Database) throws -> [ReferralRecord] {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        switch scope {
        case .all: break
        case .organization(let id): conditions.append("organization_id = ?"); arguments.append(id)
        case .partnerKey(let id): conditions.append("partner_key_id = ?"); arguments.append(id)
        case .partnerOrganization(let id): conditions.append("partner_organization_id = ?"); arguments.append(id)
        }
        if !filter.statuses.isEmpty {
            conditions.append("status IN (\(filter.statuses.map { _ in "?" }.joined(separator: ",")))")
            arguments += filter.statuses.map { $0 }
        }
        if let urgent = filter.urgent { conditions.append("urgent = ?"); arguments.append(urgent) }
        if let groupId = filter.groupId { conditions.append("group_id = ?"); arguments.append(groupId) }
        if let after {
            conditions.append("(urgent < ? OR (urgent = ? AND (created_at > ? OR (created_at = ? AND id > ?))))")
            arguments += [after.urgent, after.urgent, after.createdAt, after.createdAt, after.id]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try ReferralRecord.fetchAll(
            db, sql: "SELECT * FROM referrals \(whereClause) ORDER BY urgent DESC, created_at, id LIMIT \(filter.limit + 1)",
            arguments: StatementArguments(arguments))
    }

    /// Erases personal data of referrals that ended more than `days` ago; their history stays. Returns how many.
    public static func purge(olderThanDays days: Int, now: Date = Date(), in db: Database) throws -> Int {
        let cutoff = Timestamp(now).adding(Double(-days) * 86_400)
        let ended = ReferralStatus.allCases.filter(\.endsReferral)
        let ids = try Int64.fetchAll(
            db,
            sql: """
                SELECT id FROM referrals WHERE personal_data IS NOT NULL AND status IN (\(ended.map { _ in "?" }.joined(separator: ", "))) AND closed_at < ?
                """, arguments: StatementArguments(ended) + [cutoff])
        guard !ids.isEmpty else { return 0 }
        let stamp = Timestamp(now)
        for id in ids {
            try db.execute(sql: "UPDATE referrals SET personal_data = NULL, personal_data_erased_at = ? WHERE id = ?", arguments: [stamp, id])
            try db.execute(sql: "UPDATE referral_events SET note = NULL, shared_note = NULL WHERE referral_id = ?", arguments: [id])
        }
        return ids.count
    }

    /// Counts by status and the median hours to first contact, for an organization's dashboard.
    public static func statistics(organizationId: Int64, in db: Database) throws -> (byStatus: [String: Int], medianHoursToFirstContact: Double?) {
        var byStatus: [String: Int] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT status, count(*) AS n FROM referrals WHERE organization_id = ? GROUP BY status", arguments: [organizationId])
        {
            byStatus[row["status"]] = row["n"]
        }
        let hours = try Double.fetchAll(
            db,
            sql: """
                SELECT (julianday(first_contacted_at) - julianday(created_at)) * 24 FROM referrals
                WHERE organization_id = ? AND first_contacted_at IS NOT NULL ORDER BY 1
                """, arguments: [organizationId])
        let median = hours.isEmpty ? nil : hours.count % 2 == 1 ? hours[hours.count / 2] : (hours[hours.count / 2 - 1] + hours[hours.count / 2]) / 2
        return (byStatus, median)
    }
}
