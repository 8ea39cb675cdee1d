import Crypto
import Foundation
import HTTPServer
import Store
import TestSupport
import Testing

@testable import Circles

/// Webhooks reach only public addresses: refused at registration for what the address says, and at
/// every connection for what the name resolves to; the delivery log names no address or port.
@Suite struct WebhookTargetTests {
    @Test func registrationRefusesAddressesInside() throws {
        let app = try TestApp()
        let admin = try app.key()
        let organization = try app.makeOrganization("alpha", key: admin)
        let inside = [
            "http://127.0.0.1:8080/", "http://localhost:8080/", "http://LOCALHOST./", "http://api.localhost/", "http://[::1]:8080/",
            "http://0.0.0.0/", "http://127.1/", "http://2130706433/", "http://0x7f.1/", "http://10.1.2.3/", "http://172.16.0.9/",
            "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data", "http://100.64.0.1/", "http://[fd00::1]/",
            "http://[fe80::1]/", "http://224.0.0.1/", "http://240.0.0.1/", "http://[::ffff:127.0.0.1]/", "https://198.51.100.4/",
        ]
        for url in inside {
            let r = try app.send("POST", "/api/v1/organizations/\(organization)/webhooks", key: admin, json: ["url": url])
            #expect(r.status == 422, "\(url): \(r.status)")
            #expect((r.jsonObject["errors"] as? [[String: Any]])?.first?["field"] as? String == "url", "\(url)")
        }
        for url in ["https://hooks.example.org/circles", "http://93.184.216.34/hook", "https://[2606:4700::1111]/hook"] {
            let r = try app.send("POST", "/api/v1/organizations/\(organization)/webhooks", key: admin, json: ["url": url])
            #expect(r.status == 201, "\(url): \(r.status) \(r.text)")
        }
    }

    @Test func theClientChecksWhatTheNameResolvesTo() throws {
        let receiver = try Receiver()
        defer { receiver.stop() }
        let url = try WebhookURL.parse("http://localhost:\(try #require(URL(string: receiver.url)?.port))/hook").get()
        let outcome = WebhookClient(timeout: 2).post(url, headers: [], body: [])
        #expect(outcome.statusCode == nil)
        #expect(outcome.error == WebhookClient.notPublic)
        #expect(!outcome.error.contains("127.0.0.1") && !outcome.error.contains(String(url.port)))
        #expect(receiver.requests.isEmpty, "nothing reached the loopback receiver")
        // The test-only option lets the same request through.
        let allowed = WebhookClient(timeout: 2, targets: WebhookTargets(allowsLoopbackForTestsOnly: true)).post(url, headers: [], body: [])
        #expect(allowed.statusCode == 200)
        // https: the name is resolved and checked before libcurl is asked to connect (TLSWebhookTests).
        let tls = TLSWebhookClient(timeout: 2, targets: WebhookTargets())
        #expect(tls.post(try WebhookURL.parse("https://localhost:9/hook").get(), headers: [], body: []).error == WebhookClient.notPublic)
    }

    @Test func aStoredWebhookPointingInsideIsNotDelivered() throws {
        // Registered (to a loopback receiver) before the check existed: the sender refuses it all the same.
        let fixture = try DispatcherFixture()
        defer { fixture.close() }
        let (database, receiver, sealer, webhookId) = (fixture.database, fixture.receiver, fixture.sealer, fixture.webhookId)
        try database.pool.write {
            try WebhookOutbox.enqueue(OutboxEvent(name: .referralCreated, organizationId: fixture.organizationId, data: ["referral_id": 1]), in: $0)
        }
        let dispatcher = WebhookDispatcher(database: database, sealer: sealer, settings: WebhookDispatcher.Settings())
        dispatcher.start()
        defer { dispatcher.stop() }
        #expect(eventually { (try? database.pool.read { try String.fetchOne($0, sql: "SELECT failed_at FROM webhook_outbox") }) != nil })
        let log = try database.pool.read { try WebhookWrites.deliveries(webhookId: webhookId, beforeId: nil, limit: 10, in: $0) }
        #expect(log.count == 1, "refused at once, never retried")
        #expect(receiver.requests.isEmpty)
    }

    @Test(arguments: [
        ("93.184.216.34", true), ("2606:4700::1111", true), ("8.8.8.8", true),
        ("127.0.0.1", false), ("127.255.0.1", false), ("0.0.0.0", false), ("10.0.0.1", false), ("172.31.255.255", false),
        ("192.168.0.1", false), ("169.254.169.254", false), ("100.64.1.1", false), ("224.0.0.251", false), ("255.255.255.255", false),
        ("::", false), ("::1", false), ("fd12:3456::1", false), ("fe80::1", false), ("ff02::1", false), ("::ffff:10.0.0.1", false),
        ("64:ff9b::a00:1", false), ("2001:db8::1", false),
    ])
    func onlyPublicAddressesAreAllowed(address: String, allowed: Bool) throws {
        #expect(WebhookTargets().allows(try #require(IPAddress(address))) == allowed)
    }
}
