/// A city or town in one state: the postal name of some ZIP codes (or a name the Postal Service accepts
/// for them, such as Lakewood, CO), with the centroid of those ZIP codes.
public struct Town: Sendable, Equatable {
    public let name: String
    public let state: String
    public let latitude: Double
    public let longitude: Double
    public let zips: [String]

    /// "Denver, CO".
    public var label: String { "\(name), \(state)" }
}
