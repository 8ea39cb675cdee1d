import Foundation
import Testing

@testable import Places

/// The names people use for big-city places (`Data/known-names.tsv`): New York City's boroughs and the
/// cities' short names, against the real shipped table.
@Suite struct KnownNameTests {
    let table = PlaceTable.unitedStates

    /// Each borough is its county: its ZIP codes are the county's, its point their centroid (worked out from
    /// zips.tsv, not written anywhere).
    @Test(arguments: [
        ("Queens", "Queens County"), ("Brooklyn", "Kings County"), ("The Bronx", "Bronx County"), ("Bronx", "Bronx County"),
        ("Staten Island", "Richmond County"), ("Manhattan, NY", "New York County"),
    ])
    func aBoroughIsItsCounty(_ typed: String, _ county: String) throws {
        guard case .town(let place, _) = table.parse(typed) else {
            Issue.record("\(typed): \(String(describing: table.parse(typed)))")
            return
        }
        #expect(place.state == "NY")
        let zips = try #require(table.counties(named: county, state: "NY").first)
        #expect(Set(place.zips) == Set(zips.zips) && place.zips == place.zips.sorted())
        #expect(abs(place.latitude - zips.latitude) < 0.0001 && abs(place.longitude - zips.longitude) < 0.0001)
        #expect(place.zips.allSatisfy { table.zip($0)?.county == county })
    }

    @Test func queensIsQueensNotATownElsewhere() throws {
        #expect(table.towns(named: "Queens").isEmpty, "no post office is called Queens")
        for typed in ["Queens", "queens", "QUEENS.", "Queens, NY", "Queens NY", "Queens, New York", "queens new york", "Queens, NY, USA"] {
            #expect(table.parse(typed)?.label == "Queens, NY", "\(typed)")
        }
        let queens = try #require(table.parse("Queens")?.point)
        // Between Flushing, Jamaica and Astoria.
        #expect((40.65...40.78).contains(queens.latitude) && (-73.90 ... -73.75).contains(queens.longitude), "\(queens)")
        #expect(table.parse("Jamaica, NY 11432")?.label == "11432 (Jamaica, NY)", "a ZIP in an address still wins")
        #expect(table.parse("Queens County")?.label == "Queens County, NY", "the county by its own name as before")
    }

    @Test func manhattanAloneIsAskedTheBoroughFirst() throws {
        guard case .ambiguous(let places) = table.parse("Manhattan") else {
            Issue.record("not asked: \(String(describing: table.parse("Manhattan")))")
            return
        }
        #expect(places.first?.label == "Manhattan, NY")
        #expect(places.first?.zips.contains("10001") == true, "the borough, not ZIP 10048 alone")
        #expect(Set(places.dropFirst().map(\.state)).isSuperset(of: ["KS", "IL", "MT", "NV"]))
        #expect(places.filter { $0.state == "NY" }.count == 1)
        // Even when the directory has groups near one of them: the person says which.
        if case .ambiguous = table.parse("Manhattan", nearestGroupKm: { $0.state == "KS" ? 2 : nil }) {} else { Issue.record("settled") }
        // With the state, each goes straight to its place, the others offered.
        guard case .town(let kansas, _) = table.parse("Manhattan, KS") else { Issue.record("no Manhattan, KS"); return }
        #expect(kansas.state == "KS" && kansas.zips.contains("66502"))
        guard case .town(let borough, let others) = table.parse("manhattan new york") else { Issue.record("no Manhattan, NY"); return }
        #expect(borough.label == "Manhattan, NY" && borough.zips.count > 100)
        #expect(others.contains { $0.state == "KS" } && !others.contains { $0.state == "NY" })
    }

    /// Short names, in any case, with periods, a country or accents; each is the city it stands for.
    @Test(arguments: [
        ("NYC", "New York City, NY"), ("nyc", "New York City, NY"), ("N.Y.C.", "New York City, NY"), ("NYC, NY", "New York City, NY"),
        ("New York City", "New York City, NY"), ("new york city, usa", "New York City, NY"), ("Nueva York", "New York City, NY"),
        ("LA, CA", "Los Angeles, CA"), ("L.A., CA", "Los Angeles, CA"), ("LA California", "Los Angeles, CA"), ("Los Ángeles", "Los Angeles, CA"),
        ("los angeles", "Los Angeles, CA"), ("SF", "San Francisco, CA"), ("S.F.", "San Francisco, CA"), ("sf, ca", "San Francisco, CA"),
        ("San Francisco", "San Francisco, CA"),
        ("Philly", "Philadelphia, PA"), ("Filadelfia", "Philadelphia, PA"), ("Vegas", "Las Vegas, NV"), ("vegas nv", "Las Vegas, NV"),
        ("NOLA", "New Orleans, LA"), ("Nola.", "New Orleans, LA"), ("Nueva Orleans", "New Orleans, LA"), ("St Louis", "Saint Louis, MO"),
        ("Saint Louis", "Saint Louis, MO"), ("St. Louis", "Saint Louis, MO"), ("ST. LOUIS, MO, USA", "Saint Louis, MO"),
    ])
    func aShortNameIsItsCity(_ typed: String, _ label: String) {
        #expect(table.parse(typed)?.label == label)
    }

    /// New York City is its five boroughs: their ZIP codes, and a point among them.
    @Test func newYorkCityIsItsFiveBoroughs() throws {
        guard case .town(let city, _) = table.parse("NYC") else { Issue.record("not a place"); return }
        let boroughs = ["New York County", "Kings County", "Queens County", "Bronx County", "Richmond County"]
        #expect(city.zips.count == boroughs.reduce(0) { $0 + (table.counties(named: $1, state: "NY").first?.zips.count ?? 0) })
        #expect(Set(city.zips.compactMap { table.zip($0)?.county }) == Set(boroughs))
        #expect((40.6...40.8).contains(city.latitude) && (-74.05 ... -73.85).contains(city.longitude), "\(city.latitude), \(city.longitude)")
        // "New York" is still the town (the state's name, read as the city people look near).
        #expect(table.parse("New York")?.label == "New York, NY" && table.parse("New York, NY")?.label == "New York, NY")
    }

    /// Two letters that are a state's code stay the state; short names give way to the postal towns they
    /// are not.
    @Test func stateCodesAndRealTownsKeepTheirMeaning() {
        #expect(table.parse("LA") == .state("LA"))
        #expect(table.parse("L.A.") == .state("LA"))
        #expect(table.parse("DC") == .state("DC"))
        #expect(table.parse("NY") == .state("NY"))
        #expect(table.towns(named: "La").isEmpty && table.towns(named: "Dc").isEmpty && table.towns(named: "Nola").isEmpty)
        // The postal towns of those names in other states are still theirs.
        #expect(table.parse("Brooklyn, MI")?.label == "Brooklyn, MI")
        #expect(table.parse("San Francisco, CO")?.label == "San Francisco, CO")
        guard case .town(let brooklyn, let others) = table.parse("Brooklyn") else { Issue.record("no Brooklyn"); return }
        #expect(brooklyn.label == "Brooklyn, NY" && others.contains { $0.label == "Brooklyn, MI" })
    }

    @Test func theKnownNamesFileReadsAndEveryRowIsAPlace() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Places/Data/known-names.tsv")
        let rows = try KnownName.rows(String(contentsOf: url, encoding: .utf8))
        #expect(rows.count >= 15)
        for row in rows {
            let places = table.knownPlaces[KnownName.key(row.typed)] ?? []
            #expect(places.contains { $0.place.name == row.name && $0.place.state == row.state && !$0.place.zips.isEmpty }, "\(row.typed)")
        }
    }

    @Test func aKnownNameOfNoPlaceIsRefused() {
        let zip = "11101\t40.7447\t-73.9485\tLong Island City\tNY\tQueens County\tAmerica/New_York"
        let city = "Long Island City\tNY\t40.7447\t-73.9485\t11101"
        #expect((try? PlaceTable(zips: zip, cities: city, knownNames: "# a comment\n\nQueens\tNY\tQueens\tcounty:Queens County\tis\n")) != nil)
        for (row, error) in [
            ("Queens\tNY\tQueens\tcounty:Kings County\tis", PlaceTableError.unknownPlace("Queens")),
            ("LIC\tNY\tAstoria\ttown\tis", .unknownPlace("LIC")),
            ("Queens\tXX\tQueens\tcounty:Queens County\tis", .badLine("Queens\tXX\tQueens\tcounty:Queens County\tis")),
            ("Queens\tNY\tQueens\tcounty:Queens County\tmaybe", .badLine("Queens\tNY\tQueens\tcounty:Queens County\tmaybe")),
            ("Queens\tNY\tQueens\tborough:Queens\tis", .badLine("Queens\tNY\tQueens\tborough:Queens\tis")),
            (
                "Queens\tNY\tQueens\tcounty:Queens County\tis\nqueens.\tNY\tQueens\tcounty:Queens County\tis",
                .badLine("queens.\tNY\tQueens\tcounty:Queens County\tis")
            ),
        ] {
            #expect(throws: error) { try PlaceTable(zips: zip, cities: city, knownNames: row) }
        }
    }
}
