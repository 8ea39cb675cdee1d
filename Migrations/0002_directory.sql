-- The directory: organizations, locations, topics and tags, groups, meeting schedules, facilitators.
-- Times are RFC 3339 UTC text; meeting times are local 'HH:MM' with an IANA time zone.
-- Every resource has a `version` that grows on each update: it is the ETag that If-Match checks.

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    website TEXT,
    email TEXT,
    phone TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE locations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('community_center', 'library', 'park', 'clinic', 'place_of_worship', 'online', 'phone', 'other')),
    address TEXT,
    city TEXT,
    county TEXT,
    state TEXT,
    zip TEXT,
    latitude REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
    longitude REAL CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
    wheelchair_accessible INTEGER NOT NULL DEFAULT 0 CHECK (wheelchair_accessible IN (0, 1)),
    asl_available INTEGER NOT NULL DEFAULT 0 CHECK (asl_available IN (0, 1)),
    parking INTEGER NOT NULL DEFAULT 0 CHECK (parking IN (0, 1)),
    near_transit INTEGER NOT NULL DEFAULT 0 CHECK (near_transit IN (0, 1)),
    accessibility_notes TEXT NOT NULL DEFAULT '',
    directions TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX locations_organization ON locations(organization_id);
CREATE INDEX locations_city ON locations(city COLLATE NOCASE);
CREATE INDEX locations_state ON locations(state COLLATE NOCASE);
CREATE INDEX locations_zip ON locations(zip);
CREATE INDEX locations_position ON locations(latitude, longitude);
CREATE INDEX locations_wheelchair ON locations(wheelchair_accessible) WHERE wheelchair_accessible = 1;

CREATE TABLE topics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
) STRICT;

-- Labels an organization defines for its own groups (open/closed, speaker, step study...).
-- `code` optionally names the Meeting Guide type code the tag stands for.
CREATE TABLE tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    code TEXT,
    UNIQUE (organization_id, slug)
) STRICT;

CREATE TABLE groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    location_id INTEGER REFERENCES locations(id) ON DELETE SET NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL CHECK (format IN ('in_person', 'online', 'phone', 'hybrid')),
    is_free INTEGER NOT NULL DEFAULT 1 CHECK (is_free IN (0, 1)),
    cost TEXT NOT NULL DEFAULT '',
    join_mode TEXT NOT NULL DEFAULT 'drop_in' CHECK (join_mode IN ('drop_in', 'registration')),
    registration_url TEXT,
    online_url TEXT,
    dial_in TEXT,
    -- When set, the online link and dial-in are shown to registered members only, never in public responses.
    online_details_private INTEGER NOT NULL DEFAULT 0 CHECK (online_details_private IN (0, 1)),
    contact_email TEXT,
    contact_phone TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'archived')),
    time_zone TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX groups_organization ON groups(organization_id);
CREATE INDEX groups_location ON groups(location_id);
CREATE INDEX groups_status_name ON groups(status, name COLLATE NOCASE, id);
CREATE INDEX groups_format ON groups(format, status);
CREATE INDEX groups_free ON groups(is_free, status);
CREATE INDEX groups_updated ON groups(updated_at);

CREATE TABLE group_topics (
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE RESTRICT,
    PRIMARY KEY (topic_id, group_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_topics_group ON group_topics(group_id);

CREATE TABLE group_tags (
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (tag_id, group_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_tags_group ON group_tags(group_id);

CREATE TABLE group_audiences (
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    audience TEXT NOT NULL CHECK (audience IN ('everyone', 'adults', 'young_adults', 'youth', 'seniors', 'families', 'parents', 'men', 'women', 'lgbtq', 'veterans')),
    PRIMARY KEY (audience, group_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_audiences_group ON group_audiences(group_id);

-- Languages as lowercase BCP 47 tags ('en', 'es', 'zh-hant', 'ase' for ASL).
CREATE TABLE group_languages (
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    PRIMARY KEY (language, group_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_languages_group ON group_languages(group_id);

CREATE TABLE schedules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    -- weekly: on `weekdays`; biweekly: on `weekdays` every other week from `starts_on`;
    -- monthly: on the `week_of_month`th (1-5, or -1 for last) `weekdays` of each month; once: on `starts_on`.
    frequency TEXT NOT NULL CHECK (frequency IN ('weekly', 'biweekly', 'monthly', 'once')),
    weekdays TEXT NOT NULL DEFAULT '',
    week_of_month INTEGER CHECK (week_of_month IS NULL OR week_of_month IN (-1, 1, 2, 3, 4, 5)),
    start_time TEXT NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
    time_zone TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    location_id INTEGER REFERENCES locations(id) ON DELETE SET NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX schedules_group ON schedules(group_id);

-- One occurrence of a schedule cancelled or moved, by the local date it would have had.
CREATE TABLE schedule_exceptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
    occurrence_date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('cancelled', 'moved')),
    moved_to_date TEXT,
    moved_to_time TEXT,
    moved_location_id INTEGER REFERENCES locations(id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (schedule_id, occurrence_date)
) STRICT;

-- When each group meets, by weekday (0 = Sunday) and part of day, kept in step with its schedules
-- so that the `day` and `time` filters are index lookups.
CREATE TABLE group_slots (
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    part_of_day TEXT NOT NULL CHECK (part_of_day IN ('morning', 'afternoon', 'evening')),
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    PRIMARY KEY (weekday, part_of_day, group_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_slots_group ON group_slots(group_id);

CREATE TABLE facilitators (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    display_name TEXT NOT NULL,
    bio TEXT NOT NULL DEFAULT '',
    lived_experience TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(lived_experience)),
    languages TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(languages)),
    -- Never in a public response.
    private_email TEXT,
    private_phone TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX facilitators_organization ON facilitators(organization_id);

CREATE TABLE trainings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facilitator_id INTEGER NOT NULL REFERENCES facilitators(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    issuer TEXT NOT NULL DEFAULT '',
    completed_on TEXT,
    expires_on TEXT
) STRICT;
CREATE INDEX trainings_facilitator ON trainings(facilitator_id);

CREATE TABLE group_facilitators (
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    facilitator_id INTEGER NOT NULL REFERENCES facilitators(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, facilitator_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_facilitators_facilitator ON group_facilitators(facilitator_id);

-- Full-text search over what a person would type: the group's words, its topics, organization and town.
CREATE VIRTUAL TABLE group_search USING fts5(
    name, summary, description, topics, organization, place,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
-- Ranking weights per column: a word in the name counts most, then topics, summary, place, organization, description.
INSERT INTO group_search (group_search, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 6.0, 3.0, 3.0)');

-- API keys, stored only as SHA-256 hashes. `role` is admin, coordinator or partner.
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER REFERENCES organizations(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'partner')),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT,
    CHECK (role = 'admin' OR organization_id IS NOT NULL)
) STRICT;

-- Responses to POSTs that carried an Idempotency-Key, replayed on a retry.
CREATE TABLE idempotency_keys (
    principal TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    location TEXT,
    body BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (principal, key)
) STRICT;
CREATE INDEX idempotency_created ON idempotency_keys(created_at);

INSERT INTO topics (slug, name, description) VALUES
    ('mental-health', 'Mental health', 'Depression, anxiety, bipolar disorder and living well with a mental health condition.'),
    ('depression', 'Depression', 'Living with depression, and supporting each other through it.'),
    ('anxiety', 'Anxiety', 'Anxiety, panic and worry.'),
    ('addiction-recovery', 'Addiction recovery', 'Recovery from alcohol, drugs and other addictions.'),
    ('alcohol', 'Alcohol', 'Recovery from alcohol use.'),
    ('substance-use', 'Substance use', 'Recovery from drug use, including opioids.'),
    ('families-of-people-in-recovery', 'Families of people in recovery', 'For family and friends of someone with an addiction.'),
    ('parenting', 'Parenting', 'Parents supporting parents, from new babies to teenagers.'),
    ('caregivers', 'Caregivers', 'For people caring for a relative or friend.'),
    ('grief', 'Grief and loss', 'After the death of someone close.'),
    ('chronic-illness', 'Chronic illness', 'Living with a long-term illness or pain.'),
    ('trauma', 'Trauma', 'Healing after trauma, abuse or violence.'),
    ('youth', 'Youth', 'Groups for teenagers and young adults.'),
    ('seniors', 'Older adults', 'Companionship and support for older adults.'),
    ('isolation', 'Loneliness and isolation', 'Meeting others when life feels lonely.'),
    ('immigrants', 'Immigrants and newcomers', 'Support after moving to a new country.'),
    ('veterans', 'Veterans', 'Veterans and military families.'),
    ('mens-groups', 'Men''s groups', 'Men supporting men.'),
    ('womens-groups', 'Women''s groups', 'Women supporting women.'),
    ('lgbtq', 'LGBTQ+', 'For lesbian, gay, bisexual, transgender and queer people.'),
    ('suicide-loss', 'Suicide loss', 'For people who lost someone to suicide.'),
    ('eating-disorders', 'Eating disorders', 'Recovery from eating disorders.'),
    ('postpartum', 'Pregnancy and postpartum', 'Support during pregnancy and after birth.'),
    ('dementia', 'Dementia', 'For people living with dementia and those who care for them.'),
    ('cancer', 'Cancer', 'Living with cancer, and after treatment.'),
    ('domestic-violence', 'Domestic violence', 'Support for survivors of domestic violence.');
CREATE INDEX group_slots_part ON group_slots(part_of_day, group_id);
