import Foundation
import GroupViews
import Store

/// A search's page of groups as JSON: the search's SQL always runs, each group's object comes from
/// `GroupJSONCache` when a recent search showed it, and only the others' details are read and written.
/// A signed-in caller may see more (private online details), so their groups are neither taken from
/// nor put in the cache.
struct SearchPageGroups {
    var groups: [(json: GroupJSON, distanceKm: Double?)]
    var next: SearchPosition?
    /// When the first of these groups changes with time alone.
    var expires: Date

    static func find(
        _ query: GroupQuery, after position: SearchPosition?, caller: Principal, words: Wording, now: Date,
        in database: AppDatabase, kept cache: GroupJSONCache, freshness: Freshness
    ) throws -> SearchPageGroups {
        let shared = caller.role == .anonymous
        let language = words.catalogue.code
        var kept: [Int64: (json: GroupJSON, expires: Date)] = [:]
        let result = try database.searchGroupsWithDetails(query, after: position) { ids, generation in
            guard shared else { return ids }
            for (key, entry) in cache.entries(for: ids.map { GroupJSONKey(id: $0, language: language) }, generation: generation, now: now) {
                kept[key.id] = (entry.value, entry.expires)
            }
            return ids.filter { kept[$0] == nil }
        }
        let staleness = freshness.nextChange(after: now)
        for d in result.details {
            let next = MeetingFinder.next(for: d, after: now)
            // A next meeting that begins is then happening now; one happening now gives way when it ends.
            let meetingChange = next.map { $0.isHappening(at: now) ? $0.occurrence.end : $0.occurrence.start } ?? .distantFuture
            let view = GroupView(d, principal: caller, now: now, next: next, freshness: freshness).localized(d, words)
            let json = SearchPageJSON.group(view)
            let expires = min(staleness, meetingChange)
            kept[d.group.id!] = (json, expires)
            if shared {
                let key = GroupJSONKey(id: d.group.id!, language: language)
                cache.store(json, size: json.bytes.count + 64, for: key, generation: result.generation, expires: expires)
            }
        }
        let page = result.page
        let shown = page.ids.compactMap { id in kept[id].map { (id: id, json: $0.json, expires: $0.expires) } }
        return SearchPageGroups(
            groups: shown.map { ($0.json, page.distances[$0.id]) }, next: page.next,
            expires: shown.map(\.expires).min() ?? staleness)
    }
}
