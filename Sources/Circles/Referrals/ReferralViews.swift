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
    var status: ReferralStatus
    /// The status as an HL7 FHIR Task status code (see `ReferralWorkflow.fhirTaskStatus`).
    var fhirStatus: FHIRTaskStatus
    var urgent: Bool
    var crisisFlag: Bool
    var referrerType: ReferrerType
    var preferredContactMethod: ContactMethod
    var language: String
    var createdAt: Timestamp
    var updatedAt: Timestamp
    var firstContactedAt: Timestamp?
    var personalDataErased: Bool
    var links: [String: String]
    /// Whom it is about, only in an inbox asked for with `contact=true` by those who work it.
    var contact: InboxContact?

    init(_ r: ReferralRecord) {
        id = r.id!
        groupId = r.groupId
        organizationId = r.organizationId
        status = r.status
        fhirStatus = ReferralWorkflow.fhirTaskStatus(r.status)
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

/// The least of the personal data an inbox row needs: a first name to greet the person by, and
/// the number to text when texts are what the person prefers.
struct InboxContact: Encodable {
    var firstName: String
    var textTo: String?

    init(_ person: PersonalData, prefers method: ContactMethod) {
        firstName = person.name.split(separator: " ").first.map(String.init) ?? person.name
        textTo = method == .text ? person.phone : nil
    }
}

/// One referral in full, for the organization that runs the group and the partner who sent it (every read is audited).
struct ReferralDetail: Encodable {
    var referral: ReferralSummary
    var person: PersonalData?
    var consentAt: Timestamp
    var consentVersion: String
    var history: [Event]

    struct Event: Encodable {
        var fromStatus: ReferralStatus?
        var toStatus: ReferralStatus
        var actor: String
        /// The organization's internal note: absent in the partner's read.
        var note: String?
        /// The note the organization shares with the partner who sent the referral.
        var sharedNote: String?
        var at: Timestamp
    }
}

/// What the status link shows: never personal data.
struct ReferralStatusView: Encodable {
    var status: ReferralStatus
    var fhirStatus: FHIRTaskStatus
    var group: GroupRef
    var createdAt: Timestamp
    var history: [Step]
    var canWithdraw: Bool
    /// Whether the person may report "I went" (to a first meeting) or "not for me" from the link.
    var canReportAttended: Bool
    var canReportNotForMe: Bool

    init(_ referral: ReferralRecord, group: GroupRecord, history: [Step]) {
        status = referral.status
        fhirStatus = ReferralWorkflow.fhirTaskStatus(referral.status)
        self.group = GroupRef(name: group.name, slug: group.slug, page: "/groups/\(group.slug)")
        createdAt = referral.createdAt
        self.history = history
        canWithdraw = ReferralWorkflow.personMayMove(from: referral.status, to: .withdrawn)
        canReportAttended = ReferralWorkflow.personMayMove(from: referral.status, to: .attended)
        canReportNotForMe = ReferralWorkflow.personMayMove(from: referral.status, to: .notForMe)
    }

    struct GroupRef: Encodable {
        var name: String
        var slug: String
        var page: String
    }

    struct Step: Encodable {
        var status: ReferralStatus
        var fhirStatus: FHIRTaskStatus
        var at: Timestamp

        init(status: ReferralStatus, at: Timestamp) {
            self.status = status
            fhirStatus = ReferralWorkflow.fhirTaskStatus(status)
            self.at = at
        }
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
    /// Set when the group has no open seats: the referral is kept, but the person may have to wait.
    var groupFullWarning: String?
}
