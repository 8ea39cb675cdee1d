import Foundation
import GRDB

/// Consistent copies of a live database, and putting one back.
public enum Backup {
    /// Copies the database at `source` into `destination` with SQLite's online backup, page by page,
    /// while the server keeps serving and writing: the copy is the database as of one moment.
    /// The copy is written next to `destination` and renamed into place, so a failed backup leaves nothing half-written.
    public static func make(from source: AppDatabase, to destination: String) throws {
        let temporary = destination + ".partial-\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            let target = try DatabaseQueue(path: temporary)
            try source.pool.backup(to: target)
            try target.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
                guard try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok" else {
                    throw StoreError.cannotOpen(path: destination, reason: "the copy failed its integrity check")
                }
            }
            try target.close()
            guard rename(temporary, destination) == 0 else {
                throw StoreError.cannotOpen(path: destination, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Replaces the database at `path` with the backup at `backup`. Refuses to overwrite a database that
    /// is in use (its WAL is present) unless `force`; checks the backup's integrity first.
    public static func restore(_ backup: String, to path: String, force: Bool) throws {
        let check = try DatabaseQueue(
            path: backup,
            configuration: {
                var c = Configuration(); c.readonly = true; return c
            }())
        let integrity = try check.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        try check.close()
        guard integrity == "ok" else { throw StoreError.cannotOpen(path: backup, reason: "the backup failed its integrity check") }
        let live = FileManager.default.fileExists(atPath: path + "-wal") || FileManager.default.fileExists(atPath: path + "-shm")
        if FileManager.default.fileExists(atPath: path) && !force {
            throw StoreError.cannotOpen(
                path: path,
                reason: live
                    ? "it looks in use (its -wal file exists); stop the server, then restore with --force"
                    : "a database is already there; restore with --force to replace it")
        }
        let temporary = path + ".restoring-\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        try FileManager.default.copyItem(atPath: backup, toPath: temporary)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        guard rename(temporary, path) == 0 else {
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
