import Foundation
import Store

/// The personal data of a referral: sealed at rest, shown only to the organization that runs the group.
struct PersonalData: Codable {
    var name: String
    var phone: String?
    var email: String?
    var preferredTimes: String?
    var note: String?
    var referrerName: String?
    var referrerOrganization: String?
    var referrerPhone: String?
    var referrerEmail: String?
}

/// A referral in the inbox: no personal data, so listing never needs an audited read.
struct ReferralSummary: Encodable {
    var id: Int64
    var groupId: Int64
    var organizationId: Int64
    var status: String
    var urgent: Bool
    var crisisFlag: Bool
    var referrerType: String
    var preferredContactMethod: String
    var language: String
    var createdAt: String
    var updatedAt: String
    var firstContactedAt: String?
    var personalDataErased: Bool
    var links: [String: String]

    init(_ r: ReferralRecord) {
        id = r.id!
        groupId = r.groupId
        organizationId = r.organizationId
        status = r.status
        urgent = r.urgent
        crisisFlag = r.crisisFlag
        referrerType = r.referrerType
        preferredContactMethod = r.preferredContactMethod
        language = r.language
        createdAt = r.createdAt
        updatedAt = r.updatedAt
        firstContactedAt = r.firstContactedAt
        personalDataErased = r.personalData == nil
        links = ["self": "/api/v1/referrals/\(r.id!)", "group": "/api/v1/groups/\(r.groupId)"]
    }
}

/// One referral in full, for the organization that runs the group (every read is audited).
struct ReferralDetail: Encodable {
    var referral: ReferralSummary
    var person: PersonalData?
    var consentAt: String
    var consentVersion: String
    var history: [Event]

    struct Event: Encodable {
        var fromStatus: String?
        var toStatus: String
        var actor: String
        var note: String?
        var at: String
    }
}

/// What the status link shows: never personal data.
struct ReferralStatusView: Encodable {
    var status: String
    var group: GroupRef
    var createdAt: String
    var history: [Step]
    var canWithdraw: Bool

    struct GroupRef: Encodable {
        var name: String
        var slug: String
        var page: String
    }

    struct Step: Encodable {
        var status: String
        var at: String
    }
}

/// The answer to a new referral.
struct ReferralCreated: Encodable {
    var id: Int64
    var status: String
    var statusUrl: String
    var statusApi: String
    var whatHappensNext: String
    var crisisGuidance: CrisisGuidance?
}
