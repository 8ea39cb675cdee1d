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
