import Foundation
import Places
import Schedules
import Store

/// The query parameters of the HSDS API reference, route by route. Each one a route lists is applied
/// or refused with a 400 that names it, and so is any parameter the reference does not list for the
/// route: a client that syncs or searches never believes it filtered when it did not.
enum HSDSFilters {
    /// What each list route takes besides `page`, `per_page` and `format` (`HSDSPaging`).
    static let services: Set = ["search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "minimal", "full"]
    static let serviceAtLocations: Set = ["search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "full", "postcode", "proximity"]
    static let organizations: Set = ["search", "full", "full_service"]
    static let taxonomies: Set = ["search"]
    static let taxonomyTerms: Set = ["search", "taxonomy_id", "top_only", "parent_id"]
    /// Not a route of the reference: ours, filtered by organization.
    static let locations: Set = ["organization_id"]

    /// The farthest `proximity` (meters) we measure: 500 km.
    static let maxProximity = 500_000.0

    /// Refuses every parameter that is neither in `allowed` nor paging's.
    static func refuseOthers(_ reader: inout QueryReader, allowed: Set<String>) {
        var named = Set<String>()
        for (key, _) in reader.query.pairs where !allowed.contains(key) && !HSDSPaging.parameters.contains(key) && named.insert(key).inserted {
            reader.fail(key, "is not a parameter of this HSDS route (it takes \((allowed.union(HSDSPaging.parameters)).sorted().joined(separator: ", ")))")
        }
    }

    /// The groups `/services` and `/service_at_locations` select: `search`, `organization_id`,
    /// `modified_after`, `taxonomy_term_id` (a topic term) and `taxonomy_id`. Services are classified by
    /// topics only, so another term or taxonomy matches nothing (`matchesNothing`).
    static func groups(_ reader: inout QueryReader, topics: () throws -> [TopicRecord]) throws -> (filter: ListingFilter, matchesNothing: Bool) {
        var filter = ListingFilter()
        filter.text = reader.text("search")
        filter.organizationId = id(&reader, "organization_id", .organization)
        filter.modifiedAfter = modifiedAfter(&reader)
        var matchesNothing = false
        if let term = reader.text("taxonomy_term_id", max: 100) {
            if let id = HSDSIdentifier.parse(term, .taxonomyTerm), id.second == 0 {
                filter.topicSlug = try topics().first { $0.id == id.id }?.slug
            }
            matchesNothing = filter.topicSlug == nil
        }
        if let taxonomy = reader.text("taxonomy_id", max: 100), taxonomy.lowercased() != HSDSVocabulary.topicsTaxonomyId {
            matchesNothing = true
        }
        return (filter, matchesNothing)
    }

    /// `postcode` and `proximity` (meters from the postcode's centroid): without `proximity`, the places
    /// in that ZIP code; with it, the places within that distance. We have no `service_area`, so a
    /// postcode is read against where groups meet. ZIP codes are those of the shipped place table.
    static func place(_ reader: inout QueryReader, table: PlaceTable, into filter: inout ListingFilter) {
        let postcode = reader.text("postcode", max: 20)
        var meters: Double?
        if let text = reader.text("proximity", max: 20) {
            if let value = Double(text), value.isFinite, value > 0, value <= maxProximity {
                meters = value
            } else {
                reader.fail("proximity", "must be a distance in meters, more than 0 and at most \(Int(maxProximity))")
            }
        }
        guard let postcode else {
            if meters != nil { reader.fail("proximity", "needs a postcode to measure from") }
            return
        }
        guard postcode.wholeMatch(of: /\d{5}(-\d{4})?/) != nil else {
            reader.fail("postcode", "must be a US ZIP code (5 digits, or ZIP+4)")
            return
        }
        let zip = String(postcode.prefix(5))
        guard let meters else {
            filter.postcode = zip
            return
        }
        guard let centroid = table.zip(zip) else {
            reader.fail("postcode", "is not a ZIP code we know, so there is no centroid to measure proximity from")
            return
        }
        filter.near = (centroid.latitude, centroid.longitude, meters)
    }

    /// An id of ours of `kind`; another publisher's UUID names nothing here (-1: the filter matches nothing).
    static func id(_ reader: inout QueryReader, _ name: String, _ kind: HSDSIdentifier.Kind) -> Int64? {
        guard let text = reader.text(name) else { return nil }
        guard let parsed = HSDSIdentifier.parse(text, kind) else {
            if UUID(uuidString: text) != nil { return -1 }
            reader.fail(name, "must be a UUID")
            return nil
        }
        return parsed.id
    }

    static func modifiedAfter(_ reader: inout QueryReader) -> String? {
        guard let text = reader.text("modified_after") else { return nil }
        if let date = Timestamp.parse(text) { return Timestamp.format(date) }
        if LocalDate(text) != nil { return text + "T00:00:00Z" }
        reader.fail("modified_after", "must be a date (2026-01-31) or an RFC 3339 time (2026-01-31T12:00:00Z)")
        return nil
    }
}
