import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Delivers webhooks to `https` endpoints through Foundation's URL loading (libcurl on Linux):
/// TLS with certificate verification against the system's trust store, no redirects, no cookies,
/// no cache, the same deadline as plain deliveries. The receiver's answer body is never kept.
final class TLSWebhookClient: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    let timeout: Double
    /// Resolves and checks the receiver's addresses before each delivery (see `WebhookTargets`).
    let checker: WebhookClient
    private var session: URLSession!

    init(timeout: Double, targets: WebhookTargets) {
        self.timeout = timeout
        self.checker = WebhookClient(timeout: timeout, targets: targets)
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    func post(_ url: WebhookURL, headers: [(String, String)], body: [UInt8]) -> WebhookClient.Outcome {
        guard let target = URL(string: "https://\(url.hostHeader)\(url.target)") else {
            return .failure("the address cannot be used for https")
        }
        // libcurl resolves the name again to connect: a name that changes its answer within that
        // moment could still slip through (SECURITY.md, known limits); plain http has no such gap.
        if let refusal = checker.refusal(url) { return .failure(refusal) }
        var request = URLRequest(url: target, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(body)
        let done = DispatchSemaphore(value: 0)
        let result = OutcomeBox()
        let task = session.dataTask(with: request) { _, response, error in
            if let http = response as? HTTPURLResponse {
                result.value = WebhookClient.Outcome(statusCode: http.statusCode, error: "")
            } else {
                // The system's words can name addresses and certificates: the log says only that it failed.
                result.value = .failure(error == nil ? "no answer" : "the https delivery failed (connection or certificate)")
            }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout + 1) == .timedOut {
            task.cancel()
            return .failure("no answer within \(Int(timeout)) seconds")
        }
        return result.value ?? .failure("no answer")
    }

    /// Redirects are not followed: the receiver must answer at the registered address.
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    private final class OutcomeBox: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: WebhookClient.Outcome?
        var value: WebhookClient.Outcome? {
            get { lock.lock(); defer { lock.unlock() }; return stored }
            set { lock.lock(); stored = newValue; lock.unlock() }
        }
    }
}
