import Foundation
import GRDB

/// Referrals as the routes ask for them: each function one transaction. The person's details reach
/// the store sealed (AES-GCM, in Circles): what is stored and returned here are opaque bytes.
extension AppDatabase {
    /// Records a new referral to a group that takes referrals (`.rejected` on `group_id` for a missing
    /// or archived group), once per idempotency claim. In one transaction: the referral, filed under
    /// the group's organization, with its first event; its personal data as `seal` seals it (bound
    /// to the new id); `audit`, naming the new referral and its organization; the webhook event
    /// `announce` makes of it; and the messages `mail` writes, given the coordinators of the group's
    /// organization who asked to hear of it. `answer` turns the referral and its group into the stored response.
    public func recordReferral(
        _ referral: ReferralRecord, claim: IdempotencyClaim, actor: String, audit: AuditEntry,
        seal: (Int64) throws -> Data, announce: (ReferralRecord) -> OutboxEvent,
        mail: (ReferralRecord, GroupRecord, [UserRecord]) throws -> [OutgoingMail] = { _, _, _ in [] },
        answer: (ReferralRecord, GroupRecord) throws -> StoredResponse
    ) throws -> IdempotencyOutcome {
        try once(
            claim,
            { db in
                guard let group = try GroupRecord.fetchOne(db, id: referral.groupId), group.status != .archived else {
                    throw StoreFailure.rejected(field: "group_id", message: "is not a group that takes referrals")
                }
                var referral = referral
                referral.organizationId = group.organizationId
                let saved = try ReferralWrites.insert(referral, actor: actor, in: db, seal: seal)
                var audit = audit
                audit.targetId = String(saved.id!)
                audit.organizationId = saved.organizationId
                try AuditWrites.record(audit, in: db)
                try WebhookOutbox.enqueue(announce(saved), in: db)
                let coordinators = try MailOutbox.referralNoticeRecipients(organizationId: saved.organizationId, urgent: saved.urgent, in: db)
                let mails = try mail(saved, group, coordinators)
                try MailOutbox.enqueue(mails, in: db)
                // The check-in is written once, with the referral: the column says it exists.
                if mails.contains(where: { $0.kind == .referralCheckIn }) {
                    try db.cachedStatement(sql: "UPDATE referrals SET check_in_at = ? WHERE id = ? AND check_in_at IS NULL")
                        .execute(arguments: [Timestamp.now(), saved.id])
                }
                return (saved, group)
            }, answer: answer)
    }

    /// A page of the referrals visible in `scope`: urgent first, then oldest first (`filter.limit + 1` at most).
    public func referrals(scope: ReferralScope, filter: ReferralFilter, after: InboxPosition?) throws -> [ReferralRecord] {
        try pool.read { try ReferralWrites.list(scope: scope, filter: filter, after: after, in: $0) }
    }

    /// The same page, for an inbox that shows whom each referral is about: `audit` names the entry
    /// to record for each referral whose personal data the caller will open (nil for one it will
    /// not), written in the same transaction, so every opened row is on record.
    public func referralsOpened(
        scope: ReferralScope, filter: ReferralFilter, after: InboxPosition?, audit: (ReferralRecord) -> AuditEntry?
    ) throws -> [ReferralRecord] {
        try pool.write { db in
            let rows = try ReferralWrites.list(scope: scope, filter: filter, after: after, in: db)
            for referral in rows.prefix(filter.limit) {
                if let entry = audit(referral) { try AuditWrites.record(entry, in: db) }
            }
            return rows
        }
    }

    /// The referral, to decide on before moving it. Its personal data stays sealed: this is not an audited read.
    public func referral(id: Int64) throws -> ReferralRecord? {
        try pool.read { try ReferralRecord.fetchOne($0, key: id) }
    }

    /// A referral in full, with its history, for a caller `mayRead` admits (`.notFound` for anyone
    /// else). `audit`, naming the referral's organization, is written in the same transaction: every
    /// read of personal data is on record.
    public func readReferral(id: Int64, mayRead: (ReferralRecord) -> Bool, audit: AuditEntry) throws -> (ReferralRecord, [ReferralEventRecord]) {
        try pool.write { db in
            guard let referral = try ReferralRecord.fetchOne(db, id: id), mayRead(referral) else { throw StoreFailure.notFound }
            let events = try ReferralWrites.events(referralId: id, in: db)
            var audit = audit
            audit.organizationId = referral.organizationId
            try AuditWrites.record(audit, in: db)
            return (referral, events)
        }
    }

    /// The referral whose status token hashes to `tokenHash`.
    public func referral(statusTokenHash: String) throws -> ReferralRecord? {
        try pool.read { try ReferralWrites.referral(statusTokenHash: statusTokenHash, in: $0) }
    }

    /// What a status link shows: the referral behind the token's hash, its group and its history.
    public func referralStatus(statusTokenHash: String) throws -> (ReferralRecord, GroupRecord, [ReferralEventRecord])? {
        try pool.read { db in
            guard let referral = try ReferralWrites.referral(statusTokenHash: statusTokenHash, in: db),
                let group = try GroupRecord.fetchOne(db, id: referral.groupId)
            else { return nil }
            return (referral, group, try ReferralWrites.events(referralId: referral.id!, in: db))
        }
    }

    /// Moves a referral that is `from` now to `to`, the caller having checked the move. In one
    /// transaction: the status and its event (with the internal `note` and the `sharedNote` for the
    /// partner who sent it, both sealed by the caller), `audit`, the
    /// webhook event `announce`, and the messages `mail` writes for the moved referral and its group.
    /// When `dropsCheckIn`, a check-in still waiting in the outbox is dropped and erased (the person
    /// has answered, or the referral ended). `.stateChanged` when the referral is no longer `from`.
    public func moveReferral(
        id: Int64, from: ReferralStatus, to status: ReferralStatus, actor: String, note: Data?, sharedNote: Data? = nil,
        audit: AuditEntry, announce: OutboxEvent, dropsCheckIn: Bool = false,
        mail: (ReferralRecord, GroupRecord) throws -> [OutgoingMail] = { _, _ in [] }
    ) throws -> ReferralRecord {
        try pool.write { db in
            guard let referral = try ReferralRecord.fetchOne(db, id: id) else { throw StoreFailure.notFound }
            guard referral.status == from else { throw StoreFailure.stateChanged }
            let saved = try ReferralWrites.changeStatus(referral, to: status, actor: actor, note: note, sharedNote: sharedNote, in: db)
            if dropsCheckIn {
                try MailOutbox.drop(kind: .referralCheckIn, targetType: "referral", targetId: String(id), at: WebhookTime.format(Date()), in: db)
            }
            try AuditWrites.record(audit, in: db)
            try WebhookOutbox.enqueue(announce, in: db)
            if let group = try GroupRecord.fetchOne(db, id: saved.groupId) { try MailOutbox.enqueue(try mail(saved, group), in: db) }
            return saved
        }
    }

    /// What decides whether a check-in is still wanted when it falls due: the referral (its status,
    /// whether the person unsubscribed) and its group with its schedules now. Nil when the referral is gone.
    public func checkInState(referralId: Int64) throws -> (ReferralRecord, GroupDetails?)? {
        try pool.read { db in
            guard let referral = try ReferralRecord.fetchOne(db, id: referralId) else { return nil }
            return (referral, try GroupReads.details(ids: [referral.groupId], in: db).first)
        }
    }

    /// The person asked, from their status page, for their status link by mail: in one transaction,
    /// the referral behind `statusTokenHash` and its group, and the messages `compose` writes for them
    /// (with the audited read of the address each carries). False when the token opens no referral.
    public func queueReferralMail(statusTokenHash: String, compose: (ReferralRecord, GroupRecord) throws -> [OutgoingMail]) throws -> Bool {
        try pool.write { db in
            guard let referral = try ReferralWrites.referral(statusTokenHash: statusTokenHash, in: db),
                let group = try GroupRecord.fetchOne(db, id: referral.groupId)
            else { return false }
            try MailOutbox.enqueue(try compose(referral, group), in: db)
            return true
        }
    }

    /// Erases the personal data of referrals that ended over `days` ago (their history stays), and
    /// the reply addresses of change requests decided that long ago, each batch audited, in one
    /// transaction. Returns how many referrals were erased.
    public func purgePersonalData(olderThanDays days: Int, now: Date) throws -> Int {
        try pool.write { db in
            let count = try ReferralWrites.purge(olderThanDays: days, now: now, in: db)
            if count > 0 {
                try AuditWrites.record(
                    AuditEntry(actor: "system", action: "referral.purge", targetType: "referral", detail: "\(count) erased after \(days) days"), in: db)
            }
            let replies = try ChangeRequestStore.purgeReplyAddresses(olderThanDays: days, now: now, in: db)
            if replies > 0 {
                try AuditWrites.record(
                    AuditEntry(
                        actor: "system", action: "change_request.purge", targetType: "change_request",
                        detail: "\(replies) reply addresses erased after \(days) days"), in: db)
            }
            return count
        }
    }
}
