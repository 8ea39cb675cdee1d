/// The segments of a path as written (no percent-decoding), empty ones skipped, as slices of the
/// path itself: checks that every request makes (is this a secret path? a private read?) walk
/// them without building arrays of strings.
public struct PathSegments: Sequence {
    let path: Substring

    public init(_ path: String) { self.path = Substring(path) }

    public struct Iterator: IteratorProtocol {
        var rest: Substring

        public mutating func next() -> Substring? {
            while rest.utf8.first == UInt8(ascii: "/") { rest = rest.dropFirst() }
            guard !rest.isEmpty else { return nil }
            let end = rest.utf8.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
            defer { rest = rest[end...] }
            return rest[..<end]
        }
    }

    public func makeIterator() -> Iterator { Iterator(rest: path) }
}
