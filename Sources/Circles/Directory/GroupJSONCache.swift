import GroupViews

/// Each group's object as public searches show it, by group and language, reused by later searches
/// while still exactly right (see `GenerationCache`): the deadline is the group's own, when its next
/// meeting begins or ends or the freshness cut-off moves. Reading a page's twenty groups, finding
/// their next meetings and writing them was four fifths of a search that was not answered whole from
/// `SearchCache`; a group kept costs a copy of its bytes.
typealias GroupJSONCache = GenerationCache<GroupJSONKey, KeptGroup>

/// A group's object as a caller who may not manage it sees it (no private online details), and whose it is.
struct KeptGroup: Sendable {
    var json: GroupJSON
    var organizationId: Int64
}

/// A group in one language of the API's labels.
struct GroupJSONKey: Hashable, Sendable {
    var id: Int64
    var language: String
}
