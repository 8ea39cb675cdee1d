import Foundation
import Store

/// `circles export --format hsds DIR`: the whole directory as HSDS 3 JSON files (one array per
/// entity) and a `datapackage.json` (Frictionless Data) that lists them, and `circles.json` beside them
/// with what HSDS has no field for (`HSDSExtrasExport`): the lossless export. A resource's `schema` must
/// be a Table Schema, and HSDS publishes JSON Schemas, so each resource names its HSDS entity and schema
/// in `hsds` instead (`frictionless validate` passes; the contract test runs it).
/// Archived groups are included (as "inactive"), so that an import restores every group.
enum HSDSExport {
    static let schemaBase = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

    /// Writes the files and returns how many records each holds, by file name.
    @discardableResult
    static func write(_ database: AppDatabase, to directory: String, site: SiteAddress) throws -> [String: Int] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var writer = HSDSWriter(site: site)
        let topics = try database.topicRecords()
        for topic in topics { writer.topicTerms[topic.slug] = HSDSVocabulary.topicTerm(topic, site: site) }
        var filter = ListingFilter()
        filter.statuses = []
        let (organizations, locations, ids) = try database.exportListing(groups: filter)
        var services: [Any] = [], places: [Any] = [], schedules: [Any] = []
        var extras = HSDSExtrasExport()
        for start in stride(from: 0, to: ids.count, by: 500) {
            for d in try database.groupDetails(ids: Array(ids[start..<min(start + 500, ids.count)])) {
                extras.add(d)
                services.append(writer.service(d, full: true))
                places += writer.places(d).map { writer.serviceAtLocation(d, $0, withLocation: false) }
                for schedule in d.schedules { schedules += writer.schedules(d, schedule) as [Any] }
            }
        }
        let files: [(name: String, entity: String, rows: [Any])] = [
            ("organizations", "organization", organizations.map(writer.organization)),
            ("locations", "location", locations.map(writer.location)),
            ("services", "service", services),
            ("service_at_locations", "service_at_location", places),
            ("schedules", "schedule", schedules),
            ("taxonomies", "taxonomy", HSDSVocabulary.taxonomies(site: site)),
            ("taxonomy_terms", "taxonomy_term", HSDSVocabulary.allTerms(topics: topics, site: site)),
        ]
        var counts: [String: Int] = [:]
        for file in files {
            try save(file.rows, to: directory + "/\(file.name).json", pretty: false)
            counts[file.name + ".json"] = file.rows.count
        }
        // What HSDS has no field for, so that the export imports back without loss.
        var facilitators: [FacilitatorDetails] = []
        var after: Int64 = 0
        while true {
            let page = try database.resources(FacilitatorRecord.self, organizationId: nil, afterId: after, limit: 500)
            facilitators += page.items
            guard page.hasMore, let last = page.lastId else { break }
            after = last
        }
        let tags = try database.tagsAndPlaces(ofOrganizations: organizations.compactMap(\.id)).tags
        try save(extras.file(tags: tags, facilitators: facilitators), to: directory + "/" + HSDSExtras.fileName)
        let package: [String: Any] = [
            "name": "circles-hsds", "title": "Peer support groups (Circles), as Open Referral HSDS 3.0",
            "profile": "data-package", "created": Timestamp.now().text, "homepage": site.origin,
            "licenses": [["name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0"]],
            "resources": files.map { file in
                [
                    "name": file.name, "path": "\(file.name).json", "format": "json", "mediatype": "application/json",
                    "encoding": "utf-8", "profile": "data-resource",
                    "hsds": ["entity": file.entity, "json_schema": schemaBase + "\(file.entity).json"],
                    "description": "HSDS 3.0 \(file.entity) records, as a JSON array.",
                ] as [String: Any]
            },
        ]
        try save(package, to: directory + "/datapackage.json")
        return counts
    }

    static func save(_ object: Any, to path: String, pretty: Bool = true) throws {
        let data =
            pretty
            ? try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            : Data(JSONText.bytes(object))
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
