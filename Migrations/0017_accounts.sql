-- Accounts for every role: partners (a clinic's staff) sign in too; invitations and password resets
-- by e-mail link; the one check-in a referred person gets after a first meeting.

-- 'partner' joins the roles of console accounts. A CHECK cannot be altered in SQLite, so users is
-- rebuilt, and sessions with it (its foreign key would otherwise cascade the old table's drop into
-- it): both are copied, the old tables dropped, the new ones renamed last so the key follows.
-- An account whose password_hash is '' was invited and has not set a password yet: it cannot sign in.
CREATE TABLE users_v15 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'facilitator', 'partner')),
    organization_id INTEGER REFERENCES organizations(id) ON DELETE CASCADE,
    -- "scrypt$N$r$p$salt-base64$hash-base64", or '' until an invitation is accepted.
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled_at TEXT,
    referral_notices TEXT NOT NULL DEFAULT 'off' CHECK (referral_notices IN ('off', 'immediate', 'hourly', 'daily')),
    notices_digested_at TEXT,
    CHECK (role = 'admin' OR organization_id IS NOT NULL)
) STRICT;
INSERT INTO users_v15 (id, email, display_name, role, organization_id, password_hash, created_at, disabled_at, referral_notices, notices_digested_at)
    SELECT id, email, display_name, role, organization_id, password_hash, created_at, disabled_at, referral_notices, notices_digested_at FROM users;

CREATE TABLE sessions_v15 (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users_v15(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
INSERT INTO sessions_v15 SELECT id, user_id, csrf_token, created_at, expires_at FROM sessions;

DROP TABLE sessions;
DROP TABLE users;
ALTER TABLE users_v15 RENAME TO users;
ALTER TABLE sessions_v15 RENAME TO sessions;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE INDEX users_organization ON users(organization_id);

-- A single-use link sent by e-mail: an invitation (72 hours) or a password reset (1 hour). `id` is the
-- SHA-256 of the link's token, so the database holds nothing that opens an account. Using one, or
-- any change of the account's password, uses up every open link of the account.
CREATE TABLE account_tokens (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
) STRICT;
CREATE INDEX account_tokens_user ON account_tokens(user_id);

-- When the one check-in after a first meeting ("Did you go?") was written for the person: at most once.
ALTER TABLE referrals ADD COLUMN check_in_at TEXT;
