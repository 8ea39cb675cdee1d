/// What a webhook may subscribe to (`webhooks.events`, comma-separated; `webhook_outbox.event`).
public enum WebhookEvent: String, Vocabulary {
    case referralCreated = "referral.created"
    case referralStatusChanged = "referral.status_changed"

    public var label: String {
        switch self {
        case .referralCreated: "A referral arrives"
        case .referralStatusChanged: "A referral’s status changes"
        }
    }
}
