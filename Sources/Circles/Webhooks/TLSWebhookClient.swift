import CLazyCurl
import Foundation
import HTTPServer

/// Delivers webhooks to `https` endpoints through libcurl, loaded the first time one is sent
/// (`LazyCurl.c`, so that a server without https webhooks does not carry it): the certificate and
/// name verified against the system's trust store, no redirects, no proxy, the same deadline as
/// plain deliveries. The receiver's name is resolved and checked here (`WebhookTargets`), and libcurl
/// connects only to the addresses checked, resolving nothing itself: a name that changes its answer
/// in between (DNS rebinding) cannot lead it inside. The answer's body is never kept.
struct TLSWebhookClient: Sendable {
    let timeout: Double
    /// Resolves and checks the receiver's addresses before each delivery (see `WebhookTargets`).
    let checker: WebhookClient
    /// Certificates (a PEM file) trusted instead of the system's: the test suite's own authority.
    /// Never an operator's option: nothing outside the tests sets it.
    var trustedCertificatesForTestsOnly: String?

    init(timeout: Double, targets: WebhookTargets, trustedCertificatesForTestsOnly: String? = nil) {
        self.timeout = timeout
        self.checker = WebhookClient(timeout: timeout, targets: targets)
        self.trustedCertificatesForTestsOnly = trustedCertificatesForTestsOnly
    }

    func post(_ url: WebhookURL, headers: [(String, String)], body: [UInt8]) -> WebhookClient.Outcome {
        let addresses: [IPAddress]
        switch checker.reachableAddresses(url) {
        case .failure(let refusal): return .failure(refusal.message)
        case .success(let found): addresses = found
        }
        let connection = Self.connection(to: url, checked: addresses)
        let lines = headers.map { "\($0.0): \($0.1)" }
        var status = 0
        let code = withCStrings(lines) { headerList in
            body.withUnsafeBufferPointer { bytes in
                lazy_curl_post(
                    connection.url, connection.resolve, headerList, bytes.baseAddress, bytes.count, Int(timeout * 1000), trustedCertificatesForTestsOnly,
                    &status)
            }
        }
        guard Int(code) == LAZY_CURL_OK else { return .failure(words(for: code)) }
        return status >= 200 && status <= 599 ? WebhookClient.Outcome(statusCode: status, error: "") : .failure("the answer was not an HTTP response")
    }

    /// The address libcurl is given, and its "host:port:addresses" entry that pins a name to the
    /// addresses checked. An address written in the URL is connected to as checked, in its usual
    /// spelling (`127.1` would be read as 127.0.0.1 by both, but nothing is left to chance).
    static func connection(to url: WebhookURL, checked addresses: [IPAddress]) -> (url: String, resolve: String?) {
        if let literal = WebhookTargets.literal(url.host) {
            let host = literal.isIPv4 ? "\(literal)" : "[\(literal)]"
            return ("https://\(host):\(url.port)\(url.target)", nil)
        }
        let pinned = addresses.map { $0.isIPv4 ? "\($0)" : "[\($0)]" }.joined(separator: ",")
        return ("https://\(url.hostHeader)\(url.target)", "\(url.host):\(url.port):\(pinned)")
    }

    /// The delivery log's words for a libcurl result: they name no address, port or system error.
    func words(for code: Int32) -> String {
        switch Int(code) {
        case LAZY_CURL_UNAVAILABLE: "https deliveries need libcurl (libcurl4), which this server could not load"
        case LAZY_CURL_COULDNT_CONNECT: "could not connect to the receiver"
        case LAZY_CURL_OPERATION_TIMEDOUT: "no response within \(timeout == timeout.rounded() ? String(Int(timeout)) : String(timeout)) s"
        case LAZY_CURL_PEER_FAILED_VERIFICATION: "the receiver's certificate was not accepted"
        case LAZY_CURL_SSL_CONNECT_ERROR: "the TLS handshake with the receiver failed"
        case LAZY_CURL_SSL_CACERT_BADFILE: "this server could not read its trusted certificates (the ca-certificates package)"
        default: "the https delivery failed"
        }
    }
}

/// Calls `body` with `strings` as a NULL-terminated array of C strings, valid only during the call.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let list = copies.map { UnsafePointer($0) } + [nil]
    return list.withUnsafeBufferPointer { body($0.baseAddress!) }
}
