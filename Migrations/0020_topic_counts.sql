-- How many active groups each topic has, kept as groups change (issue 19, found while measuring).
--
-- The search page, every group page, the topic pages and /api/v1/topics counted every active group's
-- topics on each request: a pass over all links and a look at each group's row, 200 ms of CPU at
-- 100,000 groups, for every person who opened a page. The count is now kept by triggers.
--
-- 1. group_topic_places (0019) holds every group's topics: a group without a place under location 0,
--    which no location has (ids start at 1), so that place searches still never list it.
INSERT INTO group_topic_places
    SELECT x.topic_id, 0, g.status, g.name, g.id, g.last_confirmed_at
    FROM group_topics x JOIN groups g ON g.id = x.group_id
    WHERE g.location_id IS NULL;

DROP TRIGGER group_topic_places_topic_added;
CREATE TRIGGER group_topic_places_topic_added AFTER INSERT ON group_topics BEGIN
    INSERT INTO group_topic_places
        SELECT new.topic_id, coalesce(g.location_id, 0), g.status, g.name, g.id, g.last_confirmed_at
        FROM groups g WHERE g.id = new.group_id;
END;

DROP TRIGGER group_topic_places_group_changed;
CREATE TRIGGER group_topic_places_group_changed AFTER UPDATE OF location_id, status, name, last_confirmed_at ON groups BEGIN
    DELETE FROM group_topic_places WHERE group_id = new.id;
    INSERT INTO group_topic_places
        SELECT x.topic_id, coalesce(new.location_id, 0), new.status, new.name, new.id, new.last_confirmed_at
        FROM group_topics x WHERE x.group_id = new.id;
END;

-- 2. The counts follow group_topic_places' rows, which carry the group's status themselves, so no
--    trigger needs the group's row (gone already when a deleted group's links are removed).
CREATE TABLE topic_counts (
    topic_id INTEGER PRIMARY KEY,
    active_groups INTEGER NOT NULL
) STRICT;

INSERT INTO topic_counts SELECT topic_id, count(*) FROM group_topic_places WHERE status = 'active' GROUP BY topic_id;

CREATE TRIGGER topic_counts_added AFTER INSERT ON group_topic_places WHEN new.status = 'active' BEGIN
    INSERT INTO topic_counts (topic_id, active_groups) VALUES (new.topic_id, 1)
        ON CONFLICT (topic_id) DO UPDATE SET active_groups = active_groups + 1;
END;

CREATE TRIGGER topic_counts_removed AFTER DELETE ON group_topic_places WHEN old.status = 'active' BEGIN
    UPDATE topic_counts SET active_groups = active_groups - 1 WHERE topic_id = old.topic_id;
END;

CREATE TRIGGER topic_counts_topic_removed AFTER DELETE ON topics BEGIN
    DELETE FROM topic_counts WHERE topic_id = old.id;
END;
