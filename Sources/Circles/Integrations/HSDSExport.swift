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
        // Each record is encoded as it is made: the files are held as JSON text, never as every group's objects.
        var services = JSONArray(), places = JSONArray(), schedules = JSONArray()
        var extras = HSDSExtrasExport()
        for start in stride(from: 0, to: ids.count, by: 500) {
            for d in try database.groupDetails(ids: Array(ids[start..<min(start + 500, ids.count)])) {
                extras.add(d)
                try services.append(writer.service(d, full: true))
                for place in writer.places(d) { try places.append(writer.serviceAtLocation(d, place, withLocation: false)) }
                for schedule in d.schedules {
                    for row in writer.schedules(d, schedule) { try schedules.append(row) }
                }
            }
        }
        let files: [(name: String, entity: String, rows: JSONArray)] = try [
            ("organizations", "organization", JSONArray(organizations.map(writer.organization))),
            ("locations", "location", JSONArray(locations.map(writer.location))),
            ("services", "service", services),
            ("service_at_locations", "service_at_location", places),
            ("schedules", "schedule", schedules),
            ("taxonomies", "taxonomy", JSONArray(HSDSVocabulary.taxonomies(site: site))),
            ("taxonomy_terms", "taxonomy_term", JSONArray(HSDSVocabulary.allTerms(topics: topics, site: site))),
        ]
        var counts: [String: Int] = [:]
        for file in files {
            try Data(file.rows.bytes).write(to: URL(fileURLWithPath: directory + "/\(file.name).json"), options: .atomic)
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
        let package = DataPackage(
            name: "circles-hsds", title: "Peer support groups (Circles), as Open Referral HSDS 3.0", profile: "data-package",
            created: Timestamp.now().text, homepage: site.origin,
            licenses: [.init(name: "CC-BY-4.0", path: "https://creativecommons.org/licenses/by/4.0/", title: "Creative Commons Attribution 4.0")],
            resources: files.map { file in
                DataPackage.Resource(
                    name: file.name, path: "\(file.name).json", format: "json", mediatype: "application/json", encoding: "utf-8",
                    profile: "data-resource", hsds: .init(entity: file.entity, jsonSchema: schemaBase + "\(file.entity).json"),
                    description: "HSDS 3.0 \(file.entity) records, as a JSON array.")
            })
        try save(package, to: directory + "/datapackage.json")
        return counts
    }

    /// A file's JSON array, as text: `[`, the records encoded one by one with commas between, `]` (the
    /// bytes `HSDS.encode` gives for the whole array).
    struct JSONArray {
        private(set) var count = 0
        private var text: [UInt8] = [UInt8(ascii: "[")]

        init() {}

        init<T: Encodable>(_ records: [T]) throws {
            for record in records { try append(record) }
        }

        mutating func append<T: Encodable>(_ record: T) throws {
            if count > 0 { text.append(UInt8(ascii: ",")) }
            text += try HSDS.encode(record)
            count += 1
        }

        var bytes: [UInt8] { text + [UInt8(ascii: "]")] }
    }

    /// `datapackage.json` (Frictionless Data): the files and the HSDS entity and schema of each.
    struct DataPackage: Encodable {
        struct License: Encodable {
            var name: String
            var path: String
            var title: String
        }

        struct Resource: Encodable {
            var name: String
            var path: String
            var format: String
            var mediatype: String
            var encoding: String
            var profile: String
            var hsds: Entity
            var description: String
        }

        struct Entity: Encodable {
            var entity: String
            var jsonSchema: String

            enum CodingKeys: String, CodingKey {
                case entity
                case jsonSchema = "json_schema"
            }
        }

        var name: String
        var title: String
        var profile: String
        var created: String
        var homepage: String
        var licenses: [License]
        var resources: [Resource]
    }

    /// Indented, for people: `datapackage.json` and `circles.json`.
    static func save<T: Encodable>(_ value: T, to path: String) throws {
        try HSDS.prettyEncoder.encode(value).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
