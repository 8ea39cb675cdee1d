-- "Near me" that works (issue 14).
--
-- 1. A location placed at the centroid of its ZIP code (or town) from the shipped place table, because
--    nobody gave its own coordinates, says so: the API and its page show "near 80202" until someone sets
--    exact ones (which clears it).
ALTER TABLE locations ADD COLUMN coordinates_approximate INTEGER NOT NULL DEFAULT 0 CHECK (coordinates_approximate IN (0, 1));

-- 2. The words of the directory's own listings, one row per word with how many listings have it: a search
--    word that matches none of them is taken as a typing slip for the closest one that exists (greif → grief).
--    An fts5vocab table stores nothing: it reads group_search's index.
CREATE VIRTUAL TABLE group_search_words USING fts5vocab(group_search, 'row');
