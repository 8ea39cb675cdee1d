import GRDB

/// Installation-wide key/value facts (such as when demo data was loaded).
extension AppDatabase {
    public func setting(_ key: String) throws -> String? {
        try pool.read { try String.fetchOne($0, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key]) }
    }

    /// Stores a setting unless it is already set; returns whether it was stored.
    @discardableResult
    public func setSettingIfAbsent(_ key: String, _ value: String) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING", arguments: [key, value])
            return db.changesCount == 1
        }
    }
}
