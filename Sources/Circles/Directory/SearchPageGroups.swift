import Foundation
import GroupViews
import Store

/// A search's page of groups as JSON: the search's SQL always runs, each group's object comes from
/// `GroupJSONCache` when a recent search showed it, and only the others' details are read and written.
/// Who may manage a group sees more of it (private online details), so such a group is neither taken
/// from nor put in the cache for them; every other caller sees what an anonymous one does.
struct SearchPageGroups {
    var groups: [(json: GroupJSON, distanceKm: Double?)]
    var next: SearchPosition?
    /// When the first of these groups changes with time alone.
    var expires: Date

    static func find(
        _ query: GroupQuery, after position: SearchPosition?, caller: Principal, words: Wording, now: Date,
        in database: AppDatabase, kept cache: GroupJSONCache, freshness: Freshness
    ) throws -> SearchPageGroups {
        let language = words.catalogue.code
        var kept: [Int64: (json: GroupJSON, expires: Date)] = [:]
        let result = try database.searchGroupsWithDetails(query, after: position) { ids, generation in
            for (key, entry) in cache.entries(for: ids.map { GroupJSONKey(id: $0, language: language) }, generation: generation, now: now)
            where !caller.canManage(organizationId: entry.value.organizationId) {
                kept[key.id] = (entry.value.json, entry.expires)
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
            if !caller.canManage(organizationId: d.group.organizationId) {
                let key = GroupJSONKey(id: d.group.id!, language: language)
                let group = KeptGroup(json: json, organizationId: d.group.organizationId)
                cache.store(group, size: json.bytes.count + 64, for: key, generation: result.generation, expires: expires)
            }
        }
        let page = result.page
        let shown = page.ids.compactMap { id in kept[id].map { (id: id, json: $0.json, expires: $0.expires) } }
        return SearchPageGroups(
            groups: shown.map { ($0.json, page.distances[$0.id]) }, next: page.next,
            expires: shown.map(\.expires).min() ?? staleness)
    }
}
