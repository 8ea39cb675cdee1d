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

/// A POST's claim on an `Idempotency-Key`: whose key it is, the key (nil: the client sent none,
/// so nothing is remembered), and a hash of the request the key was first used for.
public struct IdempotencyClaim: Sendable, Equatable {
    public var owner: String
    public var key: String?
    public var requestHash: String
    public init(owner: String, key: String?, requestHash: String) {
        self.owner = owner
        self.key = key
        self.requestHash = requestHash
    }
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
    public func idempotentWrite(
        principal: String, key: String?, requestHash: String,
        _ body: (Database) throws -> StoredResponse
    ) throws -> IdempotencyOutcome {
        try pool.write { db in
            if let key {
                if let row = try Row.fetchOne(
                    db, sql: "SELECT request_hash, status, location, body FROM idempotency_keys WHERE principal = ? AND key = ?", arguments: [principal, key])
                {
                    guard (row["request_hash"] as String) == requestHash else { return .mismatch }
                    return .replayed(StoredResponse(status: row["status"], location: row["location"], body: [UInt8](row["body"] as Data)))
                }
            }
            let response = try body(db)
            if let key {
                try db.execute(
                    sql: "INSERT INTO idempotency_keys (principal, key, request_hash, status, location, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [principal, key, requestHash, response.status, response.location, Data(response.body), Timestamp.now()])
            }
            return .fresh(response)
        }
    }

    /// A service's creation under an idempotency claim: `write` runs in the transaction that checks
    /// and records the claim, and `answer` (pure encoding, no database) turns what it created into
    /// the response stored for retries. A retry gets that response back and writes nothing.
    func once<Created>(
        _ claim: IdempotencyClaim, _ write: (Database) throws -> Created,
        answer: (Created) throws -> StoredResponse
    ) throws -> IdempotencyOutcome {
        try idempotentWrite(principal: claim.owner, key: claim.key, requestHash: claim.requestHash) { db in
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
