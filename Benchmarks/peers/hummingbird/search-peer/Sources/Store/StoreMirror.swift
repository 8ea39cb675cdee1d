import GRDB

// The parts of Circles' Store that a group search needs: the other files beside this one are links to
// Circles' own (the search SQL, the detail queries, the records and how they are decoded), so the peer
// runs exactly the same SQL. GroupSearch.swift extends AppDatabase, which is only its pool here.
public final class AppDatabase: Sendable {
    public let pool: DatabasePool
    public init(pool: DatabasePool) { self.pool = pool }
}
