/// What a change asks of a record's version: any version (`If-Match: *`), or one of those the
/// client names (`If-Match: "v3", "v4"`).
public enum VersionPrecondition: Sendable, Equatable {
    case any
    case oneOf([Int])

    /// Whether a record at `version` may be changed.
    public func admits(_ version: Int) -> Bool {
        switch self {
        case .any: true
        case .oneOf(let versions): versions.contains(version)
        }
    }

    /// The version a write must find for a record read at `current`: `current` when it is admitted,
    /// else one no record has, so that the write is refused as changed.
    public func expected(forCurrent current: Int) -> Int {
        admits(current) ? current : Self.noVersion
    }

    /// The version of no record (versions start at 1).
    public static let noVersion = -1
}
