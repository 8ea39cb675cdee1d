import Foundation
import GRDB

/// What the API does with suggested corrections, each in one transaction.
extension AppDatabase {
    /// Stores a suggestion about a group that takes them (one not archived; `StoreFailure.notFound`
    /// otherwise) once per idempotency claim. `sealReply` turns the new row's id into the sealed reply
    /// address, or nil.
    public func recordChangeRequest(
        _ record: ChangeRequestRecord, sealReply: (Int64) throws -> Data?, claim: IdempotencyClaim,
        answer: (ChangeRequestRecord) throws -> StoredResponse
    ) throws -> IdempotencyOutcome {
        try once(
            claim,
            { db in
                guard let group = try GroupRecord.fetchOne(db, id: record.groupId), group.status != .archived else { throw StoreFailure.notFound }
                return try ChangeRequestStore.insert(record, in: db, seal: sealReply)
            }, answer: answer)
    }

    /// The queue, newest first: requests about one organization's groups (all, for nil) before
    /// `beforeId`; `limit + 1` at most, so the caller knows whether another page follows.
    public func changeRequests(
        organizationId: Int64?, status: ChangeRequestStatus?, groupId: Int64?, beforeId: Int64?, limit: Int
    ) throws -> [ChangeRequestEntry] {
        try pool.read { db in
            try ChangeRequestStore.list(organizationId: organizationId, status: status, groupId: groupId, beforeId: beforeId, limit: limit, in: db)
        }
    }

    /// One request with its group, whoever may see it (the caller checks access).
    public func changeRequest(id: Int64) throws -> ChangeRequestEntry? {
        try pool.read { db in try ChangeRequestStore.entry(id: id, in: db) }
    }

    /// Applies an open request: writes the group's change, when there is one, confirms the listing
    /// (whoever applied a correction has just checked it), records the decision and `audit`.
    /// `StoreFailure.stateChanged` when the request is no longer open or the group is no longer at
    /// `groupVersion`, the version the change was made to. `mail` writes the sender's reply (see `reply`).
    public func applyChangeRequest(
        _ request: ChangeRequestRecord, changing change: (group: GroupRecord, links: GroupLinks)?, groupVersion: Int,
        by actor: String, note: String, audit: AuditEntry, mail: (ChangeRequestRecord, GroupRecord) throws -> [OutgoingMail] = { _, _ in [] }
    ) throws -> ChangeRequestRecord {
        try pool.write { db in
            let open = try Self.openRequest(request.id!, in: db)
            if let change {
                guard try GroupRecord.fetchOne(db, id: open.groupId)?.version == groupVersion else { throw StoreFailure.stateChanged }
                _ = try GroupWrites.save(change.group, links: change.links, expectedVersion: groupVersion, in: db)
            }
            try ListingWrites.confirmGroup(open.groupId, by: actor, in: db)
            let decided = try ChangeRequestStore.decide(open, status: .applied, by: actor, note: note, in: db)
            try AuditWrites.record(audit, in: db)
            return try Self.reply(decided, mail: mail, in: db)
        }
    }

    /// Dismisses an open request and records `audit`; `StoreFailure.stateChanged` when it is no longer open.
    /// `mail` writes the sender's reply (see `reply`).
    public func dismissChangeRequest(
        _ request: ChangeRequestRecord, by actor: String, note: String, audit: AuditEntry,
        mail: (ChangeRequestRecord, GroupRecord) throws -> [OutgoingMail] = { _, _ in [] }
    ) throws -> ChangeRequestRecord {
        try pool.write { db in
            let decided = try ChangeRequestStore.decide(try Self.openRequest(request.id!, in: db), status: .dismissed, by: actor, note: note, in: db)
            try AuditWrites.record(audit, in: db)
            return try Self.reply(decided, mail: mail, in: db)
        }
    }

    /// Queues the reply `mail` writes to a decided request's sender, and then erases the sealed reply
    /// address: from here on it exists only in the outbox's sealed message, itself erased once sent.
    private static func reply(
        _ decided: ChangeRequestRecord, mail: (ChangeRequestRecord, GroupRecord) throws -> [OutgoingMail], in db: Database
    ) throws -> ChangeRequestRecord {
        guard decided.replyEmail != nil, let group = try GroupRecord.fetchOne(db, id: decided.groupId) else { return decided }
        let mails = try mail(decided, group)
        guard !mails.isEmpty else { return decided }
        try MailOutbox.enqueue(mails, in: db)
        try db.execute(sql: "UPDATE change_requests SET reply_email = NULL WHERE id = ?", arguments: [decided.id])
        var erased = decided
        erased.replyEmail = nil
        return erased
    }

    private static func openRequest(_ id: Int64, in db: Database) throws -> ChangeRequestRecord {
        guard let request = try ChangeRequestRecord.fetchOne(db, id: id) else { throw StoreFailure.notFound }
        guard request.status == .open else { throw StoreFailure.stateChanged }
        return request
    }
}
