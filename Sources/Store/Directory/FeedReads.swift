import GRDB

extension AppDatabase {
    /// The ids of the listed groups (active or paused) changed most recently, newest first: the
    /// entries of the Atom feed.
    public func recentlyChangedGroupIds(limit: Int) throws -> [Int64] {
        try pool.read { db in
            try GroupRecord.filter(["active", "paused"].contains(Column("status")))
                .order(Column("updated_at").desc, Column("id").desc).limit(limit)
                .fetchAll(db).map { $0.id! }
        }
    }

    /// The tags of these organizations, and their places that name a city (by id), read in one
    /// snapshot: what the Meeting Guide feed adds to their groups (type codes, a home region).
    public func tagsAndPlaces(ofOrganizations ids: [Int64]) throws -> (tags: [TagRecord], placesWithCity: [LocationRecord]) {
        try pool.read { db in
            (
                try TagRecord.filter(ids.contains(Column("organization_id"))).fetchAll(db),
                try LocationRecord.filter(ids.contains(Column("organization_id")))
                    .filter(Column("city") != nil).order(Column("id")).fetchAll(db)
            )
        }
    }
}
