import Foundation
import GRDB

/// A response stored so that a retried POST with the same `Idempotency-Key` gets it again.
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    public var location: String?
    public var body: [UInt8]
    public init(status: Int, location: String?, body: [UInt8]) {
        self.status = status
        self.location = location
        self.body = body
    }
}

/// How a stored answer is protected at rest: sealed by the caller, who holds the instance key. An
/// answer can hold a secret shown once (a referral's status link), which must never rest in clear
/// text in the database or its WAL. `context` binds the sealed bytes to their claim.
public struct AnswerSeal: Sendable {
    public let seal: @Sendable (_ plaintext: [UInt8], _ context: String) throws -> [UInt8]
    public let open: @Sendable (_ sealed: [UInt8], _ context: String) throws -> [UInt8]
    public init(
        seal: @escaping @Sendable ([UInt8], String) throws -> [UInt8], open: @escaping @Sendable ([UInt8], String) throws -> [UInt8]
    ) {
        self.seal = seal
        self.open = open
    }
}

/// A POST's claim on an `Idempotency-Key`: whose key it is, the key (nil: the client sent none,
/// so nothing is remembered), a hash of the request the key was first used for, and how the answer
/// kept for retries is sealed (nil: kept as it is, for tests of the store alone).
public struct IdempotencyClaim: Sendable {
    public var owner: String
    public var key: String?
    public var requestHash: String
    public var seal: AnswerSeal?
    public init(owner: String, key: String?, requestHash: String, seal: AnswerSeal? = nil) {
        self.owner = owner
        self.key = key
        self.requestHash = requestHash
        self.seal = seal
    }

    /// What the sealed answer is bound to: this owner's use of this key.
    var sealContext: String { "idempotency:\(owner)\n\(key ?? "")" }
}

public enum IdempotencyOutcome: Sendable {
    case fresh(StoredResponse)
    case replayed(StoredResponse)
    /// The key was used before with a different request.
    case mismatch
}

extension AppDatabase {
    /// Runs `body` in a write transaction unless `key` was seen before for this principal; the check,
    /// the write and the stored response commit together, so a retry can never create twice.
    /// Creations commit in groups (`MeteredPool.writeTogether`): many clients' POSTs share one sync to disk.
    public func idempotentWrite(_ claim: IdempotencyClaim, _ body: (Database) throws -> StoredResponse) throws -> IdempotencyOutcome {
        try pool.writeTogether { db in
            if let (requestHash, kept) = try Self.kept(claim, in: db) {
                guard requestHash == claim.requestHash else { return .mismatch }
                return .replayed(kept)
            }
            let response = try body(db)
            if let key = claim.key {
                let body = try claim.seal.map { try $0.seal(response.body, claim.sealContext) } ?? response.body
                try db.execute(
                    sql: "INSERT INTO idempotency_keys (principal, key, request_hash, status, location, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [claim.owner, key, claim.requestHash, response.status, response.location, Data(body), Timestamp.now()])
            }
            return .fresh(response)
        }
    }

    /// The answer kept for this owner's key, whatever request got it: a form sent again with its
    /// answers changed is told where the first one went. Nil when the key has no answer kept.
    public func keptAnswer(_ claim: IdempotencyClaim) throws -> StoredResponse? {
        try pool.read { db in try Self.kept(claim, in: db)?.answer }
    }

    private static func kept(_ claim: IdempotencyClaim, in db: Database) throws -> (requestHash: String, answer: StoredResponse)? {
        guard let key = claim.key,
            let row = try Row.fetchOne(
                db, sql: "SELECT request_hash, status, location, body FROM idempotency_keys WHERE principal = ? AND key = ?",
                arguments: [claim.owner, key])
        else { return nil }
        let stored = [UInt8](row["body"] as Data)
        let body = try claim.seal.map { try $0.open(stored, claim.sealContext) } ?? stored
        return (row["request_hash"], StoredResponse(status: row["status"], location: row["location"], body: body))
    }

    /// A service's creation under an idempotency claim: `write` runs in the transaction that checks
    /// and records the claim, and `answer` (pure encoding, no database) turns what it created into
    /// the response stored for retries. A retry gets that response back and writes nothing.
    func once<Created>(
        _ claim: IdempotencyClaim, _ write: (Database) throws -> Created,
        answer: (Created) throws -> StoredResponse
    ) throws -> IdempotencyOutcome {
        try idempotentWrite(claim) { db in
            try answer(try write(db))
        }
    }

    /// Forgets stored responses older than `days`.
    public func pruneIdempotencyKeys(olderThanDays days: Int = 7) throws {
        try pool.write { db in
            let cutoff = Timestamp.format(Date().addingTimeInterval(Double(-days) * 86_400))
            try db.execute(sql: "DELETE FROM idempotency_keys WHERE created_at < ?", arguments: [cutoff])
        }
    }
}
