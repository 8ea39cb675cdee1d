import Foundation

/// Every US ZIP code and every city or town, held in memory: the table `scripts/build-places` writes
/// (`Data/zips.tsv`, `Data/cities.tsv`) from the `zipcodes` package (MIT; coordinates from GeoNames,
/// CC BY 4.0). Circles never asks an online geocoder.
public final class PlaceTable: Sendable {
    /// The shipped table, read once on first use (1.7 s with a load average of 7 on the 2-core machine;
    /// about 25 MB resident; `Benchmarks/places`).
    public static let unitedStates: PlaceTable = {
        guard let zips = Bundle.module.url(forResource: "zips", withExtension: "tsv", subdirectory: "Data"),
            let cities = Bundle.module.url(forResource: "cities", withExtension: "tsv", subdirectory: "Data"),
            let table = try? PlaceTable(zips: String(contentsOf: zips, encoding: .utf8), cities: String(contentsOf: cities, encoding: .utf8))
        else { fatalError("The place table (Sources/Places/Data) is missing from the build.") }
        return table
    }()

    private let zipCodes: [String: ZIPCode]
    /// Towns by `PlaceName.key` of their name, in every state that has one so named.
    let townsByName: [String: [Town]]
    /// The distinct keys of town names, for suggesting spellings.
    let townKeys: [String]

    public init(zips: String, cities: String) throws {
        var zipCodes: [String: ZIPCode] = [:]
        zipCodes.reserveCapacity(43_000)
        for line in zips.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 7, let lat = Double(f[1]), let lng = Double(f[2]) else { throw PlaceTableError.badLine(String(line)) }
            let code = String(f[0])
            zipCodes[code] = ZIPCode(
                code: code, latitude: lat, longitude: lng, city: String(f[3]), state: String(f[4]), county: String(f[5]), timeZone: String(f[6]))
        }
        var towns: [String: [Town]] = [:]
        for line in cities.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 5, let lat = Double(f[2]), let lng = Double(f[3]) else { throw PlaceTableError.badLine(String(line)) }
            let town = Town(name: String(f[0]), state: String(f[1]), latitude: lat, longitude: lng, zips: f[4].split(separator: " ").map(String.init))
            towns[PlaceName.key(town.name), default: []].append(town)
        }
        self.zipCodes = zipCodes
        // The town with the most ZIP codes first: the likeliest meant when a name is shared.
        townsByName = towns.mapValues { $0.sorted { ($0.zips.count, $1.state) > ($1.zips.count, $0.state) } }
        townKeys = townsByName.keys.sorted()
    }

    /// The ZIP code, from its five digits ("80202") or ZIP+4 ("80202-1234").
    public func zip(_ code: String) -> ZIPCode? {
        zipCodes[String(code.drop { $0 == " " }.prefix(5))]
    }

    /// Every town of that name, the one with the most ZIP codes first.
    public func towns(named name: String) -> [Town] {
        townsByName[PlaceName.key(name)] ?? []
    }

    /// The town of that name in that state (its postal code).
    public func town(named name: String, state: String) -> Town? {
        towns(named: name).first { $0.state == state }
    }

    /// The town whose ZIP codes include this one under its postal name.
    public func town(of zip: ZIPCode) -> Town? {
        town(named: zip.city, state: zip.state)
    }

    public var zipCount: Int { zipCodes.count }
    public var townCount: Int { townsByName.values.reduce(0) { $0 + $1.count } }
}

enum PlaceTableError: Error {
    case badLine(String)
}
