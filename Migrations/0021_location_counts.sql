-- How many active groups meet at each place, kept as groups change (found while measuring issue 19).
--
-- /cities and every city page counted the active groups of every place from all 100,000 groups on
-- each request (0.4 s of CPU in the sqlite3 shell; pages that took seconds under load). The count is
-- now kept by triggers on the groups themselves, whose rows say their place and status.
CREATE TABLE location_counts (
    location_id INTEGER PRIMARY KEY,
    active_groups INTEGER NOT NULL
) STRICT;

INSERT INTO location_counts
    SELECT location_id, count(*) FROM groups WHERE status = 'active' AND location_id IS NOT NULL GROUP BY location_id;

CREATE TRIGGER location_counts_group_added AFTER INSERT ON groups
WHEN new.status = 'active' AND new.location_id IS NOT NULL BEGIN
    INSERT INTO location_counts (location_id, active_groups) VALUES (new.location_id, 1)
        ON CONFLICT (location_id) DO UPDATE SET active_groups = active_groups + 1;
END;

CREATE TRIGGER location_counts_group_removed AFTER DELETE ON groups
WHEN old.status = 'active' AND old.location_id IS NOT NULL BEGIN
    UPDATE location_counts SET active_groups = active_groups - 1 WHERE location_id = old.location_id;
END;

CREATE TRIGGER location_counts_group_left AFTER UPDATE OF status, location_id ON groups
WHEN old.status = 'active' AND old.location_id IS NOT NULL BEGIN
    UPDATE location_counts SET active_groups = active_groups - 1 WHERE location_id = old.location_id;
END;

CREATE TRIGGER location_counts_group_joined AFTER UPDATE OF status, location_id ON groups
WHEN new.status = 'active' AND new.location_id IS NOT NULL BEGIN
    INSERT INTO location_counts (location_id, active_groups) VALUES (new.location_id, 1)
        ON CONFLICT (location_id) DO UPDATE SET active_groups = active_groups + 1;
END;

CREATE TRIGGER location_counts_location_removed AFTER DELETE ON locations BEGIN
    DELETE FROM location_counts WHERE location_id = old.id;
END;
