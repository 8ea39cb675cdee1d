import Store

/// The events a webhook may subscribe to, and what a referral's changes announce. The service that
/// makes the change writes its event to the outbox in the change's transaction (`WebhookOutbox`),
/// so the event exists exactly when the change committed.
enum WebhookEvents {
    /// Every event a webhook may subscribe to.
    static let all = ["referral.created", "referral.status_changed"]

    /// A new referral: ids, its first status, whether it is urgent, and where to read it.
    static func referralCreated(_ referral: ReferralRecord) -> OutboxEvent {
        OutboxEvent(name: "referral.created", organizationId: referral.organizationId,
                    data: ["referral_id": String(referral.id!), "group_id": String(referral.groupId), "status": referral.status,
                           "urgent": String(referral.urgent), "link": "/api/v1/referrals/\(referral.id!)"])
    }

    /// A referral's move from `previous` to `status`, with the FHIR Task code of the new status.
    static func statusChanged(_ referral: ReferralRecord, from previous: String, to status: String) -> OutboxEvent {
        OutboxEvent(name: "referral.status_changed", organizationId: referral.organizationId,
                    data: ["referral_id": String(referral.id!), "group_id": String(referral.groupId), "status": status,
                           "fhir_status": ReferralWorkflow.fhir(status), "previous_status": previous, "link": "/api/v1/referrals/\(referral.id!)"])
    }
}
