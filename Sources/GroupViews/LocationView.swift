import Store

/// A place where groups meet, as the API shows it.
public struct LocationView: Encodable {
    public var id: Int64
    public var organizationId: Int64
    public var name: String
    public var kind: LocationKind
    public var address: String?
    public var city: String?
    public var county: String?
    public var state: String?
    public var zip: String?
    /// ISO 3166-1 alpha-2, such as US.
    public var country: String
    public var latitude: Double?
    public var longitude: Double?
    /// The coordinates are those of the ZIP code or town ("near 80202"), until someone sets exact ones.
    public var coordinatesApproximate: Bool
    public var accessibility: Accessibility
    public var directions: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public struct Accessibility: Encodable {
        public var wheelchairAccessible: Bool
        public var aslAvailable: Bool
        public var parking: Bool
        public var nearTransit: Bool
        public var notes: String
    }

    public init(_ r: LocationRecord) {
        id = r.id!
        organizationId = r.organizationId
        name = r.name
        kind = r.kind
        address = r.address
        city = r.city
        county = r.county
        state = r.state
        zip = r.zip
        country = r.country
        latitude = r.latitude
        longitude = r.longitude
        coordinatesApproximate = r.coordinatesApproximate
        accessibility = Accessibility(
            wheelchairAccessible: r.wheelchairAccessible, aslAvailable: r.aslAvailable,
            parking: r.parking, nearTransit: r.nearTransit, notes: r.accessibilityNotes)
        directions = r.directions
        createdAt = r.createdAt
        updatedAt = r.updatedAt
    }
}
