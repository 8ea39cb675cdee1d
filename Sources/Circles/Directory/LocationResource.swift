import Foundation
import GRDB
import Store

/// A place where groups meet, as the API shows it.
struct LocationView: Encodable {
    var id: Int64
    var organizationId: Int64
    var name: String
    var kind: String
    var address: String?
    var city: String?
    var county: String?
    var state: String?
    var zip: String?
    var latitude: Double?
    var longitude: Double?
    var accessibility: Accessibility
    var directions: String
    var createdAt: String
    var updatedAt: String

    struct Accessibility: Encodable {
        var wheelchairAccessible: Bool
        var aslAvailable: Bool
        var parking: Bool
        var nearTransit: Bool
        var notes: String
    }

    init(_ r: LocationRecord) {
        id = r.id!
        organizationId = r.organizationId
        name = r.name
        kind = r.kind
        address = r.address
        city = r.city
        county = r.county
        state = r.state
        zip = r.zip
        latitude = r.latitude
        longitude = r.longitude
        accessibility = Accessibility(wheelchairAccessible: r.wheelchairAccessible, aslAvailable: r.aslAvailable,
                                      parking: r.parking, nearTransit: r.nearTransit, notes: r.accessibilityNotes)
        directions = r.directions
        createdAt = r.createdAt
        updatedAt = r.updatedAt
    }
}

enum LocationResource {
    static let kinds = ["community_center", "library", "park", "clinic", "place_of_worship", "online", "phone", "other"]

    static let kind = ResourceKind<LocationRecord, LocationView>(
        path: "locations",
        fields: ["organization_id", "name", "kind", "address", "city", "county", "state", "zip", "latitude", "longitude",
                 "wheelchair_accessible", "asl_available", "parking", "near_transit", "accessibility_notes", "directions"],
        make: { body in
            var organizationId: Int64 = 0
            body.identifier("organization_id", into: &organizationId, required: true)
            return LocationRecord(organizationId: organizationId, name: "", kind: "other")
        },
        apply: { body, r, creating in
            body.text("name", into: &r.name, required: creating)
            body.choice("kind", from: kinds, into: &r.kind, required: creating)
            body.optionalText("address", into: &r.address, max: 300)
            body.optionalText("city", into: &r.city, max: 100)
            body.optionalText("county", into: &r.county, max: 100)
            body.optionalText("state", into: &r.state, max: 2, validate: { $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isUppercase } ? nil : "must be a two-letter state code such as CO" })
            body.optionalText("zip", into: &r.zip, max: 10, validate: { $0.range(of: #"^\d{5}(-\d{4})?$"#, options: .regularExpression) != nil ? nil : "must be a ZIP code such as 80202" })
            body.optionalNumber("latitude", into: &r.latitude, range: -90...90)
            body.optionalNumber("longitude", into: &r.longitude, range: -180...180)
            if (r.latitude == nil) != (r.longitude == nil) { body.fail(r.latitude == nil ? "latitude" : "longitude", "must be given together with the other coordinate") }
            body.flag("wheelchair_accessible", into: &r.wheelchairAccessible)
            body.flag("asl_available", into: &r.aslAvailable)
            body.flag("parking", into: &r.parking)
            body.flag("near_transit", into: &r.nearTransit)
            body.text("accessibility_notes", into: &r.accessibilityNotes, max: 1000, allowEmpty: true)
            body.text("directions", into: &r.directions, max: 1000, allowEmpty: true)
        },
        organizationId: { $0.organizationId },
        present: { record, _, _ in LocationView(record) },
        afterWrite: { record, _, db in try DirectoryIndexes.refreshGroups(atLocation: record.id!, in: db) }
    )
}
