import Foundation
import GRDB

/// Applies `NNNN_name.sql` files in order, recording each in `schema_migrations`.
///
/// All pending files are applied in one transaction, so a failing file leaves the
/// database exactly as it was before start-up. A database that knows a version this
/// build has no file for was migrated by a newer release, and is refused.
public struct MigrationRunner: Sendable {
    public struct Migration: Sendable, Equatable {
        public var version: Int
        public var name: String
        public var file: String
        public var sql: String
        public var checksum: String
    }

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The migration files, sorted by version.
    public func migrations() throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw StoreError.badMigrationsDirectory(path: directory, reason: "the folder is missing or unreadable")
        }
        var result: [Migration] = []
        for file in names.sorted() where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]),
                stem[..<underscore].count == 4
            else {
                throw StoreError.badMigrationsDirectory(path: directory, reason: "\(file) is not named NNNN_name.sql")
            }
            guard let sql = FileManager.default.contents(atPath: directory + "/" + file).flatMap({ String(data: $0, encoding: .utf8) }) else {
                throw StoreError.badMigrationsDirectory(path: directory, reason: "\(file) is not readable UTF-8 text")
            }
            if result.last?.version == version {
                throw StoreError.badMigrationsDirectory(path: directory, reason: "two files have version \(version)")
            }
            result.append(
                Migration(
                    version: version, name: String(stem[stem.index(after: underscore)...]), file: file,
                    sql: sql, checksum: String(Self.checksum(sql), radix: 16)))
        }
        return result
    }

    /// Applies what is pending; returns the files applied.
    @discardableResult
    public func apply(to writer: some DatabaseWriter) throws -> [String] {
        let all = try migrations()
        return try writer.writeWithoutTransaction { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version INTEGER PRIMARY KEY,
                        name TEXT NOT NULL,
                        checksum TEXT NOT NULL,
                        applied_at TEXT NOT NULL
                    ) STRICT
                    """)
            var applied: [String] = []
            try db.inTransaction(.immediate) {
                let done = try Row.fetchAll(db, sql: "SELECT version, checksum FROM schema_migrations")
                var checksums: [Int: String] = [:]
                for row in done { checksums[row["version"]] = row["checksum"] }
                let knownFiles = Set(all.map(\.version))
                if let unknown = checksums.keys.sorted().first(where: { !knownFiles.contains($0) }) {
                    throw StoreError.newerDatabase(version: unknown)
                }
                for migration in all {
                    if let known = checksums[migration.version] {
                        if known != migration.checksum { throw StoreError.migrationChanged(file: migration.file) }
                        continue
                    }
                    do {
                        try db.execute(sql: migration.sql)
                        try db.execute(
                            sql: "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                            arguments: [migration.version, migration.name, migration.checksum, Self.timestamp()])
                    } catch let error as DatabaseError {
                        throw StoreError.migrationFailed(file: migration.file, reason: error.message ?? "\(error.resultCode)")
                    }
                    applied.append(migration.file)
                }
                if !applied.isEmpty {
                    let violations = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
                    if !violations.isEmpty {
                        throw StoreError.migrationFailed(file: applied.last!, reason: "it leaves \(violations.count) foreign-key violations")
                    }
                }
                return .commit
            }
            return applied
        }
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }

    static func checksum(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for b in text.utf8 {
            hash ^= UInt64(b)
            hash = hash &* 0x100000001b3
        }
        return hash
    }
}
