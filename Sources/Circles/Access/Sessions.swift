import Crypto
import Foundation
import HTTPServer
import Store

/// Browser sessions: a random token in an `HttpOnly; SameSite=Strict` cookie, stored only as its hash.
enum Sessions {
    static let cookieName = "circles_session"
    static let lifetime: TimeInterval = 12 * 3600

    /// The principal of a live session named by the request's cookie, or nil.
    static func principal(for request: Request, database: AppDatabase) throws -> Principal? {
        guard let token = cookie(cookieName, in: request), token.count <= 128 else { return nil }
        guard let (session, user) = try database.session(id: APIKeys.hash(token)) else { return nil }
        return Principal(role: user.role, organizationId: user.organizationId, subject: "user:\(user.id ?? 0)", csrfToken: session.csrfToken)
    }

    /// Starts a session; returns the cookie's token and the CSRF token.
    static func start(for user: UserRecord, database: AppDatabase) throws -> (token: String, csrf: String) {
        let token = APIKeys.randomToken(length: 43)
        let csrf = APIKeys.randomToken(length: 32)
        let expires = Timestamp.now().adding(lifetime)
        try database.insertSession(SessionRecord(id: APIKeys.hash(token), userId: user.id!, csrfToken: csrf, expiresAt: expires))
        return (token, csrf)
    }

    static func end(_ request: Request, database: AppDatabase) throws {
        if let token = cookie(cookieName, in: request) { try database.deleteSession(id: APIKeys.hash(token)) }
    }

    static func setCookie(_ token: String, secure: Bool) -> String {
        "\(cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(Int(lifetime))" + (secure ? "; Secure" : "")
    }

    static func clearCookie(secure: Bool) -> String {
        "\(cookieName)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secure ? "; Secure" : "")
    }

    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers.values("Cookie") {
            for part in header.split(separator: ";") {
                let pair = part.trimmingSpaces()
                if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
            }
        }
        return nil
    }
}
