import CLazyCurl
import Foundation
import HTTPServer
import TestSupport
import Testing

@testable import Circles

/// https deliveries through libcurl (loaded when first used), against a TLS receiver whose
/// certificate the test suite's own authority signed (Tests/Fixtures/webhook-tls).
@Suite struct TLSWebhookTests {
    let fixtures = TLSReceiver.fixtures
    let loopback = WebhookTargets(allowsLoopbackForTestsOnly: true)

    @Test func deliversWithTheCertificateVerifiedAndTellsTheStatus() throws {
        let receiver = try TLSReceiver()
        defer { receiver.stop() }
        let client = TLSWebhookClient(timeout: 5, targets: loopback, trustedCertificatesForTestsOnly: fixtures + "/ca.pem")
        let body = Array(#"{"event":"referral.created","data":{"referral_id":7}}"#.utf8)
        let outcome = client.post(
            try WebhookURL.parse("https://localhost:\(receiver.port)/hook?status=202").get(),
            headers: [("Content-Type", "application/json"), ("Circles-Signature", "t=1,v1=ab")], body: body)
        #expect(outcome == WebhookClient.Outcome(statusCode: 202, error: ""))
        let request = try #require(receiver.next())
        #expect(request["path"] == "/hook?status=202")
        #expect(request["host"] == "localhost:\(receiver.port)")
        #expect(request["signature"] == "t=1,v1=ab")
        #expect(request["body"] == String(decoding: body, as: UTF8.self))
        // A refusal by the receiver is its status, not a failure to deliver.
        let gone = client.post(try WebhookURL.parse("https://127.0.0.1:\(receiver.port)/hook?status=410").get(), headers: [], body: [])
        #expect(gone == WebhookClient.Outcome(statusCode: 410, error: ""))
    }

    @Test func aCertificateTheSystemDoesNotTrustIsRefusedBeforeAnythingIsSent() throws {
        let receiver = try TLSReceiver()
        defer { receiver.stop() }
        let client = TLSWebhookClient(timeout: 5, targets: loopback)
        let outcome = client.post(try WebhookURL.parse("https://localhost:\(receiver.port)/hook").get(), headers: [], body: Array("{}".utf8))
        #expect(outcome == .failure("the receiver's certificate was not accepted"))
        #expect(receiver.next(timeout: 0.5) == nil, "no request reached the receiver")
        // A server whose own store of certificates is missing says so (an operator's problem, not the receiver's).
        let unread = TLSWebhookClient(timeout: 5, targets: loopback, trustedCertificatesForTestsOnly: fixtures + "/missing.pem")
        #expect(
            unread.post(try WebhookURL.parse("https://localhost:\(receiver.port)/hook").get(), headers: [], body: [])
                == .failure("this server could not read its trusted certificates (the ca-certificates package)"))
        #expect(receiver.next(timeout: 0.5) == nil)
    }

    @Test func libcurlConnectsOnlyToTheAddressesChecked() throws {
        let receiver = try TLSReceiver()
        defer { receiver.stop() }
        // hooks.circles.invalid resolves nowhere (RFC 6761): libcurl reaches the receiver only
        // through the address it is pinned to, and resolves nothing of its own.
        let url = try WebhookURL.parse("https://hooks.circles.invalid:\(receiver.port)/hook").get()
        func post(resolve: String?) -> (code: Int32, status: Int) {
            var status = 0
            let code = lazy_curl_post(
                "https://\(url.hostHeader)\(url.target)", resolve, nil, nil, 0, 5000, fixtures + "/ca.pem", &status)
            return (code, status)
        }
        let pinned = TLSWebhookClient.connection(to: url, checked: [IPAddress("127.0.0.1")!])
        #expect(pinned.resolve == "hooks.circles.invalid:\(receiver.port):127.0.0.1")
        let delivered = post(resolve: pinned.resolve)
        #expect(delivered.code == Int32(LAZY_CURL_OK) && delivered.status == 204)
        #expect(try #require(receiver.next())["host"] == "hooks.circles.invalid:\(receiver.port)")
        #expect(post(resolve: nil).code == Int32(LAZY_CURL_COULDNT_RESOLVE_HOST))
    }

    @Test func theConnectionPinsEveryAddressAndWritesLiteralsAsChecked() throws {
        let named = TLSWebhookClient.connection(
            to: try WebhookURL.parse("https://Hooks.Example.org/in?x=1").get(),
            checked: [IPAddress("93.184.216.34")!, IPAddress("2606:2800:220:1:248:1893:25c8:1946")!])
        #expect(named.url == "https://hooks.example.org/in?x=1")
        #expect(named.resolve == "hooks.example.org:443:93.184.216.34,[2606:2800:220:1:248:1893:25c8:1946]")
        let odd = TLSWebhookClient.connection(to: try WebhookURL.parse("https://1572395042:8443/in").get(), checked: [IPAddress("93.184.216.34")!])
        #expect(odd.url == "https://93.184.216.34:8443/in" && odd.resolve == nil)
        let v6 = TLSWebhookClient.connection(to: try WebhookURL.parse("https://[2606:4700::1111]/in").get(), checked: [IPAddress("2606:4700::1111")!])
        #expect(v6.url == "https://[2606:4700::1111]:443/in" && v6.resolve == nil)
    }

    @Test func nothingRefusedIsHandedToLibcurl() throws {
        let client = TLSWebhookClient(timeout: 2, targets: WebhookTargets())
        #expect(client.post(try WebhookURL.parse("https://localhost:9/hook").get(), headers: [], body: []).error == WebhookClient.notPublic)
        #expect(
            client.post(try WebhookURL.parse("https://hooks.circles.invalid/hook").get(), headers: [], body: []).error
                == "the receiver's name could not be resolved")
    }
}

/// Tests/Fixtures/webhook-tls/receiver.py in a process of its own: the port it listens on, and
/// the requests it received, one at a time.
final class TLSReceiver: @unchecked Sendable {
    static let fixtures = TestHTTP.repositoryRoot + "/Tests/Fixtures/webhook-tls"
    private(set) var port = 0
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let condition = NSCondition()
    private var lines: [String] = []
    private var partial = Data()

    init() throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.fixtures + "/receiver.py"]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in self?.received(handle.availableData) }
        guard let first = take(timeout: 10), let found = Int(first) else {
            process.terminate()
            throw TestAppFailure(description: "the TLS receiver (python3 receiver.py) did not start")
        }
        port = found
    }

    private func received(_ data: Data) {
        condition.lock()
        partial.append(data)
        while let newline = partial.firstIndex(of: 10) {
            lines.append(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
            partial.removeSubrange(partial.startIndex...newline)
        }
        condition.broadcast()
        condition.unlock()
    }

    private func take(timeout: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while lines.isEmpty && condition.wait(until: deadline) {}
        return lines.isEmpty ? nil : lines.removeFirst()
    }

    /// The next request received (method, path, host, signature and body), or nil after `timeout`.
    func next(timeout: Double = 5) -> [String: String]? {
        guard let line = take(timeout: timeout), let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            return nil
        }
        return object.compactMapValues { $0 as? String }
    }

    func stop() {
        output.fileHandleForReading.readabilityHandler = nil
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
