import Crypto
import Foundation

/// The unsubscribe link of a referral's messages: `/mail/unsubscribe/<id>-<mac>`, the MAC an HMAC
/// of the referral's id under the server's key. Nothing is stored, and nobody can make the link of
/// another referral.
struct UnsubscribeLink: Sendable {
    let key: SymmetricKey

    init(sealer: Sealer) {
        // A key of its own, derived, so that the MAC is never a value the sealing key produced elsewhere.
        key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array("circles-unsubscribe".utf8), using: sealer.key))
    }

    static let pathPrefix = "/mail/unsubscribe/"

    /// The token for a referral.
    func token(referralId: Int64) -> String {
        "\(referralId)-" + mac(referralId)
    }

    /// The referral a token names, when its MAC is right.
    func referralId(token: String) -> Int64? {
        let parts = token.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, let id = Int64(parts[0]), id > 0 else { return nil }
        let expected = mac(id)
        guard parts[1].utf8.count == expected.utf8.count, APIKeys.constantTimeEquals(String(parts[1]), expected) else { return nil }
        return id
    }

    private func mac(_ id: Int64) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array("referral:\(id)".utf8), using: key)
        return Data(code).prefix(12).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }
}
