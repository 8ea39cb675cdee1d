import GRDB

/// Organizations, locations, groups and schedules to create together, linked by keys of the
/// source (an HSDS id, a CSV slug) rather than by database ids, which do not exist yet.
public struct ImportBatch: Sendable {
    public struct Organization: Sendable {
        public var key: String
        /// Matched by slug: an organization that already exists is reused, not changed.
        public var record: OrganizationRecord
        public init(key: String, record: OrganizationRecord) { self.key = key; self.record = record }
    }

    public struct Location: Sendable {
        public var key: String
        public var organizationKey: String
        /// Reused when the organization already has a place with the same name and address.
        public var record: LocationRecord
        public init(key: String, organizationKey: String, record: LocationRecord) {
            self.key = key; self.organizationKey = organizationKey; self.record = record
        }
    }

    public struct Group: Sendable {
        public var key: String
        public var organizationKey: String
        public var locationKey: String?
        public var record: GroupRecord
        public var links: GroupLinks
        /// Where the group came from, for messages (a CSV line number).
        public var line: Int?
        public init(key: String, organizationKey: String, locationKey: String?, record: GroupRecord, links: GroupLinks, line: Int? = nil) {
            self.key = key; self.organizationKey = organizationKey; self.locationKey = locationKey
            self.record = record; self.links = links; self.line = line
        }
    }

    public struct Schedule: Sendable {
        public var groupKey: String
        public var locationKey: String?
        public var record: ScheduleRecord
        public var line: Int?
        public init(groupKey: String, locationKey: String?, record: ScheduleRecord, line: Int? = nil) {
            self.groupKey = groupKey; self.locationKey = locationKey; self.record = record; self.line = line
        }
    }

    public var organizations: [Organization] = []
    public var locations: [Location] = []
    public var groups: [Group] = []
    public var schedules: [Schedule] = []
    public init() {}
}

/// One thing the database refused, with the source line when there is one.
public struct ImportProblem: Sendable, Equatable {
    public var line: Int?
    public var field: String
    public var message: String
    public init(line: Int?, field: String, message: String) { self.line = line; self.field = field; self.message = message }
}

/// What an import created (or, in a dry run, would create), and what was refused.
public struct ImportOutcome: Sendable {
    public var organizationsCreated = 0
    public var organizationsReused = 0
    public var locationsCreated = 0
    public var locationsReused = 0
    public var groupsCreated = 0
    public var schedulesCreated = 0
    public var problems: [ImportProblem] = []
    /// Whether the rows were written: only when asked to and nothing was refused.
    public var committed = false
    public init() {}
}

extension AppDatabase {
    /// Writes the whole batch in one transaction, or nothing: a dry run (or any refused row) rolls
    /// back, so that a dry run checks against the database exactly what applying would.
    /// `progress` is called with (done, total) groups.
    public func importDirectory(_ batch: ImportBatch, apply: Bool, progress: (Int, Int) -> Void = { _, _ in }) throws -> ImportOutcome {
        var outcome = ImportOutcome()
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                outcome = try DirectoryImport.run(batch, progress: progress, in: db)
                outcome.committed = apply && outcome.problems.isEmpty
                return outcome.committed ? .commit : .rollback
            }
        }
        return outcome
    }
}

enum DirectoryImport {
    static func run(_ batch: ImportBatch, progress: (Int, Int) -> Void, in db: Database) throws -> ImportOutcome {
        var outcome = ImportOutcome()
        var organizations: [String: Int64] = [:]
        for item in batch.organizations where organizations[item.key] == nil {
            if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM organizations WHERE slug = ?", arguments: [item.record.slug]) {
                organizations[item.key] = existing
                outcome.organizationsReused += 1
            } else {
                do {
                    organizations[item.key] = try VersionedWrites.insert(item.record, in: db, uniqueFields: ["organizations.slug": "slug"]).id
                    outcome.organizationsCreated += 1
                } catch let failure as StoreFailure {
                    outcome.problems.append(ImportProblem(line: nil, field: "organization", message: "\(item.record.name): \(Self.message(failure, nil))"))
                }
            }
        }
        var locations: [String: Int64] = [:]
        for item in batch.locations where locations[item.key] == nil {
            guard let organizationId = organizations[item.organizationKey] else {
                outcome.problems.append(ImportProblem(line: nil, field: "organization", message: "location \(item.key) names an unknown organization"))
                continue
            }
            var record = item.record
            record.organizationId = organizationId
            if let existing = try Int64.fetchOne(db, sql: """
                SELECT id FROM locations WHERE organization_id = ? AND name = ? AND coalesce(address, '') = ? AND coalesce(city, '') = ? ORDER BY id LIMIT 1
                """, arguments: [organizationId, record.name, record.address ?? "", record.city ?? ""]) {
                locations[item.key] = existing
                outcome.locationsReused += 1
            } else {
                locations[item.key] = try VersionedWrites.insert(record, in: db).id
                outcome.locationsCreated += 1
            }
        }
        var groups: [String: Int64] = [:]
        for (index, item) in batch.groups.enumerated() {
            progress(index, batch.groups.count)
            guard let organizationId = organizations[item.organizationKey] else {
                outcome.problems.append(ImportProblem(line: item.line, field: "organization", message: "names an unknown organization"))
                continue
            }
            var record = item.record
            record.organizationId = organizationId
            record.locationId = item.locationKey.flatMap { locations[$0] }
            do {
                groups[item.key] = try GroupWrites.save(record, links: item.links, expectedVersion: nil, in: db).id
                outcome.groupsCreated += 1
            } catch let failure as StoreFailure {
                outcome.problems.append(ImportProblem(line: item.line, field: Self.field(failure), message: Self.message(failure, record)))
            }
        }
        progress(batch.groups.count, batch.groups.count)
        for item in batch.schedules {
            guard let groupId = groups[item.groupKey] else { continue }
            var record = item.record
            record.groupId = groupId
            record.locationId = item.locationKey.flatMap { locations[$0] }
            do {
                _ = try ScheduleWrites.insert(record, in: db)
                outcome.schedulesCreated += 1
            } catch let failure as StoreFailure {
                outcome.problems.append(ImportProblem(line: item.line, field: Self.field(failure), message: Self.message(failure, nil)))
            }
        }
        return outcome
    }

    static func field(_ failure: StoreFailure) -> String {
        switch failure {
        case .conflict(let field), .invalidReference(let field): return field
        default: return "row"
        }
    }

    static func message(_ failure: StoreFailure, _ group: GroupRecord?) -> String {
        switch failure {
        case .conflict: return group.map { "\"\($0.slug)\" is already taken by another group" } ?? "the slug is already taken"
        case .invalidReference(let field): return "\(field) refers to something that does not exist or belongs to another organization"
        default: return "was refused by the database"
        }
    }
}
