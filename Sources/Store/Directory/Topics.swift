import GRDB

/// A topic with how many active groups carry it.
public struct TopicSummary: Sendable {
    public var slug: String
    public var name: String
    public var description: String
    public var groupCount: Int
}

extension AppDatabase {
    /// Every topic (or the one with `slug`), by name, with its count of active groups.
    public func topics(slug: String? = nil) throws -> [TopicSummary] {
        try pool.read { db in
            // One pass over the links counts every topic (a subquery per topic re-read them each time).
            try Row.fetchAll(
                db,
                sql: """
                    WITH counts AS (
                        SELECT gt.topic_id, count(*) AS n FROM group_topics gt JOIN groups g ON g.id = gt.group_id
                        WHERE g.status = 'active' AND (? IS NULL OR gt.topic_id = (SELECT id FROM topics WHERE slug = ?))
                        GROUP BY gt.topic_id
                    )
                    SELECT t.slug, t.name, t.description, coalesce(c.n, 0) AS n
                    FROM topics t LEFT JOIN counts c ON c.topic_id = t.id
                    WHERE ? IS NULL OR t.slug = ? ORDER BY t.name
                    """, arguments: [slug, slug, slug, slug]
            ).map {
                TopicSummary(slug: $0["slug"], name: $0["name"], description: $0["description"], groupCount: $0["n"])
            }
        }
    }
}
