import Crypto
import Foundation
import HTTPServer
import Store

/// Who is making a request, as far as access rules care.
struct Principal: Sendable, Equatable {
    var role: Role
    var organizationId: Int64?
    /// A stable name for idempotency keys and the audit log: "key:12", "user:3", "anonymous".
    var subject: String
    /// The API key behind this principal, if any (partners read only the referrals their key sent).
    var keyId: Int64?
    /// The CSRF token of the browser session behind this principal, if it came by cookie.
    var csrfToken: String?

    static let anonymous = Principal(role: .anonymous, organizationId: nil, subject: "anonymous")

    init(role: Role, organizationId: Int64?, subject: String, keyId: Int64? = nil, csrfToken: String? = nil) {
        self.role = role
        self.organizationId = organizationId
        self.subject = subject
        self.keyId = keyId
        self.csrfToken = csrfToken
    }

    /// Whether this principal may read and work an organization's referrals.
    func canWorkReferrals(of organizationId: Int64) -> Bool {
        role == .admin || ((role == .coordinator || role == .facilitator) && self.organizationId == organizationId)
    }

    /// Whether this partner sent the referral: its key did, or — a partner's console account — any
    /// partner of its organization did. Partners of another organization never see it.
    func sent(_ referral: ReferralRecord) -> Bool {
        guard role == .partner else { return false }
        if let keyId { return keyId == referral.partnerKeyId }
        return organizationId != nil && organizationId == referral.partnerOrganizationId
    }

    var isAdmin: Bool { role == .admin }

    /// Whether this principal may change the directory data of an organization.
    func canManage(organizationId: Int64) -> Bool {
        role == .admin || (role == .coordinator && self.organizationId == organizationId)
    }
}

/// API keys: `circles_<prefix>_<secret>`, stored as SHA-256 hashes and compared in constant time.
struct APIKeys: Sendable {
    let database: AppDatabase

    /// A new random key and the record to store (which holds only its hash).
    static func generate(role: Role, organizationId: Int64?, name: String) -> (key: String, record: APIKeyRecord) {
        let prefix = randomToken(length: 10)
        let key = "circles_\(prefix)_\(randomToken(length: 32))"
        return (key, APIKeyRecord(organizationId: organizationId, role: role, name: name, prefix: prefix, hash: hash(key)))
    }

    static func hash(_ key: String) -> String {
        Hex.string(SHA256.hash(data: Data(key.utf8)))
    }

    /// Letters and digits from the system's secure random source.
    static func randomToken(length: Int) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// The principal behind the `Authorization` header or the session cookie: anonymous without
    /// either, 401 for a bad key. A cookie that names no live session is treated as absent.
    func principal(for request: Request) throws -> Principal {
        guard let header = request.headers["Authorization"] else {
            return try Sessions.principal(for: request, database: database) ?? .anonymous
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw Self.unauthorized("Use Authorization: Bearer followed by an API key.") }
        let key = String(parts[1]).trimmingCharacters(in: .whitespaces)
        let pieces = key.split(separator: "_")
        guard pieces.count == 3, pieces[0] == "circles",
            let record = try database.activeAPIKey(prefix: String(pieces[1])),
            Self.constantTimeEquals(record.hash, Self.hash(key))
        else {
            throw Self.unauthorized("The API key is not valid or was revoked.")
        }
        database.touchAPIKey(record)
        return Principal(role: record.role, organizationId: record.organizationId, subject: "key:\(record.id ?? 0)", keyId: record.id)
    }

    static func unauthorized(_ detail: String) -> HTTPError {
        var error = HTTPError(401, detail: detail)
        error.headers.add("WWW-Authenticate", "Bearer realm=\"circles\"")
        return error
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
