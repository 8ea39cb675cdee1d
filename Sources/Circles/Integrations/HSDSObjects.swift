import Foundation

/// The Open Referral HSDS 3 objects Circles writes, as `Encodable` types: one type per HSDS object
/// (`HSDSWriter` fills them from our records), written by `HSDS.encode`.
///
/// An optional field that is nil is left out, never written as `null` (the synthesized `encode(to:)`
/// uses `encodeIfPresent`): HSDS tells an absent field from a null one, and Circles has always left
/// out what it does not know. Keys are written sorted by code point (`.sortedKeys`, which on Linux
/// compares UTF-8 bytes), so the same record gives the same bytes in every process; the property order
/// here does not matter.
enum HSDS {
    /// Sorted keys, slashes as they are: the bytes `/hsds/…` answers and an export's files hold.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The same, indented: `datapackage.json` and `circles.json`, which people read.
    static let prettyEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        [UInt8](try encoder.encode(value))
    }

    struct Organization: Encodable {
        var id: String
        var name: String
        var description: String
        var email: String?
        var website: String?
        /// Absent from list items (the reference's `organization_list` has none of these).
        var phones: [Phone]?
        var attributes: [Attribute]?
        /// `/organizations/{id}` and `?full=true`: its places and its services.
        var locations: [Location]?
        var services: [Service]?
    }

    struct Phone: Encodable {
        var id: String
        var organizationId: String?
        var serviceId: String?
        var number: String
        var type: String
        var description: String?

        enum CodingKeys: String, CodingKey {
            case id, number, type, description
            case organizationId = "organization_id", serviceId = "service_id"
        }
    }

    struct Contact: Encodable {
        var id: String
        var serviceId: String
        var name: String
        var title: String?
        var email: String?

        enum CodingKeys: String, CodingKey {
            case id, name, title, email
            case serviceId = "service_id"
        }
    }

    struct Language: Encodable {
        var id: String
        var serviceId: String
        var code: String

        enum CodingKeys: String, CodingKey {
            case id, code
            case serviceId = "service_id"
        }
    }

    struct Address: Encodable {
        var id: String
        var locationId: String
        var address1: String
        var city: String
        var region: String?
        var stateProvince: String
        var postalCode: String
        var country: String
        var addressType: String

        enum CodingKeys: String, CodingKey {
            case id, city, region, country
            case locationId = "location_id", address1 = "address_1", stateProvince = "state_province", postalCode = "postal_code"
            case addressType = "address_type"
        }
    }

    struct Accessibility: Encodable {
        var id: String
        var locationId: String
        var description: String
        var details: String?

        enum CodingKeys: String, CodingKey {
            case id, description, details
            case locationId = "location_id"
        }
    }

    struct Location: Encodable {
        var id: String
        var locationType: String
        var organizationId: String
        var name: String
        var description: String?
        var latitude: Double?
        var longitude: Double?
        var addresses: [Address]
        var accessibility: [Accessibility]
        var attributes: [Attribute]

        enum CodingKeys: String, CodingKey {
            case id, name, description, latitude, longitude, addresses, accessibility, attributes
            case locationType = "location_type", organizationId = "organization_id"
        }
    }

    struct Service: Encodable {
        var id: String
        var organizationId: String
        var name: String
        var description: String
        var url: String
        var email: String?
        var status: String
        var feesDescription: String
        var applicationProcess: String
        var lastModified: String?
        var assuredDate: String?
        var alert: String?
        /// The rest only in a full service (`/services/{id}`, `?full=true`, an export).
        var phones: [Phone]?
        var contacts: [Contact]?
        var languages: [Language]?
        var attributes: [Attribute]?
        var schedules: [Schedule]?
        var organization: Organization?
        var serviceAtLocations: [ServiceAtLocation]?

        enum CodingKeys: String, CodingKey {
            case id, name, description, url, email, status, alert, phones, contacts, languages, attributes, schedules, organization
            case organizationId = "organization_id", feesDescription = "fees_description", applicationProcess = "application_process"
            case lastModified = "last_modified", assuredDate = "assured_date", serviceAtLocations = "service_at_locations"
        }
    }

    /// The reference's "minimal" service: its id and when it changed.
    struct MinimalService: Encodable {
        var id: String
        var modifiedDate: String

        enum CodingKeys: String, CodingKey {
            case id
            case modifiedDate = "modified_date"
        }
    }

    struct ServiceAtLocation: Encodable {
        var id: String
        var serviceId: String
        var locationId: String
        var description: String
        /// With the location: its place and the schedules held there; `service` only at `/service_at_locations/{id}`.
        var location: Location?
        var schedules: [Schedule]?
        var service: Service?

        enum CodingKeys: String, CodingKey {
            case id, description, location, schedules, service
            case serviceId = "service_id", locationId = "location_id"
        }
    }

    struct Schedule: Encodable {
        var id: String
        var serviceId: String
        var locationId: String?
        var serviceAtLocationId: String?
        var validFrom: String
        var validTo: String?
        var dtstart: String
        /// HSDS 3.0's `timezone`: a UTC offset in hours.
        var timezone: Double?
        var until: String?
        var count: Int?
        var wkst: String
        var freq: String
        var interval: Int
        var byday: String
        var description: String?
        var opensAt: String
        var closesAt: String?
        var scheduleLink: String
        var attendingType: String
        var notes: String?
        var attributes: [Attribute]?

        enum CodingKeys: String, CodingKey {
            case id, dtstart, timezone, until, count, wkst, freq, interval, byday, description, notes, attributes
            case serviceId = "service_id", locationId = "location_id", serviceAtLocationId = "service_at_location_id"
            case validFrom = "valid_from", validTo = "valid_to", opensAt = "opens_at", closesAt = "closes_at"
            case scheduleLink = "schedule_link", attendingType = "attending_type"
        }
    }

    struct Attribute: Encodable {
        var id: String
        var linkId: String
        var linkType: String
        var linkEntity: String
        var taxonomyTermId: String
        /// Only on a topic's attribute: the term itself.
        var taxonomyTerm: TaxonomyTerm?
        var value: String

        enum CodingKeys: String, CodingKey {
            case id, value
            case linkId = "link_id", linkType = "link_type", linkEntity = "link_entity", taxonomyTermId = "taxonomy_term_id"
            case taxonomyTerm = "taxonomy_term"
        }
    }

    struct Taxonomy: Encodable {
        var id: String
        var name: String
        var description: String
        var uri: String
        var version: String
    }

    struct TaxonomyTerm: Encodable {
        var id: String
        var code: String?
        var name: String
        var description: String
        var taxonomy: String?
        var taxonomyId: String?
        var language: String?
        var termUri: String?

        enum CodingKeys: String, CodingKey {
            case id, code, name, description, taxonomy, language
            case taxonomyId = "taxonomy_id", termUri = "term_uri"
        }
    }

    /// `/hsds` itself: the API's metadata.
    struct About: Encodable {
        var version: String
        var profile: String
        var openapiUrl: String

        enum CodingKeys: String, CodingKey {
            case version, profile
            case openapiUrl = "openapi_url"
        }
    }

    /// A page of a list, as the HSDS API reference's `Page`.
    struct Page<Item: Encodable>: Encodable {
        var totalItems: Int
        var totalPages: Int
        var pageNumber: Int
        var size: Int
        var firstPage: Bool
        var lastPage: Bool
        var empty: Bool
        var contents: [Item]

        enum CodingKeys: String, CodingKey {
            case size, empty, contents
            case totalItems = "total_items", totalPages = "total_pages", pageNumber = "page_number", firstPage = "first_page"
            case lastPage = "last_page"
        }
    }
}
