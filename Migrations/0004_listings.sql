-- Listings people can trust: when a group was last confirmed, what to expect at a first meeting,
-- open seats, coming occurrences confirmed one by one, corrections suggested by the public,
-- and referral statuses for a waiting list, a first meeting attended and "not for me".

-- Set when a facilitator or coordinator confirms that the group meets as listed (or creates it).
-- Existing listings count as confirmed when they were last changed: the best knowledge there is.
ALTER TABLE groups ADD COLUMN last_confirmed_at TEXT;
ALTER TABLE groups ADD COLUMN last_confirmed_by TEXT;
UPDATE groups SET last_confirmed_at = updated_at, last_confirmed_by = 'migration';

-- What newcomers ask before they go. `join_mode` (drop-in or registration) already exists.
ALTER TABLE groups ADD COLUMN open_to TEXT NOT NULL DEFAULT 'anyone' CHECK (open_to IN ('anyone', 'lived_experience'));
ALTER TABLE groups ADD COLUMN camera_optional INTEGER NOT NULL DEFAULT 1 CHECK (camera_optional IN (0, 1));
ALTER TABLE groups ADD COLUMN childcare INTEGER NOT NULL DEFAULT 0 CHECK (childcare IN (0, 1));
-- ASL interpretation offered by the group itself (a location may offer it too: locations.asl_available).
ALTER TABLE groups ADD COLUMN asl_interpretation INTEGER NOT NULL DEFAULT 0 CHECK (asl_interpretation IN (0, 1));
ALTER TABLE groups ADD COLUMN first_meeting_note TEXT NOT NULL DEFAULT '';

-- Groups that cap attendance; NULL capacity means no cap. open_seats <= capacity is checked by the API.
ALTER TABLE groups ADD COLUMN capacity INTEGER CHECK (capacity IS NULL OR capacity BETWEEN 1 AND 10000);
ALTER TABLE groups ADD COLUMN open_seats INTEGER CHECK (open_seats IS NULL OR open_seats >= 0);
ALTER TABLE groups ADD COLUMN seats_updated_at TEXT;

-- "Yes, it is on": one coming occurrence confirmed, by the local date it has in its schedule.
CREATE TABLE occurrence_confirmations (
    schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
    occurrence_date TEXT NOT NULL,
    confirmed_at TEXT NOT NULL,
    confirmed_by TEXT NOT NULL,
    PRIMARY KEY (schedule_id, occurrence_date)
) STRICT, WITHOUT ROWID;

-- A correction suggested by anyone, worked by the organization that runs the group.
CREATE TABLE change_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('time', 'place', 'online_link', 'contact', 'no_longer_meets', 'other')),
    proposed_value TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '',
    -- AES-GCM sealed e-mail address for a reply, if the sender gave one; erased like referral data.
    reply_email BLOB,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'applied', 'dismissed')),
    -- The day it arrived (midnight UTC), like feedback: nothing to match against the access log.
    created_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT,
    decision_note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX change_requests_group ON change_requests(group_id, status, id);
CREATE INDEX change_requests_retention ON change_requests(decided_at) WHERE reply_email IS NOT NULL;

-- New referral statuses: 'waitlisted' (the group is full), 'attended' (went to a first meeting),
-- 'not_for_me' (the person decided the group is not for them). A CHECK cannot be altered in SQLite,
-- so both referral tables are rebuilt; events are copied before the old tables go, and the new tables
-- are renamed last so that the foreign key of the events follows the rename.
CREATE TABLE referrals_v4 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE RESTRICT,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'waitlisted', 'enrolled', 'attended', 'declined', 'unreachable', 'withdrawn', 'not_for_me', 'closed')),
    urgent INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    crisis_flag INTEGER NOT NULL DEFAULT 0 CHECK (crisis_flag IN (0, 1)),
    referrer_type TEXT NOT NULL CHECK (referrer_type IN ('self', 'clinician', 'community_organization', 'family', 'other')),
    partner_key_id INTEGER REFERENCES api_keys(id) ON DELETE SET NULL,
    partner_organization_id INTEGER REFERENCES organizations(id) ON DELETE SET NULL,
    preferred_contact_method TEXT NOT NULL CHECK (preferred_contact_method IN ('phone', 'text', 'email')),
    language TEXT NOT NULL DEFAULT 'en',
    consent_at TEXT NOT NULL,
    consent_version TEXT NOT NULL,
    personal_data BLOB,
    status_token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    first_contacted_at TEXT,
    closed_at TEXT,
    personal_data_erased_at TEXT
) STRICT;
INSERT INTO referrals_v4 SELECT id, group_id, organization_id, status, urgent, crisis_flag, referrer_type, partner_key_id,
    partner_organization_id, preferred_contact_method, language, consent_at, consent_version, personal_data, status_token_hash,
    created_at, updated_at, first_contacted_at, closed_at, personal_data_erased_at FROM referrals;

CREATE TABLE referral_events_v4 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    referral_id INTEGER NOT NULL REFERENCES referrals_v4(id) ON DELETE CASCADE,
    from_status TEXT,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    note BLOB,
    created_at TEXT NOT NULL
) STRICT;
INSERT INTO referral_events_v4 SELECT id, referral_id, from_status, to_status, actor, note, created_at FROM referral_events;

DROP TABLE referral_events;
DROP TABLE referrals;
ALTER TABLE referrals_v4 RENAME TO referrals;
ALTER TABLE referral_events_v4 RENAME TO referral_events;

CREATE INDEX referrals_inbox ON referrals(organization_id, urgent DESC, created_at, id);
CREATE INDEX referrals_status ON referrals(organization_id, status);
CREATE INDEX referrals_partner ON referrals(partner_key_id, created_at);
CREATE INDEX referrals_group ON referrals(group_id);
CREATE INDEX referrals_retention ON referrals(status, closed_at) WHERE personal_data IS NOT NULL;
CREATE INDEX referral_events_referral ON referral_events(referral_id, id);
