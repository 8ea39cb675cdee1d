import Crypto
import Foundation

/// Signing secrets and the `Circles-Signature` header.
///
/// `Circles-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` where the HMAC key is the UTF-8 bytes of
/// the whole secret (`whsec_…`) and the message is `"<t>." + body`, the body being the exact bytes sent.
/// A receiver recomputes it, compares in constant time, and refuses a `t` too far from its clock.
enum WebhookSignature {
    /// A new secret: "whsec_" and 40 random letters and digits (about 233 bits).
    static func newSecret() -> String {
        "whsec_" + APIKeys.randomToken(length: 40)
    }

    /// The lowercase hex HMAC-SHA256 of "<timestamp>.<body>".
    static func hmac(secret: String, timestamp: Int, body: [UInt8]) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let message = Data("\(timestamp).".utf8) + Data(body)
        return Hex.string(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }

    /// The header value for a body sent at `timestamp`.
    static func header(secret: String, timestamp: Int, body: [UInt8]) -> String {
        "t=\(timestamp),v1=\(hmac(secret: secret, timestamp: timestamp, body: body))"
    }
}
