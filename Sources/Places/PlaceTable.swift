import Foundation

/// Every US ZIP code and every city or town, held in memory: the table `scripts/build-places` writes
/// (`Data/zips.tsv`, `Data/cities.tsv`) from the `zipcodes` package (MIT; coordinates from GeoNames,
/// CC BY 4.0). Circles never asks an online geocoder.
///
/// Held compactly, because every idle server keeps it: fixed-size records in sorted arrays, each name
/// stored once and referred to by number (about 8 MB resident, where a dictionary of structs of strings
/// took 25; `Benchmarks/places`). `ZIPCode` and `Town` values are made when asked for.
public final class PlaceTable: Sendable {
    /// The shipped table, read once on first use (`Benchmarks/places`).
    public static let unitedStates: PlaceTable = {
        guard let zips = Bundle.module.url(forResource: "zips", withExtension: "tsv", subdirectory: "Data"),
            let cities = Bundle.module.url(forResource: "cities", withExtension: "tsv", subdirectory: "Data"),
            let known = Bundle.module.url(forResource: "known-names", withExtension: "tsv", subdirectory: "Data"),
            let table = try? PlaceTable(
                zips: String(contentsOf: zips, encoding: .utf8), cities: String(contentsOf: cities, encoding: .utf8),
                knownNames: String(contentsOf: known, encoding: .utf8))
        else { fatalError("The place table (Sources/Places/Data) is missing from the build.") }
        return table
    }()

    /// One ZIP code; its texts are numbers in `names`.
    private struct ZIPRecord {
        let latitude: Double
        let longitude: Double
        let code: UInt32
        let city: UInt32
        let county: UInt32
        let state: UInt16
        let timeZone: UInt16
    }

    /// One town; its ZIP codes are `townZIPs[firstZIP..<firstZIP + zipCount]`.
    private struct TownRecord {
        let latitude: Double
        let longitude: Double
        let name: UInt32
        let firstZIP: UInt32
        let zipCount: UInt16
        let state: UInt16
    }

    /// Every distinct text of the table (city, county, state, time zone), once.
    private let names: [String]
    /// By code, ascending.
    private let zipRecords: [ZIPRecord]
    private let townRecords: [TownRecord]
    /// The towns' ZIP codes, as text: a town is made with them as they are.
    private let townZIPs: [String]
    /// The distinct `PlaceName.key`s of town names, sorted by their bytes, in one buffer: key `i` is
    /// `keyBytes[keyEnds[i - 1]..<keyEnds[i]]` (from 0 for the first).
    private let keyBytes: [UInt8]
    private let keyEnds: [UInt32]
    /// The towns of key `i` are `townsOfKey[keyTowns[i]..<keyTowns[i + 1]]`, the one with the most ZIP
    /// codes first (the likeliest meant when a name is shared).
    private let keyTowns: [UInt32]
    private let townsOfKey: [UInt32]
    /// The places of `Data/known-names.tsv` ("Queens", "NYC"), by the `KnownName.key` of what is typed,
    /// in the order of the file.
    let knownPlaces: [String: [KnownPlace]]

    /// The table from the text of `zips.tsv`, `cities.tsv` and `known-names.tsv`; a line that does not
    /// read, or a known name whose town or county is not in the table, throws.
    public init(zips: String, cities: String, knownNames: String = "") throws {
        var pool = NamePool()
        var zipRecords: [ZIPRecord] = []
        zipRecords.reserveCapacity(43_000)
        try TabSeparated.forEachLine(of: zips, fields: 7) { f in
            guard let code = Self.zipNumber(f[0]), let lat = Double(f[1]), let lng = Double(f[2]) else {
                throw PlaceTableError.badLine(f.joined(separator: "\t"))
            }
            zipRecords.append(
                ZIPRecord(
                    latitude: lat, longitude: lng, code: code, city: pool.number(f[3]), county: pool.number(f[5]),
                    state: UInt16(pool.number(f[4])), timeZone: UInt16(pool.number(f[6]))))
        }
        zipRecords.sort { $0.code < $1.code }
        var townRecords: [TownRecord] = []
        var townZIPs: [String] = []
        var keyOfTown: [[UInt8]] = []
        try TabSeparated.forEachLine(of: cities, fields: 5) { f in
            let codes = f[4].split(separator: " ").map(String.init)
            guard let lat = Double(f[2]), let lng = Double(f[3]), codes.allSatisfy({ Self.zipNumber($0) != nil }), codes.count <= Int(UInt16.max) else {
                throw PlaceTableError.badLine(f.joined(separator: "\t"))
            }
            townRecords.append(
                TownRecord(
                    latitude: lat, longitude: lng, name: pool.number(f[0]), firstZIP: UInt32(townZIPs.count), zipCount: UInt16(codes.count),
                    state: UInt16(pool.number(f[1]))))
            townZIPs.append(contentsOf: codes)
            keyOfTown.append(Array(PlaceName.key(f[0]).utf8))
        }
        let names = pool.names
        // By key; within a key, the most ZIP codes first, then by state.
        let order = townRecords.indices.sorted { a, b in
            if keyOfTown[a] != keyOfTown[b] { return keyOfTown[a].lexicographicallyPrecedes(keyOfTown[b]) }
            let (x, y) = (townRecords[a], townRecords[b])
            return x.zipCount != y.zipCount ? x.zipCount > y.zipCount : names[Int(x.state)] < names[Int(y.state)]
        }
        var keyBytes: [UInt8] = []
        var keyEnds: [UInt32] = []
        var keyTowns: [UInt32] = []
        for (position, town) in order.enumerated() where position == 0 || keyOfTown[town] != keyOfTown[order[position - 1]] {
            keyBytes.append(contentsOf: keyOfTown[town])
            keyEnds.append(UInt32(keyBytes.count))
            keyTowns.append(UInt32(position))
        }
        keyTowns.append(UInt32(order.count))
        knownPlaces = try Self.knownPlaces(
            KnownName.rows(knownNames), names: names, zipRecords: zipRecords, townRecords: townRecords, townZIPs: townZIPs, keyOfTown: keyOfTown)
        self.names = names
        self.zipRecords = zipRecords
        self.townRecords = townRecords
        self.townZIPs = townZIPs
        self.keyBytes = keyBytes
        self.keyEnds = keyEnds
        self.keyTowns = keyTowns
        townsOfKey = order.map { UInt32($0) }
    }

    /// Each known name's place: its town, or its counties' ZIP codes with their centroid (rounded as the
    /// towns' are). One pass over the towns and one over the ZIP codes, for the few names asked for.
    private static func knownPlaces(
        _ rows: [KnownName], names: [String], zipRecords: [ZIPRecord], townRecords: [TownRecord], townZIPs: [String], keyOfTown: [[UInt8]]
    ) throws -> [String: [KnownPlace]] {
        let wantedTowns = Set(rows.filter { $0.zips == .town }.map { Array(PlaceName.key($0.name).utf8) })
        var towns: [String: Town] = [:]
        for (index, key) in keyOfTown.enumerated() where wantedTowns.contains(key) {
            let town = Self.town(townRecords[index], names: names, townZIPs: townZIPs)
            towns[PlaceName.key(town.name) + "\t" + town.state] = town
        }
        // The counties by their numbers and their state's (each text is once in `names`).
        var wantedCounties: [Int: String] = [:]
        for row in rows {
            guard case .counties(let list) = row.zips, let state = names.firstIndex(of: row.state) else { continue }
            for county in list { if let number = names.firstIndex(of: county) { wantedCounties[number << 16 | state] = county + "\t" + row.state } }
        }
        var counties: [String: [ZIPRecord]] = [:]
        for r in zipRecords {
            if let county = wantedCounties[Int(r.county) << 16 | Int(r.state)] { counties[county, default: []].append(r) }
        }
        var found: [String: [KnownPlace]] = [:]
        for row in rows {
            let place: Town
            switch row.zips {
            case .town:
                guard let town = towns[PlaceName.key(row.name) + "\t" + row.state] else { throw PlaceTableError.unknownPlace(row.typed) }
                place = town
            case .counties(let list):
                var zips: [ZIPRecord] = []
                for county in list {
                    guard let found = counties[county + "\t" + row.state] else { throw PlaceTableError.unknownPlace(row.typed) }
                    zips += found
                }
                place = Self.area(row.name, state: row.state, zips: zips)
            }
            found[KnownName.key(row.typed), default: []].append(KnownPlace(place: place, asks: row.asks))
        }
        return found
    }

    /// The ZIP code, from its five digits ("80202") or ZIP+4 ("80202-1234").
    public func zip(_ code: String) -> ZIPCode? {
        guard let number = Self.zipNumber(String(code.drop { $0 == " " }.prefix(5))) else { return nil }
        var (low, high) = (0, zipRecords.count)
        while low < high {
            let middle = (low + high) / 2
            if zipRecords[middle].code < number { low = middle + 1 } else { high = middle }
        }
        guard low < zipRecords.count, zipRecords[low].code == number else { return nil }
        let r = zipRecords[low]
        return ZIPCode(
            code: Self.zipText(r.code), latitude: r.latitude, longitude: r.longitude, city: names[Int(r.city)], state: names[Int(r.state)],
            county: names[Int(r.county)], timeZone: names[Int(r.timeZone)])
    }

    /// Every town of that name, the one with the most ZIP codes first.
    public func towns(named name: String) -> [Town] {
        keyIndex(PlaceName.key(name)).map(towns(ofKey:)) ?? []
    }

    /// The town of that name in that state (its postal code).
    public func town(named name: String, state: String) -> Town? {
        guard let key = keyIndex(PlaceName.key(name)) else { return nil }
        return townIndices(ofKey: key).first { isTown($0, in: state) }.map { town(at: Int($0)) }
    }

    /// The town of that name in that state, and the towns of the same name in other states (for "not
    /// this one?"), each made once.
    func townAndOthers(named name: String, state: String) -> (Town, others: [Town])? {
        guard let key = keyIndex(PlaceName.key(name)) else { return nil }
        let all = townIndices(ofKey: key)
        guard let chosen = all.first(where: { isTown($0, in: state) }) else { return nil }
        return (town(at: Int(chosen)), all.filter { $0 != chosen }.map { town(at: Int($0)) })
    }

    /// The position of a key among the sorted keys (a binary search of their bytes).
    private func keyIndex(_ key: String) -> Int? {
        guard !key.isEmpty else { return nil }
        var key = key
        return key.withUTF8 { key in
            keyBytes.withUnsafeBufferPointer { bytes in
                keyEnds.withUnsafeBufferPointer { ends in
                    func order(_ index: Int) -> Int {
                        let range = keyRange(index, ends)
                        let common = memcmp(bytes.baseAddress! + range.lowerBound, key.baseAddress!, min(range.count, key.count))
                        return common != 0 ? Int(common) : range.count - key.count
                    }
                    var (low, high) = (0, ends.count)
                    while low < high {
                        let middle = (low + high) / 2
                        if order(middle) < 0 { low = middle + 1 } else { high = middle }
                    }
                    return low < ends.count && order(low) == 0 ? low : nil
                }
            }
        }
    }

    /// How many distinct town names there are (by `PlaceName.key`).
    var keyCount: Int { keyEnds.count }

    /// The bytes of the `index`th key.
    func key(_ index: Int) -> ArraySlice<UInt8> {
        keyEnds.withUnsafeBufferPointer { keyBytes[keyRange(index, $0)] }
    }

    /// Where the `index`th key lies in `keyBytes`.
    private func keyRange(_ index: Int, _ ends: UnsafeBufferPointer<UInt32>) -> Range<Int> {
        (index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])
    }

    private func isTown(_ index: UInt32, in state: String) -> Bool {
        names[Int(townRecords[Int(index)].state)] == state
    }

    /// The towns of the `index`th key, the one with the most ZIP codes first.
    func towns(ofKey index: Int) -> [Town] {
        townIndices(ofKey: index).map { town(at: Int($0)) }
    }

    private func townIndices(ofKey index: Int) -> ArraySlice<UInt32> {
        townsOfKey[Int(keyTowns[index])..<Int(keyTowns[index + 1])]
    }

    /// Every county (parish, borough…) of that name — "Prowers County", "acadia parish" — in `state` when
    /// given, as a place: its ZIP codes and their centroid. Reads every ZIP code (about 41,000): it is
    /// asked only for a text that ends with such a word.
    public func counties(named name: String, state: String? = nil) -> [Town] {
        let key = PlaceName.key(name)
        guard !key.isEmpty else { return [] }
        var matching: [UInt32: Bool] = [:]
        var found: [String: (name: String, state: String, zips: [ZIPRecord])] = [:]
        for r in zipRecords {
            let isMatch: Bool
            if let known = matching[r.county] {
                isMatch = known
            } else {
                isMatch = PlaceName.key(names[Int(r.county)]) == key
                matching[r.county] = isMatch
            }
            guard isMatch else { continue }
            let zipState = names[Int(r.state)]
            guard state == nil || state == zipState else { continue }
            found[zipState, default: (names[Int(r.county)], zipState, [])].zips.append(r)
        }
        return found.values.map { Self.area($0.name, state: $0.state, zips: $0.zips) }.sorted { ($0.zips.count, $1.state) > ($1.zips.count, $0.state) }
    }

    /// A place made of whole ZIP codes (a county, a borough, several counties): those codes in order, and
    /// their centroid as the point, rounded as the towns' points are (four decimals).
    private static func area(_ name: String, state: String, zips: [ZIPRecord]) -> Town {
        let sorted = zips.sorted { $0.code < $1.code }
        let count = Double(sorted.count)
        func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
        return Town(
            name: name, state: state, latitude: rounded(sorted.map(\.latitude).reduce(0, +) / count),
            longitude: rounded(sorted.map(\.longitude).reduce(0, +) / count), zips: sorted.map { zipText($0.code) })
    }

    /// The town whose ZIP codes include this one under its postal name.
    public func town(of zip: ZIPCode) -> Town? {
        town(named: zip.city, state: zip.state)
    }

    public var zipCount: Int { zipRecords.count }
    public var townCount: Int { townRecords.count }

    private func town(at index: Int) -> Town {
        Self.town(townRecords[index], names: names, townZIPs: townZIPs)
    }

    /// The town of a record of the table, from the table's texts (also while the table is being made).
    private static func town(_ r: TownRecord, names: [String], townZIPs: [String]) -> Town {
        let first = Int(r.firstZIP)
        return Town(
            name: names[Int(r.name)], state: names[Int(r.state)], latitude: r.latitude, longitude: r.longitude,
            zips: Array(townZIPs[first..<first + Int(r.zipCount)]))
    }

    /// 80202 for "80202"; nil unless exactly five digits.
    private static func zipNumber(_ text: String) -> UInt32? {
        guard text.utf8.count == 5, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return UInt32(text)
    }

    /// "00501" for 501.
    private static func zipText(_ number: UInt32) -> String {
        String(unsafeUninitializedCapacity: 5) { digits in
            var rest = number
            for i in (0..<5).reversed() {
                digits[i] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            return 5
        }
    }
}

/// Each distinct text once, numbered in the order first seen.
private struct NamePool {
    private(set) var names: [String] = []
    private var numbers: [String: UInt32] = [:]

    mutating func number(_ name: String) -> UInt32 {
        if let number = numbers[name] { return number }
        let number = UInt32(names.count)
        names.append(name)
        numbers[name] = number
        return number
    }
}

/// The lines of a tab-separated table, each split into its fields.
private enum TabSeparated {
    static func forEachLine(of text: String, fields count: Int, _ body: ([String]) throws -> Void) throws {
        var fields: [String] = []
        fields.reserveCapacity(count)
        for line in text.split(separator: "\n") {
            fields.removeAll(keepingCapacity: true)
            for field in line.split(separator: "\t", omittingEmptySubsequences: false) { fields.append(String(field)) }
            guard fields.count == count else { throw PlaceTableError.badLine(String(line)) }
            try body(fields)
        }
    }
}

enum PlaceTableError: Error, Equatable {
    case badLine(String)
    /// A known name whose town or county the table does not have.
    case unknownPlace(String)
}
