-- Mail: the outbox written in the transaction of the event a message tells of, coordinators' choice
-- of referral notices, and the people who asked for no more mail.

-- One message to one person. The message (its recipient included) is sealed with the server's key,
-- bound to its Message-ID, and erased once sent or given up: no mail body is kept after sending.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The Message-ID header, the same for every attempt, so that a repeat after a crash is recognised.
    message_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('referral_notice', 'referral_receipt', 'referral_update', 'referral_check_in', 'correction_reply', 'invitation', 'password_reset')),
    -- What the message is about ("referral", "42"): its audit entries name it, an unsubscribe cancels by it.
    target_type TEXT NOT NULL DEFAULT '',
    target_id TEXT NOT NULL DEFAULT '',
    organization_id INTEGER,
    sealed_message BLOB,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    -- Set while a sender holds the message (its next_attempt_at is then the lease's end); a sender
    -- starting after a crash frees what the dead one held, so nothing waits for its lease.
    claimed_at TEXT,
    sent_at TEXT,
    failed_at TEXT,
    -- Why the last attempt did not send (the relay's words; never the message).
    last_error TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX mail_outbox_target ON mail_outbox(target_type, target_id);
CREATE INDEX mail_outbox_failed ON mail_outbox(failed_at) WHERE failed_at IS NOT NULL;

-- Whether a coordinator hears of new referrals by mail: not at all (the default), at once, or in an
-- hourly or daily digest. Urgent referrals are told at once to everyone who chose any of them.
ALTER TABLE users ADD COLUMN referral_notices TEXT NOT NULL DEFAULT 'off' CHECK (referral_notices IN ('off', 'immediate', 'hourly', 'daily'));
-- When the coordinator's last digest covered referrals up to.
ALTER TABLE users ADD COLUMN notices_digested_at TEXT;

-- The person asked for no more mail (the unsubscribe link): nothing more is sent about this referral.
ALTER TABLE referrals ADD COLUMN mail_unsubscribed_at TEXT;
