import CSearchRank
import Foundation
import GRDB
import Synchronization

/// The SQLite database of Circles: one file, WAL mode, foreign keys on, migrated at open.
///
/// Durability: `synchronous = FULL` in WAL mode syncs the log on every commit, so a
/// write that was acknowledged survives `kill -9` and power loss. Readers never wait
/// for writers (WAL), and one writer at a time is serialized by the pool.
public final class AppDatabase: Sendable {
    public let path: String
    public let pool: MeteredPool
    /// Every topic with its count, as of a directory generation (`topics()`).
    let keptTopics = Mutex<(generation: Int64, topics: [TopicSummary])?>(nil)

    /// Opens (creating when missing) the database at `path` and applies pending migrations from `migrationsDirectory`.
    /// `onWait` hears how long each read or write waited for a connection (for metrics).
    public init(
        path: String, migrationsDirectory: String, readers: Int = 8,
        onWait: (@Sendable (MeteredPool.Access, Double) -> Void)? = nil
    ) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !directory.isEmpty && !(FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw StoreError.cannotOpen(path: path, reason: "the folder \(directory) does not exist")
        }
        try Self.createOwnerOnly(path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = readers
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Deleted rows are overwritten, not just unlinked: erased personal data and forgotten
            // answers must not linger in free pages of the file.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // Reads map the file instead of copying each page through a system call: a search touches
            // hundreds of index pages, which every reader connection would otherwise copy into its own
            // 2 MB cache again (at 100,000 groups that copying was a third of a name search).
            try db.execute(sql: "PRAGMA mmap_size = \(Self.mappedBytes)")
            let code = circles_register_search_rank(UnsafeMutableRawPointer(db.sqliteConnection))
            guard code == 0 else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot register the search ranking function") }
        }
        do {
            pool = MeteredPool(try DatabasePool(path: path, configuration: configuration), onWait: onWait)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
        do {
            let mode = try pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
            guard mode?.lowercased() == "wal" else {
                throw StoreError.cannotOpen(path: path, reason: "WAL journal mode is not available")
            }
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
        try MigrationRunner(directory: migrationsDirectory).apply(to: pool.raw)
    }

    /// Creates a missing database file readable and writable by its owner only (0600, whatever the
    /// umask): it holds sealed personal data and the audit log. SQLite gives the `-wal` and `-shm`
    /// files it creates the database file's permissions.
    static func createOwnerOnly(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return }
            throw StoreError.cannotOpen(path: path, reason: "cannot create the file (error \(errno))")
        }
        defer { Glibc.close(fd) }
        guard fchmod(fd, 0o600) == 0 else { throw StoreError.cannotOpen(path: path, reason: "cannot make the file private") }
    }

    /// How much of the database file reads may map (SQLite caps it at its own build limit).
    static let mappedBytes = 1 << 30

    /// Whether the database answers a trivial query.
    public func isReady() -> Bool {
        (try? pool.read { try Int.fetchOne($0, sql: "SELECT 1") }) == 1
    }

    /// Flushes the WAL into the main file and closes every connection.
    public func close() throws {
        _ = try? pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try pool.close()
    }
}

/// Why the store could not do what was asked, in words for an operator.
public enum StoreError: Error, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case migrationFailed(file: String, reason: String)
    case migrationChanged(file: String)
    case badMigrationsDirectory(path: String, reason: String)
    case newerDatabase(version: Int)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the database at \(path): \(reason)"
        case .migrationFailed(let file, let reason):
            "migration \(file) failed, nothing was applied: \(reason)"
        case .migrationChanged(let file):
            "migration \(file) was edited after it was applied; add a new migration instead"
        case .badMigrationsDirectory(let path, let reason):
            "cannot read migrations from \(path): \(reason)"
        case .newerDatabase(let version):
            "the database has migration \(version), which this build does not know: it was used by a newer release of Circles"
        }
    }
}
