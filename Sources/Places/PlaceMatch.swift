/// What a "Where?" text names.
public enum PlaceMatch: Sendable, Equatable {
    /// A ZIP code (five digits, or ZIP+4).
    case zip(ZIPCode)
    /// One town; `others` are the towns of the same name elsewhere, for "not this one?".
    case town(Town, others: [Town])
    /// A whole state, by postal code.
    case state(String)
    /// A name several states have, none of them clearly meant: the person chooses.
    case ambiguous([Town])
    /// Nothing of that name; the closest spellings that exist.
    case unknown(suggestions: [Town])

    /// The point distances are measured from; nil for a state or what is not one place.
    public var point: (latitude: Double, longitude: Double)? {
        switch self {
        case .zip(let z): (z.latitude, z.longitude)
        case .town(let t, _): (t.latitude, t.longitude)
        case .state, .ambiguous, .unknown: nil
        }
    }

    /// How the place reads in a heading: "80202 (Denver, CO)", "Denver, CO", "Colorado".
    public var label: String? {
        switch self {
        case .zip(let z): "\(z.code) (\(z.city), \(z.state))"
        case .town(let t, _): t.label
        case .state(let code): USStates.names[code] ?? code
        case .ambiguous, .unknown: nil
        }
    }
}
