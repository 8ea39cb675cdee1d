import GRDB

/// Organizations (with their tags), locations, facilitators, groups, schedules and their exceptions to
/// create together, linked by keys of the source (an HSDS id, a CSV slug) rather than by database ids,
/// which do not exist yet. A group whose record has an id updates that group (a CSV import with `--update`).
public struct ImportBatch: Sendable {
    public struct Organization: Sendable {
        public var key: String
        /// Matched by slug: an organization that already exists is reused, not changed.
        public var record: OrganizationRecord
        public init(key: String, record: OrganizationRecord) { self.key = key; self.record = record }
    }

    public struct Tag: Sendable {
        public var organizationKey: String
        /// Reused when the organization already has a tag with this slug.
        public var record: TagRecord
        public init(organizationKey: String, record: TagRecord) { self.organizationKey = organizationKey; self.record = record }
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

    public struct Facilitator: Sendable {
        public var key: String
        public var organizationKey: String
        /// Always created: facilitators have nothing to match an existing one by.
        public var record: FacilitatorRecord
        public var trainings: [TrainingRecord]
        public init(key: String, organizationKey: String, record: FacilitatorRecord, trainings: [TrainingRecord]) {
            self.key = key; self.organizationKey = organizationKey; self.record = record; self.trainings = trainings
        }
    }

    public struct Group: Sendable {
        public var key: String
        public var organizationKey: String
        public var locationKey: String?
        public var record: GroupRecord
        /// Links by slug; facilitators are given by `facilitatorKeys` instead of `links.facilitatorIds`.
        public var links: GroupLinks
        public var facilitatorKeys: [String]
        /// For a group that exists (its record has an id): whether the source gives all of its schedules,
        /// so that those it no longer lists are removed. When false its schedules are left as they are.
        public var schedulesGiven = true
        /// Where the group came from, for messages (a CSV line number).
        public var line: Int?
        public init(
            key: String, organizationKey: String, locationKey: String?, record: GroupRecord, links: GroupLinks,
            facilitatorKeys: [String] = [], line: Int? = nil
        ) {
            self.key = key; self.organizationKey = organizationKey; self.locationKey = locationKey
            self.record = record; self.links = links; self.facilitatorKeys = facilitatorKeys; self.line = line
        }
    }

    public struct Schedule: Sendable {
        /// The source's key, for exceptions that name the schedule (nil when nothing does).
        public var key: String?
        public var groupKey: String
        public var locationKey: String?
        public var record: ScheduleRecord
        public var line: Int?
        public init(key: String? = nil, groupKey: String, locationKey: String?, record: ScheduleRecord, line: Int? = nil) {
            self.key = key; self.groupKey = groupKey; self.locationKey = locationKey; self.record = record; self.line = line
        }
    }

    /// A cancelled or moved meeting of a schedule of the batch.
    public struct ScheduleException: Sendable {
        public var scheduleKey: String
        public var movedLocationKey: String?
        public var record: ScheduleExceptionRecord
        public init(scheduleKey: String, movedLocationKey: String?, record: ScheduleExceptionRecord) {
            self.scheduleKey = scheduleKey; self.movedLocationKey = movedLocationKey; self.record = record
        }
    }

    public var organizations: [Organization] = []
    public var tags: [Tag] = []
    public var locations: [Location] = []
    public var facilitators: [Facilitator] = []
    public var groups: [Group] = []
    public var schedules: [Schedule] = []
    public var exceptions: [ScheduleException] = []
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
    public var tagsCreated = 0
    public var facilitatorsCreated = 0
    public var groupsCreated = 0
    /// Existing groups the import changed, and of their schedules those kept and those no longer listed.
    public var groupsUpdated = 0
    public var schedulesKept = 0
    public var schedulesRemoved = 0
    public var schedulesCreated = 0
    public var exceptionsCreated = 0
    public var problems: [ImportProblem] = []
    /// Whether the rows were written: only when asked to and nothing was refused.
    public var committed = false
    /// An import recorded under a setting ran before: nothing was checked or written.
    public var importedBefore = false
    public init() {}
}

extension AppDatabase {
    /// Writes the whole batch in one transaction, or nothing: a dry run (or any refused row) rolls
    /// back, so that a dry run checks against the database exactly what applying would.
    /// With `onceAs`, an import that commits also sets that setting (to the time), in the same
    /// transaction, and an import finding it set does nothing: the import runs once per database.
    /// `progress` is called with (done, total) groups.
    public func importDirectory(
        _ batch: ImportBatch, apply: Bool, onceAs setting: String? = nil,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> ImportOutcome {
        var outcome = ImportOutcome()
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                if let setting, try Bool.fetchOne(db, sql: "SELECT 1 FROM settings WHERE key = ?", arguments: [setting]) == true {
                    outcome.importedBefore = true
                    return .rollback
                }
                outcome = try DirectoryImport.run(batch, progress: progress, in: db)
                outcome.committed = apply && outcome.problems.isEmpty
                if outcome.committed, let setting {
                    try db.execute(sql: "INSERT INTO settings (key, value) VALUES (?, ?)", arguments: [setting, Timestamp.now()])
                }
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
        for item in batch.tags {
            guard let organizationId = organizations[item.organizationKey] else {
                outcome.problems.append(ImportProblem(line: nil, field: "organization", message: "tag \(item.record.slug) names an unknown organization"))
                continue
            }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM tags WHERE organization_id = ? AND slug = ?", arguments: [organizationId, item.record.slug]) == true {
                continue
            }
            var record = item.record
            record.organizationId = organizationId
            try record.insert(db)
            outcome.tagsCreated += 1
        }
        var locations: [String: Int64] = [:]
        for item in batch.locations where locations[item.key] == nil {
            guard let organizationId = organizations[item.organizationKey] else {
                outcome.problems.append(ImportProblem(line: nil, field: "organization", message: "location \(item.key) names an unknown organization"))
                continue
            }
            var record = item.record
            record.organizationId = organizationId
            if let existing = try Int64.fetchOne(
                db,
                sql: """
                    SELECT id FROM locations WHERE organization_id = ? AND name = ? AND coalesce(address, '') = ? AND coalesce(city, '') = ? ORDER BY id LIMIT 1
                    """, arguments: [organizationId, record.name, record.address ?? "", record.city ?? ""])
            {
                locations[item.key] = existing
                outcome.locationsReused += 1
            } else {
                locations[item.key] = try VersionedWrites.insert(record, in: db).id
                outcome.locationsCreated += 1
            }
        }
        var facilitators: [String: Int64] = [:]
        for item in batch.facilitators where facilitators[item.key] == nil {
            guard let organizationId = organizations[item.organizationKey] else {
                outcome.problems.append(ImportProblem(line: nil, field: "organization", message: "facilitator \(item.key) names an unknown organization"))
                continue
            }
            var record = item.record
            record.organizationId = organizationId
            let id = try VersionedWrites.insert(record, in: db).id!
            try FacilitatorWrites.replaceTrainings(facilitatorId: id, with: item.trainings, in: db)
            facilitators[item.key] = id
            outcome.facilitatorsCreated += 1
        }
        var groups: [String: Int64] = [:]
        /// The schedules of updated groups that no schedule of the source has matched yet.
        var replacing: [Int64: [ScheduleRecord]] = [:]
        for (index, item) in batch.groups.enumerated() {
            progress(index, batch.groups.count)
            guard let organizationId = organizations[item.organizationKey] else {
                outcome.problems.append(ImportProblem(line: item.line, field: "organization", message: "names an unknown organization"))
                continue
            }
            var record = item.record
            let updating = record.id != nil
            if updating && record.organizationId != organizationId {
                outcome.problems.append(ImportProblem(line: item.line, field: "slug", message: "\"\(record.slug)\" is a group of another organization"))
                continue
            }
            record.organizationId = organizationId
            // Without a place of its own in the source, an updated group keeps the one it has.
            if let key = item.locationKey { record.locationId = locations[key] }
            // Like the API: the seats are as of now when a group is created with them (or they change).
            if record.seatsUpdatedAt == nil && (record.capacity != nil || record.openSeats != nil) { record.seatsUpdatedAt = Timestamp.now() }
            var links = item.links
            links.facilitatorIds += item.facilitatorKeys.compactMap { facilitators[$0] }
            do {
                // An update is written only over the version that was read, so a change made meanwhile is not lost.
                let id = try GroupWrites.save(record, links: links, expectedVersion: updating ? record.version : nil, in: db).id!
                groups[item.key] = id
                if updating {
                    outcome.groupsUpdated += 1
                    if item.schedulesGiven { replacing[id] = try ScheduleWrites.schedules(groupId: id, in: db) }
                } else {
                    outcome.groupsCreated += 1
                }
            } catch let failure as StoreFailure {
                outcome.problems.append(ImportProblem(line: item.line, field: Self.field(failure), message: Self.message(failure, record)))
            }
        }
        progress(batch.groups.count, batch.groups.count)
        var schedules: [String: Int64] = [:]
        for item in batch.schedules {
            guard let groupId = groups[item.groupKey] else { continue }
            var record = item.record
            record.groupId = groupId
            record.locationId = item.locationKey.flatMap { locations[$0] }
            do {
                let id: Int64?
                // An updated group's schedule that meets as before stays (with its cancelled and moved meetings).
                if let index = replacing[groupId]?.firstIndex(where: { Self.meetsAlike($0, record) }) {
                    var kept = replacing[groupId]!.remove(at: index)
                    if kept.notes != record.notes {
                        kept.notes = record.notes
                        kept = try ScheduleWrites.update(kept, expectedVersion: kept.version, in: db)
                    }
                    id = kept.id
                    outcome.schedulesKept += 1
                } else {
                    id = try ScheduleWrites.insert(record, in: db).id
                    outcome.schedulesCreated += 1
                }
                if let key = item.key { schedules[key] = id }
            } catch let failure as StoreFailure {
                outcome.problems.append(ImportProblem(line: item.line, field: Self.field(failure), message: Self.message(failure, nil)))
            }
        }
        for schedule in replacing.values.joined() {
            try ScheduleWrites.delete(id: schedule.id!, expected: .any, in: db)
            outcome.schedulesRemoved += 1
        }
        for item in batch.exceptions {
            guard let scheduleId = schedules[item.scheduleKey] else { continue }
            var record = item.record
            record.scheduleId = scheduleId
            record.movedLocationId = item.movedLocationKey.flatMap { locations[$0] }
            do {
                _ = try ScheduleWrites.saveException(record, in: db)
                outcome.exceptionsCreated += 1
            } catch let failure as StoreFailure {
                outcome.problems.append(
                    ImportProblem(line: nil, field: Self.field(failure), message: "schedule \(item.scheduleKey): \(Self.message(failure, nil))"))
            }
        }
        return outcome
    }

    /// Whether two schedules give the same meetings (their notes aside).
    static func meetsAlike(_ a: ScheduleRecord, _ b: ScheduleRecord) -> Bool {
        (a.frequency, a.weekdays, a.weekOfMonth, a.startTime, a.durationMinutes) == (b.frequency, b.weekdays, b.weekOfMonth, b.startTime, b.durationMinutes)
            && (a.timeZone, a.startsOn, a.endsOn, a.locationId) == (b.timeZone, b.startsOn, b.endsOn, b.locationId)
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
        case .versionMismatch: return "was changed by someone else during the import; import again"
        case .invalidReference(let field): return "\(field) refers to something that does not exist or belongs to another organization"
        default: return "was refused by the database"
        }
    }
}
