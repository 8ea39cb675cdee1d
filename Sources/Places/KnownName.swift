/// A name people type for a place that is no postal town of that name: one of New York City's boroughs
/// ("Queens" is Queens County, whose post offices are Flushing, Jamaica, Astoria…), or a big city's
/// short name ("NYC", "Philly", "Nueva York"). A row of `Data/known-names.tsv`, kept by hand; the place's
/// point is never written there but worked out from the ZIP table (`PlaceTable.init`).
struct KnownName: Sendable, Equatable {
    /// As typed: "The Bronx".
    let typed: String
    /// The state's postal code.
    let state: String
    /// The place's name as shown: "Bronx".
    let name: String
    let zips: ZIPSource
    /// Whether the name alone is asked about (Manhattan: the borough, or Manhattan, KS…) rather than
    /// taken to be this place; with its state it is this place either way.
    let asks: Bool

    /// Where the place's ZIP codes come from.
    enum ZIPSource: Sendable, Equatable {
        /// The town `name` of the state in the town table.
        case town
        /// Every ZIP code of these counties of the state.
        case counties([String])
    }

    /// How a typed name is looked up: as `PlaceName.key`, and with its periods left out, so that "N.Y.C."
    /// is "NYC" and "L.A., CA" is "LA, CA".
    static func key(_ typed: String) -> String {
        PlaceName.key(typed.contains(".") ? typed.filter { $0 != "." } : typed)
    }

    /// The rows of the table; lines starting with "#" and empty lines say nothing.
    static func rows(_ text: String) throws -> [KnownName] {
        var rows: [KnownName] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.allSatisfy(\.isWhitespace) {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, !f[0].isEmpty, !f[2].isEmpty, USStates.names[f[1]] != nil, f[4] == "is" || f[4] == "asks" else {
                throw PlaceTableError.badLine(String(line))
            }
            let zips: ZIPSource
            if f[3] == "town" {
                zips = .town
            } else if f[3].hasPrefix("county:") {
                let counties = f[3].dropFirst("county:".count).split(separator: ";").map(String.init)
                guard !counties.isEmpty, counties.allSatisfy({ !$0.isEmpty }) else { throw PlaceTableError.badLine(String(line)) }
                zips = .counties(counties)
            } else {
                throw PlaceTableError.badLine(String(line))
            }
            let row = KnownName(typed: f[0], state: f[1], name: f[2], zips: zips, asks: f[4] == "asks")
            // One place per name and state.
            guard !rows.contains(where: { key($0.typed) == key(row.typed) && $0.state == row.state }) else { throw PlaceTableError.badLine(String(line)) }
            rows.append(row)
        }
        return rows
    }
}

/// A known name's place, as the parser answers it.
struct KnownPlace: Sendable, Equatable {
    let place: Town
    let asks: Bool
}
