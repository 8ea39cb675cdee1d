-- Facts about this installation (schema-independent settings, the demo flag).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
