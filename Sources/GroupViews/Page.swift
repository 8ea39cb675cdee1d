/// A page of a list with a link to the next one.
public struct Page<Item: Encodable>: Encodable {
    public var data: [Item]
    /// The next page's URL, or null on the last page.
    public var next: String?

    public init(data: [Item], next: String?) {
        self.data = data
        self.next = next
    }

    enum CodingKeys: String, CodingKey { case data, next }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(next, forKey: .next)
    }
}
