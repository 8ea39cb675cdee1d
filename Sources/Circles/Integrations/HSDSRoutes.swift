import Foundation
import HTTPServer
import Schedules
import Store

/// The Open Referral HSDS 3 API (the HSDS API reference), read-only and public, under `/hsds`:
/// `/services`, `/organizations`, `/locations`, `/service_at_locations`, `/taxonomies`,
/// `/taxonomy_terms`, each with `/{id}`, and `/hsds` itself for the API's metadata.
///
/// Lists are paged as the reference says: `page` (from 1) and `per_page` in, and the `Page` fields
/// (`total_items`, `total_pages`, `page_number`, `size`, `first_page`, `last_page`, `empty`) plus
/// `contents` out. Active and paused groups are listed (paused as "temporarily closed").
struct HSDSRoutes: RouteCollection {
    let api: API

    init(_ context: RouteContext) { api = context.api }

    static let routes: [Route<Self>] = [
        .get("/hsds", .anyone, Self.about),
        .get("/hsds/services", .anyone, Self.services),
        .get("/hsds/services/:id", .anyone, Self.service),
        .get("/hsds/organizations", .anyone, Self.organizations),
        .get("/hsds/organizations/:id", .anyone, Self.organization),
        .get("/hsds/locations", .anyone, Self.locations),
        .get("/hsds/locations/:id", .anyone, Self.location),
        .get("/hsds/service_at_locations", .anyone, Self.servicesAtLocations),
        .get("/hsds/service_at_locations/:id", .anyone, Self.serviceAtLocation),
        .get("/hsds/taxonomies", .anyone, Self.taxonomies),
        .get("/hsds/taxonomies/:id", .anyone, Self.taxonomy),
        .get("/hsds/taxonomy_terms", .anyone, Self.taxonomyTerms),
        .get("/hsds/taxonomy_terms/:id", .anyone, Self.taxonomyTerm),
    ]

    static let maxPerPage = 100

    /// The API's metadata.
    func about(_ request: Request, _ caller: Principal) throws -> Response {
        let site = SiteAddress(request, settings: api.settings)
        return try Self.json(
            HSDS.About(version: "3.0", profile: "https://docs.openreferral.org/en/latest/hsds/overview.html", openapiUrl: site.absolute("/openapi.json")))
    }

    func services(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        HSDSFilters.refuseOthers(&reader, allowed: HSDSFilters.services)
        let paging = HSDSPaging(&reader)
        let (filter, matchesNothing) = try HSDSFilters.groups(&reader) { try api.database.topicRecords() }
        let full = reader.bool("full") ?? false
        let minimal = reader.bool("minimal") ?? false
        try reader.finish()
        let page = matchesNothing ? (ids: [], total: 0) : try api.database.listedGroupIds(filter, offset: paging.offset, limit: paging.perPage)
        let details = try api.database.groupDetails(ids: page.ids)
        let writer = try makeWriter(request, topics: full)
        // minimal: the reference's "just service 'id' and 'modified_date'".
        if minimal {
            let contents = details.map { d in
                HSDS.MinimalService(
                    id: HSDSIdentifier.make(.service, d.group.id!), modifiedDate: d.lastModified.map(Timestamp.format) ?? d.group.updatedAt.text)
            }
            return try Self.json(paging.page(contents, total: page.total))
        }
        return try Self.json(paging.page(details.map { writer.service($0, full: full) }, total: page.total))
    }

    func service(_ request: Request, _ caller: Principal) throws -> Response {
        guard let id = HSDSIdentifier.parse(request.parameter("id"), .service)?.id,
            let d = try api.database.groupDetails(id: id), GroupStatus.listed.contains(d.group.status)
        else { throw HTTPError.notFound() }
        return try Self.json(try makeWriter(request, topics: true).service(d, full: true))
    }

    func organizations(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        HSDSFilters.refuseOthers(&reader, allowed: HSDSFilters.organizations)
        let paging = HSDSPaging(&reader)
        let search = reader.text("search")
        let full = reader.bool("full") ?? false
        let fullService = reader.bool("full_service") ?? false
        try reader.finish()
        let page = try api.database.organizationsPage(text: search, offset: paging.offset, limit: paging.perPage)
        let writer = try makeWriter(request, topics: fullService)
        let contents = try page.records.map { o in
            full || fullService ? try organizationWithServices(o, writer: writer, fullService: fullService) : writer.organizationListItem(o)
        }
        return try Self.json(paging.page(contents, total: page.total))
    }

    func organization(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        let fullService = reader.bool("full_service") ?? false
        try reader.finish()
        guard let id = HSDSIdentifier.parse(request.parameter("id"), .organization)?.id,
            let o = try api.database.record(OrganizationRecord.self, id: id)
        else { throw HTTPError.notFound() }
        return try Self.json(try organizationWithServices(o, writer: try makeWriter(request, topics: fullService), fullService: fullService))
    }

    func locations(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        HSDSFilters.refuseOthers(&reader, allowed: HSDSFilters.locations)
        let paging = HSDSPaging(&reader)
        let organizationId = HSDSFilters.id(&reader, "organization_id", .organization)
        try reader.finish()
        let page = try api.database.locationsPage(organizationId: organizationId, offset: paging.offset, limit: paging.perPage)
        let writer = try makeWriter(request, topics: false)
        return try Self.json(paging.page(page.records.map(writer.location), total: page.total))
    }

    func location(_ request: Request, _ caller: Principal) throws -> Response {
        guard let id = HSDSIdentifier.parse(request.parameter("id"), .location)?.id,
            let l = try api.database.record(LocationRecord.self, id: id)
        else { throw HTTPError.notFound() }
        return try Self.json(try makeWriter(request, topics: false).location(l))
    }

    func servicesAtLocations(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        HSDSFilters.refuseOthers(&reader, allowed: HSDSFilters.serviceAtLocations)
        let paging = HSDSPaging(&reader)
        var (filter, matchesNothing) = try HSDSFilters.groups(&reader) { try api.database.topicRecords() }
        HSDSFilters.place(&reader, table: api.places.table, into: &filter)
        let full = reader.bool("full") ?? false
        try reader.finish()
        let page = matchesNothing ? (pairs: [], total: 0) : try api.database.groupPlaces(filter, offset: paging.offset, limit: paging.perPage)
        let details = Dictionary(uniqueKeysWithValues: try api.database.groupDetails(ids: Array(Set(page.pairs.map(\.group)))).map { ($0.group.id!, $0) })
        let locations = try api.database.locations(ids: page.pairs.map(\.location))
        let writer = try makeWriter(request, topics: false)
        let contents = page.pairs.compactMap { pair -> HSDS.ServiceAtLocation? in
            guard let d = details[pair.group], let l = locations[pair.location] else { return nil }
            return writer.serviceAtLocation(d, l, withLocation: full)
        }
        return try Self.json(paging.page(contents, total: page.total))
    }

    func serviceAtLocation(_ request: Request, _ caller: Principal) throws -> Response {
        guard let ids = HSDSIdentifier.parse(request.parameter("id"), .serviceAtLocation),
            let d = try api.database.groupDetails(id: ids.id), GroupStatus.listed.contains(d.group.status)
        else { throw HTTPError.notFound() }
        let writer = try makeWriter(request, topics: false)
        guard let l = writer.places(d).first(where: { $0.id == ids.second }) else { throw HTTPError.notFound() }
        var object = writer.serviceAtLocation(d, l, withLocation: true)
        object.service = writer.service(d, full: false)
        return try Self.json(object)
    }

    func taxonomies(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        HSDSFilters.refuseOthers(&reader, allowed: HSDSFilters.taxonomies)
        let paging = HSDSPaging(&reader)
        let search = reader.text("search")?.lowercased()
        try reader.finish()
        let all = HSDSVocabulary.taxonomies(site: SiteAddress(request, settings: api.settings))
            .filter { search == nil || $0.name.lowercased().contains(search!) }
        return try Self.json(paging.page(paging.slice(all), total: all.count))
    }

    func taxonomy(_ request: Request, _ caller: Principal) throws -> Response {
        let all = HSDSVocabulary.taxonomies(site: SiteAddress(request, settings: api.settings))
        guard let taxonomy = all.first(where: { $0.id == request.parameter("id").lowercased() }) else { throw HTTPError.notFound() }
        return try Self.json(taxonomy)
    }

    func taxonomyTerms(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        HSDSFilters.refuseOthers(&reader, allowed: HSDSFilters.taxonomyTerms)
        let paging = HSDSPaging(&reader)
        let search = reader.text("search")?.lowercased()
        let taxonomy = reader.text("taxonomy_id", max: 100)?.lowercased()
        // Every term is at the top: neither taxonomy has a hierarchy, so top_only changes nothing
        // (it is still checked) and a parent_id matches nothing.
        _ = reader.bool("top_only")
        let parent = reader.text("parent_id", max: 100)
        try reader.finish()
        let topics = try api.database.topicRecords()
        let all: [HSDS.TaxonomyTerm] =
            parent != nil
            ? []
            : HSDSVocabulary.allTerms(topics: topics, site: SiteAddress(request, settings: api.settings)).filter { term in
                (taxonomy == nil || term.taxonomyId == taxonomy)
                    && (search == nil || (term.name + " " + (term.code ?? "")).lowercased().contains(search!))
            }
        return try Self.json(paging.page(paging.slice(all), total: all.count))
    }

    func taxonomyTerm(_ request: Request, _ caller: Principal) throws -> Response {
        let all = HSDSVocabulary.allTerms(topics: try api.database.topicRecords(), site: SiteAddress(request, settings: api.settings))
        guard let term = all.first(where: { $0.id == request.parameter("id").lowercased() }) else { throw HTTPError.notFound() }
        return try Self.json(term)
    }

    /// An organization with its locations, and its services (one-to-one fields, or full with `full_service`).
    func organizationWithServices(_ o: OrganizationRecord, writer: HSDSWriter, fullService: Bool) throws -> HSDS.Organization {
        var object = writer.organization(o)
        var filter = ListingFilter()
        filter.organizationId = o.id
        let ids = try api.database.listedGroupIds(filter, offset: 0, limit: FeedGroups.maxGroups).ids
        let locations = try api.database.locationsPage(organizationId: o.id, offset: 0, limit: FeedGroups.maxGroups).records
        object.locations = locations.map(writer.location)
        object.services = try api.database.groupDetails(ids: ids).map { writer.service($0, full: fullService) }
        return object
    }

    /// The writer for this request's site, with topic terms when services will carry attributes.
    func makeWriter(_ request: Request, topics: Bool) throws -> HSDSWriter {
        let site = SiteAddress(request, settings: api.settings)
        var writer = HSDSWriter(site: site)
        if topics {
            for topic in try api.database.topicRecords() {
                writer.topicTerms[topic.slug] = HSDSVocabulary.topicTerm(topic, site: site)
            }
        }
        return writer
    }

    /// An HSDS answer, with the validators of a feed (a poller's `If-None-Match` or `If-Modified-Since` gets 304).
    static func json<T: Encodable>(_ object: T) throws -> Response {
        FeedResponse.make(try HSDS.encode(object), contentType: "application/json", lastModified: nil, cacheControl: "public, max-age=300")
    }
}
