import GRDB

/// A topic with how many active groups carry it.
public struct TopicSummary: Sendable {
    public var slug: String
    public var name: String
    public var description: String
    public var groupCount: Int
}

extension AppDatabase {
    /// Every topic (or the one with `slug`), by name, with its count of active groups (`topic_counts`,
    /// kept by triggers: migration 0020).
    ///
    /// Every page shows the topic menu: the whole list is kept while the directory generation (which
    /// every write to topics, groups and their topics moves) is the one it was read at. Reading it
    /// again was 6 % of the CPU time of a search page.
    public func topics(slug: String? = nil) throws -> [TopicSummary] {
        if slug == nil, let kept = keptTopics.withLock({ $0 }), kept.generation == (try directoryGeneration()) {
            return kept.topics
        }
        return try pool.read { db in
            let generation = try Self.directoryGeneration(in: db)
            let topics = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT t.slug, t.name, t.description, coalesce(c.active_groups, 0) AS n
                        FROM topics t LEFT JOIN topic_counts c ON c.topic_id = t.id
                        WHERE ? IS NULL OR t.slug = ? ORDER BY t.name
                        """), arguments: [slug, slug]
            ).map {
                TopicSummary(slug: $0["slug"], name: $0["name"], description: $0["description"], groupCount: $0["n"])
            }
            if slug == nil { keptTopics.withLock { $0 = (generation, topics) } }
            return topics
        }
    }
}
