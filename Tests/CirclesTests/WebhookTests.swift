import Crypto
import Foundation
import HTTPServer
import Store
import TestSupport
import Testing

@testable import Circles

/// Webhooks end to end: a real Circles (retries 0.1 s apart) posting to real receivers on port 0.
@Suite struct WebhookTests {
    let app: HookApp
    let admin: String
    let groupA: Int
    let organizationA: Int

    init() throws {
        app = try HookApp()
        admin = try app.key()
        organizationA = try app.makeOrganization("alpha", key: admin)
        _ = try app.makeOrganization("beta", key: admin)
        let group = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: ["organization_id": organizationA, "name": "Alpha Recovery Circle", "format": "in_person", "time_zone": "America/Chicago"])
        groupA = group.jsonObject["id"] as! Int
    }

    // MARK: - Helpers

    func register(_ url: String, events: [String]? = nil, key: String? = nil) throws -> (id: Int, secret: String) {
        var body: [String: Any] = ["url": url]
        if let events { body["events"] = events }
        let r = try app.send("POST", "/api/v1/organizations/\(organizationA)/webhooks", key: key ?? admin, json: body)
        guard r.status == 201, let id = r.jsonObject["id"] as? Int, let secret = r.jsonObject["secret"] as? String else {
            throw TestAppFailure(description: "webhook not created: \(r.status) \(r.text)")
        }
        return (id, secret)
    }

    func referral(note: String? = nil) throws -> ClientResponse {
        var body: [String: Any] = [
            "group_id": groupA, "person_name": "Jordan Quillfeather", "person_phone": "555-0123", "preferred_contact_method": "phone",
            "referrer_type": "self", "consent": true, "consent_version": "2026-11",
        ]
        if let note { body["note"] = note }
        return try app.send("POST", "/api/v1/referrals", json: body)
    }

    func deliveries(_ webhook: Int, key: String? = nil, query: String = "") throws -> [[String: Any]] {
        let r = try app.get("/api/v1/webhooks/\(webhook)/deliveries\(query)", key: key ?? admin)
        return r.jsonObject["data"] as? [[String: Any]] ?? []
    }

    /// Recomputes `Circles-Signature` independently of the server's code.
    static func signatureIsValid(_ header: String?, body: [UInt8], secret: String) -> Bool {
        guard let header else { return false }
        var fields: [String: String] = [:]
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        guard let t = fields["t"], let v1 = fields["v1"], let seconds = Double(t), abs(seconds - Date().timeIntervalSince1970) < 300 else { return false }
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(t).".utf8) + Data(body), using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined() == v1
    }

    /// Every way a delivered request breaks what `webhooks` in `Public/openapi.json` says of `event`: its
    /// body against the request schema, its headers against the header parameters; empty when it fits.
    static func documentErrors(_ event: String, _ request: Receiver.Received) throws -> [String] {
        let document = try OpenAPITests.loadDocument()
        let validator = JSONSchemaValidator(document: document)
        let operation = try #require(((document["webhooks"] as? [String: Any])?[event] as? [String: Any])?["post"] as? [String: Any])
        let body = (operation["requestBody"] as? [String: Any])?["content"] as? [String: Any]
        let schema = try #require((body?["application/json"] as? [String: Any])?["schema"])
        var errors = validator.errors(try JSONSerialization.jsonObject(with: Data(request.body)), schema)
        for case let parameter as [String: Any] in operation["parameters"] as? [Any] ?? [] {
            let name = parameter["name"] as? String ?? "?"
            guard let value = request.headers[name] else {
                errors.append("header \(name) is missing")
                continue
            }
            errors += validator.errors(value, parameter["schema"] ?? [:], at: name)
        }
        return errors
    }

    // MARK: - Tests

    @Test func aNoteInCrisisMakesTheEventUrgentWithTheCrisisFlag() throws {
        let receiver = try Receiver()
        defer { receiver.stop() }
        _ = try register(receiver.url, events: ["referral.created"])
        let created = try referral(note: "some days i want to end it all")
        #expect(created.status == 201, "\(created.text)")
        #expect(eventually { receiver.requests.count == 1 })
        let first = try #require(receiver.requests.first)
        let payload = try JSONSerialization.jsonObject(with: Data(first.body)) as? [String: Any]
        let data = try #require(payload?["data"] as? [String: Any])
        #expect(data["urgent"] as? Bool == true)
        #expect(data["crisis_language"] as? Bool == true)
        #expect(!first.text.contains("end it all"))
        #expect(try Self.documentErrors("referral.created", first) == [])
    }

    @Test func referralEventsAreSignedAndCarryNoPersonalData() throws {
        let receiver = try Receiver()
        defer { receiver.stop() }
        let hook = try register(receiver.url)
        #expect(hook.secret.count >= 32)
        let onlyStatus = try Receiver()
        defer { onlyStatus.stop() }
        _ = try register(onlyStatus.url, events: ["referral.status_changed"])

        // The list never shows secrets, and the stored secret is sealed.
        let list = try app.get("/api/v1/organizations/\(organizationA)/webhooks", key: admin)
        #expect(list.status == 200)
        #expect(!list.text.contains(hook.secret) && !list.text.contains("\"secret\""))
        let stored = try app.database.pool.read { try Data.fetchOne($0, sql: "SELECT secret FROM webhooks WHERE id = ?", arguments: [hook.id]) } ?? Data()
        #expect(!stored.isEmpty && stored.range(of: Data(hook.secret.utf8)) == nil)

        let created = try referral()
        #expect(created.status == 201, "\(created.text)")
        let referralId = created.jsonObject["id"] as! Int
        #expect(eventually { receiver.requests.count == 1 })
        let first = try #require(receiver.requests.first)
        #expect(first.headers["Content-Type"] == "application/json")
        #expect(first.headers["Circles-Event"] == "referral.created")
        #expect(Self.signatureIsValid(first.headers["Circles-Signature"], body: first.body, secret: hook.secret))
        #expect(!Self.signatureIsValid(first.headers["Circles-Signature"], body: first.body, secret: hook.secret + "x"))
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(first.body)) as? [String: Any])
        #expect(payload["event"] as? String == "referral.created")
        #expect(payload["id"] as? String == first.headers["Circles-Delivery"])
        #expect(Timestamp.parse(payload["created_at"] as? String ?? "") != nil)
        let data = try #require(payload["data"] as? [String: Any])
        #expect(data["referral_id"] as? Int == referralId && !(data["referral_id"] is String))
        #expect(data["link"] as? String == "/api/v1/referrals/\(referralId)")
        // Flags are JSON booleans, never the strings "true" and "false".
        #expect(data["urgent"] as? Bool == false && !(data["urgent"] is String))
        #expect(data["crisis_language"] as? Bool == false)
        #expect(Set(data.keys).isSubset(of: WebhookOutbox.allowedDataKeys))
        for secret in ["Quillfeather", "Jordan", "555-0123", "5550123"] {
            #expect(!first.text.contains(secret), "the payload holds \(secret)")
            #expect(!first.headers.contains { $0.value.contains(secret) })
        }

        let coordinator = try app.key("coordinator", organization: "alpha")
        let moved = try app.send("POST", "/api/v1/referrals/\(referralId)/status", key: coordinator, json: ["status": "contacted"])
        #expect(moved.status == 200, "\(moved.text)")
        #expect(eventually { receiver.requests.count == 2 && onlyStatus.requests.count == 1 })
        let second = try #require(receiver.requests.last)
        #expect(second.headers["Circles-Event"] == "referral.status_changed")
        #expect(Self.signatureIsValid(second.headers["Circles-Signature"], body: second.body, secret: hook.secret))
        let changed = (try JSONSerialization.jsonObject(with: Data(second.body)) as? [String: Any])?["data"] as? [String: Any]
        #expect(changed?["status"] as? String == "contacted" && changed?["previous_status"] as? String == "new")
        #expect(changed?["urgent"] as? Bool == false)
        // Both bodies and their headers are what the document's `webhooks` describe.
        #expect(try Self.documentErrors("referral.created", first) == [])
        #expect(try Self.documentErrors("referral.status_changed", second) == [])
        // The status-only webhook never heard of the creation.
        #expect(onlyStatus.requests.map { $0.headers["Circles-Event"] } == ["referral.status_changed"])

        // Both deliveries are in the log, newest first.
        #expect(eventually { (try? deliveries(hook.id))?.count == 2 })
        let log = try deliveries(hook.id, key: coordinator)
        #expect(log.map { $0["event"] as? String } == ["referral.status_changed", "referral.created"])
        #expect(log.allSatisfy { $0["status_code"] as? Int == 200 && $0["state"] as? String == "delivered" && $0["attempts"] as? Int == 1 })
        #expect(log.last?["outbox_id"] as? Int == Int(first.headers["Circles-Delivery"] ?? ""))
        let audit = try app.get("/api/v1/audit?action=webhook.create&target_id=\(hook.id)", key: admin)
        #expect((audit.jsonObject["data"] as? [Any])?.count == 1)
    }

    @Test func failedDeliveriesAreRetriedWithBackoff() throws {
        let receiver = try Receiver { $0 <= 2 ? 500 : 200 }
        defer { receiver.stop() }
        let hook = try register(receiver.url, events: ["referral.created"])
        #expect(try referral().status == 201)
        #expect(eventually { receiver.requests.count == 3 })
        let requests = receiver.requests
        // Backoff: 0.1 s after the first failure, 0.2 s after the second.
        #expect(requests[1].at.timeIntervalSince(requests[0].at) >= 0.09)
        #expect(requests[2].at.timeIntervalSince(requests[1].at) >= 0.19)
        // Every attempt carries the same delivery id and body, each freshly signed.
        #expect(Set(requests.map { $0.headers["Circles-Delivery"] ?? "" }).count == 1)
        #expect(Set(requests.map(\.body)).count == 1)
        #expect(requests.allSatisfy { Self.signatureIsValid($0.headers["Circles-Signature"], body: $0.body, secret: hook.secret) })

        #expect(eventually { (try? deliveries(hook.id))?.first?["state"] as? String == "delivered" })
        let log = try deliveries(hook.id)
        #expect(log.map { $0["status_code"] as? Int } == [200, 500, 500])
        #expect(log.map { $0["attempt"] as? Int } == [3, 2, 1])
        #expect(log.allSatisfy { $0["attempts"] as? Int == 3 && $0["state"] as? String == "delivered" })
        #expect(log.last?["error"] as? String == "the receiver answered 500")
        #expect(receiver.requests.count == 3)
        // Metrics count the attempts by outcome; the outbox is empty again.
        let metrics = try app.get("/metrics", key: admin).text
        #expect(MetricsTests.sample(metrics, #"circles_webhook_attempts_total{outcome="retry"}"#) == 2)
        #expect(MetricsTests.sample(metrics, #"circles_webhook_attempts_total{outcome="delivered"}"#) == 1)
        #expect(MetricsTests.sample(metrics, "circles_webhook_outbox_depth") == 0)

        // The log pages with limit and cursor.
        let firstPage = try app.get("/api/v1/webhooks/\(hook.id)/deliveries?limit=2", key: admin)
        #expect((firstPage.jsonObject["data"] as? [Any])?.count == 2)
        let next = try #require(firstPage.jsonObject["next"] as? String)
        let secondPage = try app.get(next, key: admin)
        #expect((secondPage.jsonObject["data"] as? [[String: Any]])?.map { $0["attempt"] as? Int } == [1])
        #expect(secondPage.jsonObject["next"] == nil || secondPage.jsonObject["next"] is NSNull)
    }

    @Test func deadAndHangingEndpointsNeverSlowARequestOrOtherWebhooks() throws {
        let dead = try RefusingPort()
        let hanging = try HangingListener()
        let good = try Receiver()
        defer { good.stop(); hanging.close(); dead.close() }
        let deadHook = try register("http://127.0.0.1:\(dead.port)/hook", events: ["referral.created"])
        _ = try register("http://127.0.0.1:\(hanging.port)/hook", events: ["referral.created"])
        _ = try register(good.url, events: ["referral.created"])

        let started = Date()
        let created = try referral()
        let elapsed = Date().timeIntervalSince(started)
        #expect(created.status == 201)
        #expect(elapsed < 1.0, "the referral took \(elapsed) s")
        // The hanging endpoint holds one sender for up to 5 s; the good one is served meanwhile.
        #expect(eventually(timeout: 3) { good.requests.count == 1 })
        #expect(eventually(timeout: 3) { ((try? deliveries(deadHook.id)) ?? []).count >= 2 })
        let log = try deliveries(deadHook.id)
        #expect(log.allSatisfy { $0["status_code"] == nil && $0["error"] as? String == "could not connect to the receiver" })
        #expect(log.first?["state"] as? String == "pending")
        // Another request while all that is going on is still quick.
        let again = Date()
        #expect(try referral().status == 201)
        #expect(Date().timeIntervalSince(again) < 1.0)
    }

    @Test func anotherOrganizationSeesNothing() throws {
        let receiver = try Receiver()
        defer { receiver.stop() }
        let coordinatorA = try app.key("coordinator", organization: "alpha")
        let coordinatorB = try app.key("coordinator", organization: "beta")
        let partnerA = try app.key("partner", organization: "alpha")
        let hook = try register(receiver.url, key: coordinatorA)

        #expect(try app.get("/api/v1/webhooks/\(hook.id)", key: coordinatorB).status == 404)
        #expect(try app.get("/api/v1/webhooks/\(hook.id)/deliveries", key: coordinatorB).status == 404)
        #expect(try app.send("DELETE", "/api/v1/webhooks/\(hook.id)", key: coordinatorB).status == 404)
        #expect(try app.get("/api/v1/webhooks/\(hook.id)/deliveries", key: partnerA).status == 404)
        #expect(try app.get("/api/v1/webhooks/\(hook.id)/deliveries").status == 401)
        #expect(try app.get("/api/v1/organizations/\(organizationA)/webhooks", key: coordinatorB).status == 403)
        #expect(try app.send("POST", "/api/v1/organizations/\(organizationA)/webhooks", key: coordinatorB, json: ["url": receiver.url]).status == 403)
        #expect(try app.send("POST", "/api/v1/organizations/\(organizationA)/webhooks", key: partnerA, json: ["url": receiver.url]).status == 403)
        #expect(try app.send("POST", "/api/v1/organizations/999/webhooks", key: admin, json: ["url": receiver.url]).status == 404)

        let read = try app.get("/api/v1/webhooks/\(hook.id)", key: coordinatorA)
        #expect(read.status == 200)
        #expect(read.jsonObject["secret"] == nil)
        #expect(read.jsonObject["events"] as? [String] == ["referral.created", "referral.status_changed"])
        #expect(try app.send("DELETE", "/api/v1/webhooks/\(hook.id)", key: coordinatorA).status == 204)
        #expect(try app.get("/api/v1/webhooks/\(hook.id)", key: coordinatorA).status == 404)
        let audit = try app.get("/api/v1/audit?action=webhook.delete&target_id=\(hook.id)", key: admin)
        #expect((audit.jsonObject["data"] as? [Any])?.count == 1)
        // A deleted webhook hears nothing more.
        #expect(try referral().status == 201)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(receiver.requests.isEmpty)
    }

    @Test func registrationChecksTheAddressAndEvents() throws {
        func errors(_ body: [String: Any]) throws -> [String] {
            let r = try app.send("POST", "/api/v1/organizations/\(organizationA)/webhooks", key: admin, json: body)
            #expect(r.status == 422, "\(body): \(r.status) \(r.text)")
            return (r.jsonObject["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        }
        #expect(try errors([:]) == ["url"])
        #expect(try errors(["url": "ftp://example.org/hook"]) == ["url"])
        #expect(try errors(["url": "https://user:secret@example.org/hook"]) == ["url"])
        #expect(try errors(["url": "http://example.org/hook#part"]) == ["url"])
        #expect(try errors(["url": "http://example.org/" + String(repeating: "a", count: 500)]) == ["url"])
        #expect(try errors(["url": "http://exa mple.org/"]) == ["url"])
        #expect(try errors(["url": "http://example.org:99999/"]) == ["url"])
        #expect(try errors(["url": "http://example.org/", "events": ["referral.deleted"]]) == ["events"])
        #expect(try errors(["url": "http://example.org/", "events": []]) == ["events"])
        #expect(try errors(["url": "http://example.org/", "secret": "mine"]) == ["secret"])
        let ok = try app.send(
            "POST", "/api/v1/organizations/\(organizationA)/webhooks", key: admin,
            json: ["url": "https://hooks.example.org/circles?org=alpha", "events": ["referral.status_changed"]])
        #expect(ok.status == 201, "\(ok.text)")
        #expect(ok.headers["Cache-Control"] == "no-store")
        #expect(ok.headers["Location"] == "/api/v1/webhooks/\(ok.jsonObject["id"] as? Int ?? 0)")
        #expect(ok.jsonObject["events"] as? [String] == ["referral.status_changed"])
        #expect(ok.jsonObject["active"] as? Bool == true)
    }

    @Test func httpsDeliveriesGoThroughTLSAndFailuresAreLoggedAndRetried() throws {
        // Nothing listens on port 9: the TLS client reports the failure, and the attempt is retried later.
        let hook = try register("https://127.0.0.1:9/hook", events: ["referral.created"])
        #expect(try referral().status == 201)
        #expect(eventually { ((try? deliveries(hook.id)) ?? []).count >= 2 })
        let log = try deliveries(hook.id)
        let error = log.last?["error"] as? String ?? ""
        #expect(error == "could not connect to the receiver", "\(error)")
        #expect(log.last?["status_code"] == nil || log.last?["status_code"] is NSNull)
    }

    @Test func givesUpAfterTheLastAttempt() throws {
        let directory = TestHTTP.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try AppDatabase(path: directory + "/hooks.sqlite", migrationsDirectory: TestHTTP.repositoryRoot + "/Migrations")
        defer { try? database.close() }
        let sealer = Sealer(key: SymmetricKey(size: .bits256))
        let refusing = try RefusingPort()
        defer { refusing.close() }
        let port = refusing.port
        let webhookId = try database.pool.write { db in
            let org = try VersionedWrites.insert(OrganizationRecord(slug: "gamma", name: "Gamma"), in: db)
            let hook = try WebhookWrites.insert(WebhookRecord(organizationId: org.id!, url: "http://127.0.0.1:\(port)/", events: WebhookEvent.allCases), in: db)
            { id in
                Data(try sealer.seal(Array("whsec_test".utf8), context: "webhook:\(id)"))
            }
            try WebhookOutbox.enqueue(OutboxEvent(name: .referralCreated, organizationId: org.id!, data: ["referral_id": 1]), in: db)
            return hook.id!
        }
        var settings = WebhookDispatcher.Settings()
        settings.retryBase = 0.02
        settings.maxAttempts = 3
        settings.targets = WebhookTargets(allowsLoopbackForTestsOnly: true)
        let dispatcher = WebhookDispatcher(database: database, sealer: sealer, settings: settings)
        dispatcher.start()
        defer { dispatcher.stop() }
        let failed = eventually {
            (try? database.pool.read { try String.fetchOne($0, sql: "SELECT failed_at FROM webhook_outbox") }) != nil
        }
        #expect(failed)
        let log = try database.pool.read { try WebhookWrites.deliveries(webhookId: webhookId, beforeId: nil, limit: 10, in: $0) }
        #expect(log.count == 3)
        #expect(log.allSatisfy { $0.attempts == 3 && $0.failedAt != nil && $0.deliveredAt == nil })

        // The hourly job keeps a finished delivery for 30 days, then drops it with its attempts;
        // a pending event is never dropped, however old. (The dispatcher stops first: it would try the new event.)
        dispatcher.stop()
        try database.pool.write { db in
            try WebhookOutbox.enqueue(
                OutboxEvent(
                    name: .referralStatusChanged, organizationId: try Int64.fetchOne(db, sql: "SELECT id FROM organizations")!,
                    data: ["referral_id": 2]), in: db)
        }
        let pending = { try database.pendingWebhookDeliveries() }
        let rows = { try database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM webhook_outbox") ?? 0 } }
        let attempts = { try database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM webhook_deliveries") ?? 0 } }
        try WebhookDispatcher.pruneDeliveryLog(database, olderThanDays: 30, now: Date().addingTimeInterval(29 * 86_400))
        #expect(try rows() == 2)
        #expect(try attempts() == 3)
        try WebhookDispatcher.pruneDeliveryLog(database, olderThanDays: 30, now: Date().addingTimeInterval(31 * 86_400))
        #expect(try rows() == 1)
        #expect(try pending() == 1)
        #expect(try attempts() == 0)
    }

    @Test func backoffDoublesUpToAnHour() {
        var settings = WebhookDispatcher.Settings()
        settings.retryBase = 10
        #expect((1...4).map { settings.backoff(after: $0) } == [10, 20, 40, 80])
        #expect(settings.backoff(after: 30) == 3600)
    }

    @Test func addressesParseStrictly() {
        let parsed = try? WebhookURL.parse("HTTP://Hooks.Example.org:8080/in?x=1").get()
        #expect(parsed == WebhookURL(scheme: "http", host: "hooks.example.org", port: 8080, target: "/in?x=1"))
        #expect(parsed?.hostHeader == "hooks.example.org:8080")
        #expect((try? WebhookURL.parse("http://[::1]/").get())?.hostHeader == "[::1]")
        #expect((try? WebhookURL.parse("https://example.org?a=b").get())?.target == "/?a=b")
        for bad in ["http://", "http://-bad.org/", "http://a..b/", "http://[::1", "http://host:0/", "http://h:12a/", "javascript:alert(1)"] {
            #expect((try? WebhookURL.parse(bad).get()) == nil, "\(bad)")
        }
    }

    @Test func scheduleTimesSortAsText() {
        let a = WebhookTime.format(Date(timeIntervalSince1970: 1_800_000_000.5))
        let b = WebhookTime.format(Date(timeIntervalSince1970: 1_800_000_001))
        #expect(a == "2027-01-15T08:00:00.500Z")
        #expect(a < b)
        #expect(WebhookTime.parse(a) == Date(timeIntervalSince1970: 1_800_000_000.5))
    }
}

/// A loopback port that refuses every connection: bound but not listening, so the kernel
/// answers each SYN with a reset. It stays bound until `close()`, so no other test's listener
/// can be given the port meanwhile (a port merely closed again was, and a "dead" hook was
/// delivered to another test's receiver).
final class RefusingPort: @unchecked Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        (fd, port) = try LoopbackSocket.bind()
    }

    func close() { Glibc.close(fd) }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Double = 5, _ condition: () throws -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if (try? condition()) == true { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return (try? condition()) == true
}

/// A Circles like `TestApp`, with webhook retries 0.1 s apart.
final class HookApp: @unchecked Sendable {
    let application: Application
    let directory: String
    var port: Int { application.server.port! }
    var database: AppDatabase { application.database }

    init() throws {
        directory = TestHTTP.temporaryDirectory()
        var configuration = AppConfiguration()
        configuration.server.port = 0
        configuration.server.eventLoops = 1
        configuration.server.workerThreads = 4
        configuration.databasePath = directory + "/circles.sqlite"
        configuration.migrationsDirectory = TestHTTP.repositoryRoot + "/Migrations"
        configuration.publicDirectory = TestHTTP.repositoryRoot + "/Public"
        configuration.secretKeyFile = directory + "/circles.key"
        configuration.webhookRetryBaseSeconds = 0.1
        configuration.webhooksMayReachLoopbackForTestsOnly = true
        application = try Application(configuration: configuration, accessLog: AccessLog { _ in })
        try application.start()
    }

    deinit {
        application.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func key(_ role: String = "admin", organization: String? = nil) throws -> String {
        try KeyIssuer.create(in: database, role: role, organizationSlug: organization, name: "test")
    }

    func get(_ target: String, key: String? = nil) throws -> ClientResponse {
        try TestHTTP.get(port, target, headers: key.map { [("Authorization", "Bearer \($0)")] } ?? [])
    }

    func send(_ method: String, _ target: String, key: String? = nil, json: Any? = nil) throws -> ClientResponse {
        try TestHTTP.send(port, method, target, headers: key.map { [("Authorization", "Bearer \($0)")] } ?? [], json: json)
    }

    func makeOrganization(_ slug: String, key: String) throws -> Int {
        let response = try send("POST", "/api/v1/organizations", key: key, json: ["name": slug.capitalized + " Center", "slug": slug])
        guard response.status == 201, let id = response.jsonObject["id"] as? Int else {
            throw TestAppFailure(description: "organization not created: \(response.status) \(response.text)")
        }
        return id
    }
}

/// A webhook receiver on our own server: records each POST and answers `status(n)` to the n-th.
final class Receiver: @unchecked Sendable {
    struct Received: Sendable {
        var headers: HTTPHeaders
        var body: [UInt8]
        var at: Date
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    private let lock = NSLock()
    private var received: [Received] = []
    private var running: RunningServer!

    var url: String { "http://127.0.0.1:\(running.port)/hook" }

    var requests: [Received] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    init(status: @escaping @Sendable (Int) -> Int = { _ in 200 }) throws {
        let router = Router()
        router.post("/hook") { [unowned self] request in
            lock.lock()
            received.append(Received(headers: request.headers, body: request.body, at: Date()))
            let n = received.count
            lock.unlock()
            return .text("ok", status: status(n))
        }
        running = try RunningServer(router: router)
    }

    func stop() { running.stop() }
}

/// A socket that listens but never accepts: connecting works, no answer ever comes.
final class HangingListener: @unchecked Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        (fd, port) = try LoopbackSocket.bind(listening: 16)
    }

    /// Closing resets the waiting connections, so the sender holding one is freed at once.
    func close() { Glibc.close(fd) }
}

/// A database of its own holding organization "gamma" and one webhook, for all events, to a live
/// `Receiver`: for tests that run a `WebhookDispatcher` directly. `close()` when done.
final class DispatcherFixture: @unchecked Sendable {
    let directory = TestHTTP.temporaryDirectory()
    let database: AppDatabase
    let receiver: Receiver
    let sealer = Sealer(key: SymmetricKey(size: .bits256))
    let organizationId: Int64
    let webhookId: Int64

    init() throws {
        database = try AppDatabase(path: directory + "/hooks.sqlite", migrationsDirectory: TestHTTP.repositoryRoot + "/Migrations")
        receiver = try Receiver()
        let (sealer, url) = (self.sealer, receiver.url)
        (organizationId, webhookId) = try database.pool.write { db in
            let org = try VersionedWrites.insert(OrganizationRecord(slug: "gamma", name: "Gamma"), in: db)
            let hook = try WebhookWrites.insert(WebhookRecord(organizationId: org.id!, url: url, events: WebhookEvent.allCases), in: db) { id in
                Data(try sealer.seal(Array("whsec_test".utf8), context: "webhook:\(id)"))
            }
            return (org.id!, hook.id!)
        }
    }

    func close() {
        receiver.stop()
        try? database.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
