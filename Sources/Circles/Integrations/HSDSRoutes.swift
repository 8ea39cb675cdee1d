import Foundation
import HTTPServer
import Store

/// The Open Referral HSDS 3 API (the HSDS API reference), read-only and public, under `/hsds`:
/// `/services`, `/organizations`, `/locations`, `/service_at_locations`, `/taxonomies`,
/// `/taxonomy_terms`, each with `/{id}`, and `/hsds` itself for the API's metadata.
///
/// Lists are paged as the reference says: `page` (from 1) and `per_page` in, and the `Page` fields
/// (`total_items`, `total_pages`, `page_number`, `size`, `first_page`, `last_page`, `empty`) plus
/// `contents` out. Active and paused groups are listed (paused as "temporarily closed").
struct HSDSRoutes {
    let api: API

    static let maxPerPage = 100

    func register(on router: Router) {
        let api = self.api
        router.get("/hsds") { request in
            let site = SiteAddress(request, settings: api.settings)
            return try Self.json(["version": "3.0", "profile": "https://docs.openreferral.org/en/latest/hsds/overview.html",
                                  "openapi_url": site.absolute("/openapi.json")])
        }
        router.get("/hsds/services") { request in
            var reader = QueryReader(request)
            let paging = Paging(&reader)
            var filter = ListingFilter()
            filter.text = reader.text("search")
            filter.organizationId = Self.id(&reader, "organization_id", .organization)
            filter.modifiedAfter = Self.modifiedAfter(&reader)
            let full = reader.bool("full") ?? false
            let minimal = reader.bool("minimal") ?? false
            // Services are classified by topics only: another term or taxonomy matches nothing.
            var matchesNothing = false
            if let term = reader.text("taxonomy_term_id", max: 100) {
                filter.topicSlug = try Self.topicSlug(term, api)
                matchesNothing = filter.topicSlug == nil
            }
            if let taxonomy = reader.text("taxonomy_id", max: 100), taxonomy.lowercased() != HSDSVocabulary.topicsTaxonomyId {
                matchesNothing = true
            }
            try reader.finish()
            let page = matchesNothing ? (ids: [], total: 0)
                : try api.database.listing { db in try DirectoryListing.groupIds(filter, offset: paging.offset, limit: paging.perPage, in: db) }
            let details = try api.database.groupDetails(ids: page.ids)
            let writer = try Self.writer(request, api, topics: full)
            let contents: [Any] = details.map { d in
                minimal ? ["id": HSDSIdentifier.make(.service, d.group.id!), "last_modified": d.lastModified.map(Timestamp.format) ?? d.group.updatedAt] as [String: Any]
                    : writer.service(d, full: full)
            }
            return try Self.json(paging.page(contents, total: page.total))
        }
        router.get("/hsds/services/:id") { request in
            guard let id = HSDSIdentifier.parse(request.parameter("id"), .service)?.id,
                  let d = try api.database.groupDetails(id: id), ["active", "paused"].contains(d.group.status) else { throw HTTPError.notFound() }
            return try Self.json(try Self.writer(request, api, topics: true).service(d, full: true))
        }
        router.get("/hsds/organizations") { request in
            var reader = QueryReader(request)
            let paging = Paging(&reader)
            let search = reader.text("search")
            let full = reader.bool("full") ?? false
            let fullService = reader.bool("full_service") ?? false
            try reader.finish()
            let page = try api.database.listing { db in try DirectoryListing.organizations(text: search, offset: paging.offset, limit: paging.perPage, in: db) }
            let writer = try Self.writer(request, api, topics: fullService)
            let contents = try page.records.map { o in
                full || fullService ? try Self.organization(o, writer: writer, api: api, fullService: fullService) : writer.organization(o)
            }
            return try Self.json(paging.page(contents, total: page.total))
        }
        router.get("/hsds/organizations/:id") { request in
            var reader = QueryReader(request)
            let fullService = reader.bool("full_service") ?? false
            try reader.finish()
            guard let id = HSDSIdentifier.parse(request.parameter("id"), .organization)?.id,
                  let o = try api.database.listing({ db in try DirectoryListing.organization(id: id, in: db) }) else { throw HTTPError.notFound() }
            return try Self.json(try Self.organization(o, writer: try Self.writer(request, api, topics: fullService), api: api, fullService: fullService))
        }
        router.get("/hsds/locations") { request in
            var reader = QueryReader(request)
            let paging = Paging(&reader)
            let organizationId = Self.id(&reader, "organization_id", .organization)
            try reader.finish()
            let page = try api.database.listing { db in try DirectoryListing.locations(organizationId: organizationId, offset: paging.offset, limit: paging.perPage, in: db) }
            let writer = try Self.writer(request, api, topics: false)
            return try Self.json(paging.page(page.records.map(writer.location), total: page.total))
        }
        router.get("/hsds/locations/:id") { request in
            guard let id = HSDSIdentifier.parse(request.parameter("id"), .location)?.id,
                  let l = try api.database.listing({ db in try DirectoryListing.location(id: id, in: db) }) else { throw HTTPError.notFound() }
            return try Self.json(try Self.writer(request, api, topics: false).location(l))
        }
        router.get("/hsds/service_at_locations") { request in
            var reader = QueryReader(request)
            let paging = Paging(&reader)
            var filter = ListingFilter()
            filter.organizationId = Self.id(&reader, "organization_id", .organization)
            let full = reader.bool("full") ?? false
            try reader.finish()
            let page = try api.database.listing { db in try DirectoryListing.groupPlaces(filter, offset: paging.offset, limit: paging.perPage, in: db) }
            let details = Dictionary(uniqueKeysWithValues: try api.database.groupDetails(ids: Array(Set(page.pairs.map(\.group)))).map { ($0.group.id!, $0) })
            let locations = try api.database.listing { db in try DirectoryListing.locations(ids: page.pairs.map(\.location), in: db) }
            let writer = try Self.writer(request, api, topics: false)
            let contents: [Any] = page.pairs.compactMap { pair in
                guard let d = details[pair.group], let l = locations[pair.location] else { return nil }
                return writer.serviceAtLocation(d, l, withLocation: full)
            }
            return try Self.json(paging.page(contents, total: page.total))
        }
        router.get("/hsds/service_at_locations/:id") { request in
            guard let ids = HSDSIdentifier.parse(request.parameter("id"), .serviceAtLocation),
                  let d = try api.database.groupDetails(id: ids.id), ["active", "paused"].contains(d.group.status) else { throw HTTPError.notFound() }
            let writer = try Self.writer(request, api, topics: false)
            guard let l = writer.places(d).first(where: { $0.id == ids.second }) else { throw HTTPError.notFound() }
            var object = writer.serviceAtLocation(d, l, withLocation: true)
            object["service"] = writer.service(d, full: false)
            return try Self.json(object)
        }
        router.get("/hsds/taxonomies") { request in
            var reader = QueryReader(request)
            let paging = Paging(&reader)
            let search = reader.text("search")?.lowercased()
            try reader.finish()
            let all = HSDSVocabulary.taxonomies(site: SiteAddress(request, settings: api.settings))
                .filter { search == nil || ($0["name"] as? String ?? "").lowercased().contains(search!) }
            return try Self.json(paging.page(paging.slice(all), total: all.count))
        }
        router.get("/hsds/taxonomies/:id") { request in
            let all = HSDSVocabulary.taxonomies(site: SiteAddress(request, settings: api.settings))
            guard let taxonomy = all.first(where: { $0["id"] as? String == request.parameter("id").lowercased() }) else { throw HTTPError.notFound() }
            return try Self.json(taxonomy)
        }
        router.get("/hsds/taxonomy_terms") { request in
            var reader = QueryReader(request)
            let paging = Paging(&reader)
            let search = reader.text("search")?.lowercased()
            let taxonomy = reader.text("taxonomy_id", max: 100)?.lowercased()
            // Every term is at the top: neither taxonomy has a hierarchy, so top_only changes nothing
            // (it is still checked) and a parent_id matches nothing.
            _ = reader.bool("top_only")
            let parent = reader.text("parent_id", max: 100)
            try reader.finish()
            let topics = try api.database.listing { db in try DirectoryListing.topics(in: db) }
            let all = parent != nil ? [] : HSDSVocabulary.allTerms(topics: topics, site: SiteAddress(request, settings: api.settings)).filter { term in
                (taxonomy == nil || term["taxonomy_id"] as? String == taxonomy)
                    && (search == nil || ((term["name"] as? String ?? "") + " " + (term["code"] as? String ?? "")).lowercased().contains(search!))
            }
            return try Self.json(paging.page(paging.slice(all), total: all.count))
        }
        router.get("/hsds/taxonomy_terms/:id") { request in
            let topics = try api.database.listing { db in try DirectoryListing.topics(in: db) }
            let all = HSDSVocabulary.allTerms(topics: topics, site: SiteAddress(request, settings: api.settings))
            guard let term = all.first(where: { $0["id"] as? String == request.parameter("id").lowercased() }) else { throw HTTPError.notFound() }
            return try Self.json(term)
        }
    }

    /// An organization with its locations, and its services (one-to-one fields, or full with `full_service`).
    static func organization(_ o: OrganizationRecord, writer: HSDSWriter, api: API, fullService: Bool) throws -> [String: Any] {
        var object = writer.organization(o)
        var filter = ListingFilter()
        filter.organizationId = o.id
        let ids = try api.database.listing { db in try DirectoryListing.groupIds(filter, offset: 0, limit: FeedGroups.maxGroups, in: db) }.ids
        let locations = try api.database.listing { db in try DirectoryListing.locations(organizationId: o.id, offset: 0, limit: FeedGroups.maxGroups, in: db) }.records
        object["locations"] = locations.map(writer.location)
        object["services"] = try api.database.groupDetails(ids: ids).map { writer.service($0, full: fullService) }
        return object
    }

    /// The writer for this request's site, with topic terms when services will carry attributes.
    static func writer(_ request: Request, _ api: API, topics: Bool) throws -> HSDSWriter {
        let site = SiteAddress(request, settings: api.settings)
        var writer = HSDSWriter(site: site)
        if topics {
            for topic in try api.database.listing({ db in try DirectoryListing.topics(in: db) }) {
                writer.topicTerms[topic.slug] = HSDSVocabulary.topicTerm(topic, site: site)
            }
        }
        return writer
    }

    static func topicSlug(_ termId: String, _ api: API) throws -> String? {
        guard let id = HSDSIdentifier.parse(termId, .taxonomyTerm), id.second == 0 else { return nil }
        return try api.database.listing { db in try DirectoryListing.topics(in: db) }.first { $0.id == id.id }?.slug
    }

    static func id(_ reader: inout QueryReader, _ name: String, _ kind: HSDSIdentifier.Kind) -> Int64? {
        guard let text = reader.text(name) else { return nil }
        guard let parsed = HSDSIdentifier.parse(text, kind) else {
            // Another publisher's UUID names nothing here: the filter matches nothing.
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

    static func json(_ object: Any) throws -> Response {
        var response = Response.json(JSONText.bytes(object))
        response.headers.add("Cache-Control", "public, max-age=300")
        return response
    }

    /// `page` and `per_page`, checked, and the HSDS `Page` wrapper.
    struct Paging {
        var number = 1
        var perPage = 20
        var offset: Int { (number - 1) * perPage }

        init(_ reader: inout QueryReader) {
            if let text = reader.query["page"] {
                if let n = Int(text), (1...1_000_000).contains(n) { number = n } else { reader.fail("page", "must be a whole number from 1") }
            }
            if let text = reader.query["per_page"] {
                if let n = Int(text), (1...HSDSRoutes.maxPerPage).contains(n) { perPage = n } else { reader.fail("per_page", "must be a whole number from 1 to \(HSDSRoutes.maxPerPage)") }
            }
            if let format = reader.query["format"], format != "json" { reader.fail("format", "must be json") }
        }

        func slice<T>(_ all: [T]) -> [T] {
            guard offset < all.count else { return [] }
            return Array(all[offset..<min(all.count, offset + perPage)])
        }

        func page(_ contents: [Any], total: Int) -> [String: Any] {
            let pages = max(1, (total + perPage - 1) / perPage)
            return ["total_items": total, "total_pages": pages, "page_number": number, "size": contents.count,
                    "first_page": number == 1, "last_page": number >= pages, "empty": contents.isEmpty, "contents": contents]
        }
    }
}
