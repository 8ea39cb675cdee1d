-- Accounts, sessions, referrals with encrypted personal data, audit, webhooks, feedback.

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'facilitator')),
    organization_id INTEGER REFERENCES organizations(id) ON DELETE CASCADE,
    -- "scrypt$N$r$p$salt-base64$hash-base64"
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled_at TEXT,
    CHECK (role = 'admin' OR organization_id IS NOT NULL)
) STRICT;

-- A signed-in browser. `id` is the SHA-256 of the cookie's token, so a stolen database holds no usable session.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE referrals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE RESTRICT,
    -- The organization that runs the group: the only one that may read the referral.
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'enrolled', 'declined', 'unreachable', 'withdrawn', 'closed')),
    urgent INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    -- Set when the note holds crisis language, so the coordinator sees it first.
    crisis_flag INTEGER NOT NULL DEFAULT 0 CHECK (crisis_flag IN (0, 1)),
    referrer_type TEXT NOT NULL CHECK (referrer_type IN ('self', 'clinician', 'community_organization', 'family', 'other')),
    -- The API key that sent it, if a partner did; partners read only their own referrals.
    partner_key_id INTEGER REFERENCES api_keys(id) ON DELETE SET NULL,
    partner_organization_id INTEGER REFERENCES organizations(id) ON DELETE SET NULL,
    preferred_contact_method TEXT NOT NULL CHECK (preferred_contact_method IN ('phone', 'text', 'email')),
    language TEXT NOT NULL DEFAULT 'en',
    consent_at TEXT NOT NULL,
    consent_version TEXT NOT NULL,
    -- AES-GCM sealed JSON of the person's name, contacts, preferred times, note and the referrer's contact;
    -- NULL once erased by the retention rule.
    personal_data BLOB,
    -- SHA-256 of the status link's token.
    status_token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    first_contacted_at TEXT,
    closed_at TEXT,
    personal_data_erased_at TEXT
) STRICT;
CREATE INDEX referrals_inbox ON referrals(organization_id, urgent DESC, created_at, id);
CREATE INDEX referrals_status ON referrals(organization_id, status);
CREATE INDEX referrals_partner ON referrals(partner_key_id, created_at);
CREATE INDEX referrals_group ON referrals(group_id);
CREATE INDEX referrals_retention ON referrals(status, closed_at) WHERE personal_data IS NOT NULL;

CREATE TABLE referral_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    from_status TEXT,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    -- A coordinator's note may mention the person: sealed like the personal data.
    note BLOB,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX referral_events_referral ON referral_events(referral_id, id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL DEFAULT '',
    target_id TEXT NOT NULL DEFAULT '',
    organization_id INTEGER,
    address TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_target ON audit_log(target_type, target_id);

CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    -- The signing secret, sealed with the server's key.
    secret BLOB NOT NULL,
    events TEXT NOT NULL DEFAULT 'referral.created,referral.status_changed',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX webhooks_organization ON webhooks(organization_id);

-- Events written in the same transaction as the change they announce, delivered in the background.
CREATE TABLE webhook_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    delivered_at TEXT,
    failed_at TEXT
) STRICT;
CREATE INDEX webhook_outbox_due ON webhook_outbox(next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_outbox_webhook ON webhook_outbox(webhook_id, id);

CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    outbox_id INTEGER NOT NULL REFERENCES webhook_outbox(id) ON DELETE CASCADE,
    attempted_at TEXT NOT NULL,
    status_code INTEGER,
    error TEXT NOT NULL DEFAULT '',
    duration_ms INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX webhook_deliveries_outbox ON webhook_deliveries(outbox_id);

CREATE TABLE feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at TEXT NOT NULL,
    reviewed_by TEXT,
    reviewed_at TEXT
) STRICT;
CREATE INDEX feedback_group ON feedback(group_id, status);
CREATE INDEX feedback_status ON feedback(status, created_at);
