import Crypto
import Foundation
import GroupViews
import HTTPServer
import Places
import Store

/// Shared machinery of the JSON API: encoding, validators, access checks, idempotent creation.
struct API: Sendable {
    let database: AppDatabase
    let keys: APIKeys
    let sealer: Sealer
    let limits: RateLimits
    let settings: AppConfiguration
    /// Public search answers (`GroupRoutes`), valid while `generationWatch` (nil: cache off) is unchanged.
    let searchCache: SearchCache
    /// Groups as public searches show them (`SearchPageGroups`), valid for the generation they were read at.
    let groupJSONCache: GroupJSONCache
    let generationWatch: DirectoryGenerationWatch?
    /// Every language's messages (`Public/locales/`), read at start-up.
    let catalogues: Catalogues
    /// Writes messages for the mail outbox (nothing when mail is off).
    let mailer: Mailer

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        [UInt8](try encoder.encode(value))
    }

    /// A JSON response; with a version it carries an `ETag` (a matching `If-None-Match` gets 304 from the
    /// server, with this answer's caching headers). For a signed-in `caller` the representation may hold
    /// what the public one does not (a group's private links): it gets validators of its own
    /// (`"v3-private"`), so that neither a cache nor a conditional request confuses it with the public
    /// one, and `Cache-Control: private` (`RouteTable` adds it to every signed-in answer). Labels in
    /// another `language` than English make another representation too (`"v3-es"`).
    static func json<T: Encodable>(
        _ value: T, status: Int = 200, version: Int? = nil, cache: String = "no-cache", caller: Principal? = nil,
        language: String = "en"
    ) throws -> Response {
        var response = Response.json(try encode(value), status: status)
        if let version {
            let tag = ((caller?.role ?? .anonymous) == .anonymous ? "v\(version)" : "v\(version)-private") + (language == "en" ? "" : "-" + language)
            response.headers.add("ETag", "\"\(tag)\"")
        }
        response.headers.add("Cache-Control", cache)
        return response
    }

    func principal(_ request: Request) throws -> Principal {
        try keys.principal(for: request)
    }

    /// The principal, who must be signed in (401 otherwise). A browser session must also prove,
    /// for any write, that the page was ours: the `X-CSRF-Token` header must match the session's.
    func signedIn(_ request: Request) throws -> Principal {
        let principal = try keys.principal(for: request)
        guard principal.role != .anonymous else { throw APIKeys.unauthorized("This needs an API key (Authorization: Bearer …) or a signed-in session.") }
        try Self.checkCSRF(principal, request)
        return principal
    }

    /// For writes by cookie: 403 unless `X-CSRF-Token` matches the session's token.
    static func checkCSRF(_ principal: Principal, _ request: Request) throws {
        guard let expected = principal.csrfToken, !["GET", "HEAD", "OPTIONS"].contains(request.method) else { return }
        guard let sent = request.headers["X-CSRF-Token"], APIKeys.constantTimeEquals(sent, expected) else {
            throw HTTPError(403, detail: "Send the X-CSRF-Token header you received when signing in.")
        }
    }

    /// 429 with `Retry-After` when this client has used up its allowance on `limiter`.
    static func limit(_ limiter: RateLimiter, _ request: Request, key: String? = nil) throws {
        if let wait = limiter.take(key ?? request.remoteAddress) {
            var error = HTTPError(429, detail: "Too many requests from your address. Please wait \(wait) seconds and try again.")
            error.headers.add("Retry-After", String(wait))
            throw error
        }
    }

    /// Runs `attempt`, an anonymous post, within the client address's two limits: every post counts
    /// against the loose `attempts`; against `answered` only one that is answered (recorded, a retry's
    /// answer, the bot trap's), since a refused one gives its token back. A person correcting a field,
    /// or several people on one clinic's connection, are not locked out by mistakes.
    static func limitingRefusals(
        _ answered: RateLimiter, attempts: RateLimiter, _ request: Request, _ attempt: () throws -> Response
    ) throws -> Response {
        try limit(attempts, request)
        try limit(answered, request)
        do {
            return try attempt()
        } catch {
            answered.giveBack(request.remoteAddress)
            throw error
        }
    }

    /// Writes an audit entry for this request on its own (a failure to write it is not the request's).
    func audit(
        _ principal: Principal, _ request: Request, action: String, targetType: String = "", targetId: String = "", organizationId: Int64? = nil,
        detail: String = ""
    ) throws {
        database.audit(
            Self.auditEntry(principal, request, action: action, targetType: targetType, targetId: targetId, organizationId: organizationId, detail: detail))
    }

    /// The audit entry of this request, for a service to write in its own transaction.
    static func auditEntry(
        _ principal: Principal, _ request: Request, action: String, targetType: String = "", targetId: String = "",
        organizationId: Int64? = nil, detail: String = ""
    ) -> AuditEntry {
        AuditEntry(
            actor: principal.subject, action: action, targetType: targetType, targetId: targetId,
            organizationId: organizationId, address: request.remoteAddress, detail: detail)
    }

    /// 403 unless the principal manages that organization's directory data.
    static func requireManage(_ principal: Principal, organizationId: Int64) throws {
        guard principal.canManage(organizationId: organizationId) else {
            throw HTTPError(403, detail: "Your key may not change this organization's data.")
        }
    }

    /// The versions an update expects, from `If-Match`: 428 when absent. Each entity tag of the list
    /// names a version; a tag that names none of ours (a weak one, which never matches strongly, or a
    /// malformed header) stands for `VersionPrecondition.noVersion`: the store answers 404 when the
    /// record does not exist (RFC 9110 §13.1.1 is evaluated on a resource that exists) and 412 when it does.
    static func expectedVersion(_ request: Request) throws -> VersionPrecondition {
        guard let header = request.headers["If-Match"]?.trimmingSpaces() else {
            throw HTTPError(428, detail: "Send If-Match with the ETag you last read, so that no one else's change is overwritten.")
        }
        if header == "*" { return .any }
        guard let tags = EntityTags.list(String(header)), !tags.isEmpty else { return .oneOf([VersionPrecondition.noVersion]) }
        return .oneOf(tags.map { $0.weak ? VersionPrecondition.noVersion : version(ofTag: $0.opaque) })
    }

    /// The version an entity tag's opaque part (`"v3"`, `"v3-gz"`, `"v3-es"`, `"v3-private"`) names.
    private static func version(ofTag opaque: Substring) -> Int {
        var tag = String(opaque)
        if tag.hasSuffix("-gz\"") { tag = tag.dropLast(4) + "\"" }
        // A language's representation (`"v3-es"`) names the same version.
        if let dash = tag.lastIndex(of: "-"), tag[tag.index(after: dash)...].dropLast().allSatisfy({ $0.isLowercase && $0.isLetter }),
            (2...3).contains(tag[tag.index(after: dash)...].count - 1)
        {
            tag = tag[..<dash] + "\""
        }
        if tag.hasSuffix("-private\"") { tag = tag.dropLast(9) + "\"" }
        guard tag.hasPrefix("\"v"), tag.hasSuffix("\""), let version = Int(tag.dropFirst(2).dropLast()), version > 0 else {
            return VersionPrecondition.noVersion
        }
        return version
    }

    /// Maps what the store refused to the answer the client should get; `notFound` names what was
    /// not found, in the words of the resource the request asked for.
    static func translate(_ error: Error, notFound: String = "No such resource.") -> Error {
        guard let failure = error as? StoreFailure else { return error }
        switch failure {
        case .notFound: return HTTPError.notFound(notFound)
        case .versionMismatch(let current):
            var e = HTTPError(412, detail: "The resource changed since you read it (now version \(current)). Read it again and retry.")
            e.headers.add("ETag", "\"v\(current)\"")
            return e
        case .conflict(let field): return HTTPError(409, detail: "\(field) is already taken.", errors: [FieldError(field: field, message: "is already taken")])
        case .invalidReference(let field):
            return HTTPError.unprocessable([FieldError(field: field, message: "refers to something that does not exist or belongs to another organization")])
        case .inUse: return HTTPError(409, detail: "This cannot be deleted while referrals or other records still refer to it. Archive it instead.")
        case .forbidden: return HTTPError(403, detail: "Your key may not change this organization's data.")
        case .rejected(let field, let message): return HTTPError.unprocessable([FieldError(field: field, message: message)])
        case .stateChanged: return HTTPError(409, detail: "The resource changed while this request was handled. Read it again and retry.")
        }
    }

    /// Runs a store call, turning its refusals into HTTP errors (`notFound`: see `translate`).
    static func store<T>(notFound: String = "No such resource.", _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw translate(error, notFound: notFound) }
    }

    /// Reads, decides and writes once more when the write finds the record changed since it was read
    /// (`StoreFailure.stateChanged`): the decision is made again on what is there now, so a concurrent
    /// change is never overwritten, and a race costs one retry instead of an error.
    static func decidingOnCurrentState<T>(_ attempt: () throws -> T) throws -> T {
        do { return try attempt() } catch StoreFailure.stateChanged { return try attempt() }
    }

    /// Creates something once per `Idempotency-Key` through a store service that takes the claim:
    /// `create` calls the service; a retry gets the first answer back and creates nothing.
    func create(
        _ request: Request, principal: Principal, notFound: String = "No such resource.",
        through create: (IdempotencyClaim) throws -> IdempotencyOutcome
    ) throws -> Response {
        let claim = try Self.claim(request, principal: principal, seal: answerSeal)
        return try respond(try Self.store(notFound: notFound) { try create(claim) })
    }

    /// The answer kept for the request's `Idempotency-Key`, whatever request got it (nil without one).
    func keptAnswer(_ request: Request, principal: Principal) throws -> StoredResponse? {
        try database.keptAnswer(try Self.claim(request, principal: principal, seal: answerSeal))
    }

    /// Answers kept for retries rest sealed with the instance key: a referral's answer holds its status link.
    var answerSeal: AnswerSeal {
        let sealer = self.sealer
        return AnswerSeal(seal: { try sealer.seal($0, context: $1) }, open: { try sealer.open($0, context: $1) })
    }

    /// The request's claim on its `Idempotency-Key` (400 when the key is malformed).
    static func claim(_ request: Request, principal: Principal, seal: AnswerSeal?) throws -> IdempotencyClaim {
        let key = request.headers["Idempotency-Key"]
        if let key, key.isEmpty || key.count > 255 || key.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value > 0x7E }) {
            throw HTTPError(
                400, detail: "Idempotency-Key must be 1 to 255 visible ASCII characters.",
                errors: [FieldError(field: "Idempotency-Key", message: "is malformed")])
        }
        // Anonymous callers share no namespace: their keys are scoped to their address.
        let owner = principal.role == .anonymous ? "anonymous:\(request.remoteAddress)" : principal.subject
        // Without a key nothing is kept for a retry, so there is nothing to compare a retry with.
        return IdempotencyClaim(owner: owner, key: key, requestHash: key == nil ? "" : requestHash(request), seal: seal)
    }

    /// What a retry must repeat: method, path and body, where the same JSON with its keys in another
    /// order is the same request.
    private static func requestHash(_ request: Request) -> String {
        let canonical =
            (try? JSONSerialization.jsonObject(with: Data(request.body), options: [.fragmentsAllowed]))
            .flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .fragmentsAllowed]) } ?? Data(request.body)
        return Hex.string(SHA256.hash(data: Data((request.method + " " + request.path + "\n").utf8) + canonical))
    }

    private func respond(_ outcome: IdempotencyOutcome) throws -> Response {
        switch outcome {
        case .fresh(let stored), .replayed(let stored):
            var response = Response.json(stored.body, status: stored.status)
            if let location = stored.location { response.headers.add("Location", location) }
            if case .replayed = outcome { response.headers.add("Idempotent-Replayed", "true") }
            response.headers.add("Cache-Control", "no-store")
            return response
        case .mismatch:
            throw HTTPError(
                422, detail: "This Idempotency-Key was already used for a different request.",
                errors: [FieldError(field: "Idempotency-Key", message: "was used for a different request")])
        }
    }

    /// Parses a positive id from a path parameter (404 for anything else).
    static func id(_ request: Request, _ name: String = "id") throws -> Int64 {
        guard let value = Int64(request.parameter(name)), value > 0 else { throw HTTPError.notFound() }
        return value
    }
}

/// The opaque `cursor` of lists (`PageCursor`), read from and linked to requests.
enum Cursor {
    static func encode<T: Encodable>(_ value: T) -> String {
        PageCursor.encode(value)
    }

    /// The position `text` carries; nil without a cursor (or an empty one: the first page). Text that is
    /// not of a cursor's form (`PageCursor.isWellFormed`, the pattern in `Public/openapi.json`) is a 400;
    /// one of that form that this server did not give out names no page: a 404. Both name `cursor`.
    static func decode<T: CursorPosition>(_ text: String?, as type: T.Type) throws -> T? {
        guard let text, !text.isEmpty else { return nil }
        guard PageCursor.isWellFormed(text) else {
            throw HTTPError(
                400, detail: "cursor is not a cursor: copy it from a page's next link.",
                errors: [FieldError(field: "cursor", message: "must be 1 to 512 letters, digits, - and _")])
        }
        guard let value = PageCursor.value(text, as: type) else {
            throw HTTPError(
                404, detail: "cursor is not one this server gave out: there is no such page.", errors: [FieldError(field: "cursor", message: "names no page")])
        }
        return value
    }

    /// The same URL with `cursor` replaced.
    static func nextLink(_ request: Request, cursor: String) -> String {
        PageCursor.nextLink(path: request.path, pairs: request.query.pairs, cursor: cursor)
    }
}

extension API {
    /// When a listing counts as "not recently confirmed" (`--stale-after-days`).
    var freshness: Freshness { Freshness(staleAfterDays: settings.staleAfterDays) }
    /// "Where?": the shipped US place table and this directory.
    var places: PlaceFinder { PlaceFinder(table: .unitedStates, database: database) }
}

extension InboxPosition: CursorPosition {
    public var isWellFormed: Bool { (urgent == 0 || urgent == 1) && id >= 0 }
}
