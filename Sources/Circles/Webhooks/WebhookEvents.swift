import Store

/// The events a webhook may subscribe to, and what a referral's changes announce. The service that
/// makes the change writes its event to the outbox in the change's transaction (`WebhookOutbox`),
/// so the event exists exactly when the change committed.
enum WebhookEvents {
    /// A new referral: its id and its group's (JSON integers), its first status, whether it is urgent (a boolean) and whether its note
    /// holds crisis language (which makes it urgent too), and where to read it.
    static func referralCreated(_ referral: ReferralRecord) -> OutboxEvent {
        OutboxEvent(
            name: .referralCreated, organizationId: referral.organizationId,
            data: [
                "referral_id": .number(referral.id!), "group_id": .number(referral.groupId), "status": .text(referral.status.rawValue),
                "urgent": .flag(referral.urgent), "crisis_language": .flag(referral.crisisFlag), "link": .text("/api/v1/referrals/\(referral.id!)"),
            ])
    }

    /// A referral's move from `previous` to `status`, with the FHIR Task code of the new status.
    static func statusChanged(_ referral: ReferralRecord, from previous: ReferralStatus, to status: ReferralStatus) -> OutboxEvent {
        OutboxEvent(
            name: .referralStatusChanged, organizationId: referral.organizationId,
            data: [
                "referral_id": .number(referral.id!), "group_id": .number(referral.groupId), "status": .text(status.rawValue),
                "fhir_status": .text(ReferralWorkflow.fhirTaskStatus(status).rawValue), "previous_status": .text(previous.rawValue),
                "urgent": .flag(referral.urgent), "link": .text("/api/v1/referrals/\(referral.id!)"),
            ])
    }
}
