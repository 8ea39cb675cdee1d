-- Content in the person's language (issue #17, item 4). A group's own texts are written in one
-- language, `content_language` (a lowercase language tag: `en`, `es`, `es-mx`); the organization may
-- give them in other languages too, one row of `group_translations` per language. A NULL text is
-- "not translated": pages then show the original, marked with its own `lang`. That a translation is
-- never in the group's own language is checked by the API (a 422 naming the field), not here.
ALTER TABLE groups ADD COLUMN content_language TEXT NOT NULL DEFAULT 'en' CHECK (
    content_language GLOB '[a-z][a-z]' OR content_language GLOB '[a-z][a-z][a-z]'
    OR content_language GLOB '[a-z][a-z]-[a-z][a-z]' OR content_language GLOB '[a-z][a-z][a-z]-[a-z][a-z]'
    OR content_language GLOB '[a-z][a-z]-[0-9][0-9][0-9]' OR content_language GLOB '[a-z][a-z][a-z]-[0-9][0-9][0-9]'
);

CREATE TABLE group_translations (
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    language TEXT NOT NULL CHECK (
        language GLOB '[a-z][a-z]' OR language GLOB '[a-z][a-z][a-z]'
        OR language GLOB '[a-z][a-z]-[a-z][a-z]' OR language GLOB '[a-z][a-z][a-z]-[a-z][a-z]'
        OR language GLOB '[a-z][a-z]-[0-9][0-9][0-9]' OR language GLOB '[a-z][a-z][a-z]-[0-9][0-9][0-9]'
    ),
    name TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 150),
    summary TEXT CHECK (summary IS NULL OR length(summary) BETWEEN 1 AND 300),
    description TEXT CHECK (description IS NULL OR length(description) BETWEEN 1 AND 5000),
    first_meeting_note TEXT CHECK (first_meeting_note IS NULL OR length(first_meeting_note) BETWEEN 1 AND 1000),
    PRIMARY KEY (group_id, language)
) STRICT, WITHOUT ROWID;

-- A cached search answer holds the texts: a change of a translation is a change of the directory.
CREATE TRIGGER group_translations_generation_insert AFTER INSERT ON group_translations BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER group_translations_generation_update AFTER UPDATE ON group_translations BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER group_translations_generation_delete AFTER DELETE ON group_translations BEGIN UPDATE directory_generation SET value = value + 1; END;

-- Until now a page guessed the language of the texts: a group meeting in one language only, other
-- than English (or ASL, which has no written form), was taken to write in it. That guess becomes the record.
UPDATE groups SET content_language = (SELECT gl.language FROM group_languages gl WHERE gl.group_id = groups.id)
WHERE (SELECT count(*) FROM group_languages gl WHERE gl.group_id = groups.id) = 1
  AND EXISTS (
      SELECT 1 FROM group_languages gl WHERE gl.group_id = groups.id AND gl.language NOT IN ('en', 'ase')
      AND (gl.language GLOB '[a-z][a-z]' OR gl.language GLOB '[a-z][a-z][a-z]'
           OR gl.language GLOB '[a-z][a-z]-[a-z][a-z]' OR gl.language GLOB '[a-z][a-z][a-z]-[a-z][a-z]'
           OR gl.language GLOB '[a-z][a-z]-[0-9][0-9][0-9]' OR gl.language GLOB '[a-z][a-z][a-z]-[0-9][0-9][0-9]'));
