-- Whether some listing has a word that begins with a search word, answered from the first occurrence
-- (found while measuring issue 19).
--
-- Spelling correction asks this of every search word of five letters or more. group_search_words (0009)
-- counts the listings of the first word it finds, reading that word's whole list: 160 µs for "grief",
-- which 5,044 listings have, on every `q=grief`. This view lists each occurrence, so the first one
-- answers (about 40 µs). Like 0009's, it stores nothing.
CREATE VIRTUAL TABLE group_search_instances USING fts5vocab(group_search, 'instance');
