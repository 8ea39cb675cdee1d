-- A coordinator's note on a referral is internal: only the organization that runs the group reads it.
-- A note meant for the partner who sent the referral (a clinic, a community organization) is kept apart,
-- sealed like the internal one, so that the partner's read can never include an internal note.
ALTER TABLE referral_events ADD COLUMN shared_note BLOB;

-- The country a place is in (ISO 3166-1 alpha-2): schema.org's addressCountry and HSDS's address
-- country come from it. Every place so far is in the United States.
ALTER TABLE locations ADD COLUMN country TEXT NOT NULL DEFAULT 'US' CHECK (length(country) = 2 AND country = upper(country));
