/// One group's object in a search page, written once (`SearchPageJSON.group`) so that later pages
/// can reuse it: the bytes, and where the distance goes, since that differs from search to search.
public struct GroupJSON: Sendable {
    public var bytes: [UInt8]
    /// The offset in `bytes` where `distance_km` and `distance_mi` belong, in sorted key order.
    public var distanceAt: Int

    public init(bytes: [UInt8], distanceAt: Int) {
        self.bytes = bytes
        self.distanceAt = distanceAt
    }
}
