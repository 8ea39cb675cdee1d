/// A US ZIP code as the shipped place table knows it: where its post office area lies (a point from
/// GeoNames), its postal city, state, county and IANA time zone.
public struct ZIPCode: Sendable, Equatable {
    public let code: String
    public let latitude: Double
    public let longitude: Double
    public let city: String
    public let state: String
    public let county: String
    public let timeZone: String
}
