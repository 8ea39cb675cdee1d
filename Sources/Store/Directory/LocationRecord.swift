import GRDB

public struct LocationRecord: VersionedRecord, Equatable {
    public static let databaseTableName = "locations"
    public var id: Int64?
    public var organizationId: Int64
    public var name: String
    public var kind: LocationKind
    public var address: String?
    public var city: String?
    public var county: String?
    public var state: String?
    public var zip: String?
    /// ISO 3166-1 alpha-2 (migration 0016).
    public var country = "US"
    public var latitude: Double?
    public var longitude: Double?
    /// The coordinates are the centroid of the ZIP code (or town), not the place's own (migration 0009).
    public var coordinatesApproximate = false
    public var wheelchairAccessible = false
    public var aslAvailable = false
    public var parking = false
    public var nearTransit = false
    public var accessibilityNotes = ""
    public var directions = ""
    public var createdAt: Timestamp = .epoch
    public var updatedAt: Timestamp = .epoch
    public var version: Int = 1

    public init(organizationId: Int64, name: String, kind: LocationKind) {
        self.organizationId = organizationId
        self.name = name
        self.kind = kind
    }
}
