import HTTPServer

/// An organization's webhooks and their delivery log.
struct WebhookRoutes {
    let api: API

    func register(on router: Router) {}
}
