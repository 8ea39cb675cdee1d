/// The HL7 FHIR Task status codes a referral's status maps to (`ReferralWorkflow.fhirTaskStatus`),
/// (value set http://hl7.org/fhir/task-status), in the order the OpenAPI document lists them.
enum FHIRTaskStatus: String, Codable, CaseIterable, Sendable {
    case requested
    case accepted
    case rejected
    case inProgress = "in-progress"
    case onHold = "on-hold"
    case completed
    case cancelled
    case failed
}
