-- Group search on a large directory (issue 3, "Scale").
--
-- 1. A covering index for searches that start from a place (city, state, ZIP, near): for each
--    location the planner reads its groups' status, sort name and id from the index alone,
--    without visiting the (wide) group rows. It replaces groups_location, which is its prefix
--    and so still serves the foreign key from locations.
DROP INDEX groups_location;
CREATE INDEX groups_location_status_name ON groups(location_id, status, name COLLATE NOCASE, id);

-- 2. A counter that every change to what a group search shows moves forward, kept by triggers so
--    that writes from any connection or process (the server, `circles` commands) count. Cached
--    search answers are tagged with the value they were computed at and are used only while it
--    is unchanged.
CREATE TABLE directory_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
) STRICT;
INSERT INTO directory_generation (id, value) VALUES (1, 1);

CREATE TRIGGER organizations_generation_insert AFTER INSERT ON organizations BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER organizations_generation_update AFTER UPDATE ON organizations BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER organizations_generation_delete AFTER DELETE ON organizations BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER locations_generation_insert AFTER INSERT ON locations BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER locations_generation_update AFTER UPDATE ON locations BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER locations_generation_delete AFTER DELETE ON locations BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER topics_generation_insert AFTER INSERT ON topics BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER topics_generation_update AFTER UPDATE ON topics BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER topics_generation_delete AFTER DELETE ON topics BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER tags_generation_insert AFTER INSERT ON tags BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER tags_generation_update AFTER UPDATE ON tags BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER tags_generation_delete AFTER DELETE ON tags BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER groups_generation_insert AFTER INSERT ON groups BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER groups_generation_update AFTER UPDATE ON groups BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER groups_generation_delete AFTER DELETE ON groups BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER group_topics_generation_insert AFTER INSERT ON group_topics BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER group_topics_generation_delete AFTER DELETE ON group_topics BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER group_tags_generation_insert AFTER INSERT ON group_tags BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER group_tags_generation_delete AFTER DELETE ON group_tags BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER group_audiences_generation_insert AFTER INSERT ON group_audiences BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER group_audiences_generation_delete AFTER DELETE ON group_audiences BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER group_languages_generation_insert AFTER INSERT ON group_languages BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER group_languages_generation_delete AFTER DELETE ON group_languages BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER group_facilitators_generation_insert AFTER INSERT ON group_facilitators BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER group_facilitators_generation_delete AFTER DELETE ON group_facilitators BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER schedules_generation_insert AFTER INSERT ON schedules BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER schedules_generation_update AFTER UPDATE ON schedules BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER schedules_generation_delete AFTER DELETE ON schedules BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER schedule_exceptions_generation_insert AFTER INSERT ON schedule_exceptions BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER schedule_exceptions_generation_update AFTER UPDATE ON schedule_exceptions BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER schedule_exceptions_generation_delete AFTER DELETE ON schedule_exceptions BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER facilitators_generation_insert AFTER INSERT ON facilitators BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER facilitators_generation_update AFTER UPDATE ON facilitators BEGIN UPDATE directory_generation SET value = value + 1; END;
CREATE TRIGGER facilitators_generation_delete AFTER DELETE ON facilitators BEGIN UPDATE directory_generation SET value = value + 1; END;
