import Foundation
import Testing

@testable import Places

/// "Where?" against the real shipped table (Sources/Places/Data).
@Suite struct PlaceParserTests {
    let table = PlaceTable.unitedStates

    @Test func theTableHoldsEveryZIPAndTown() {
        #expect(table.zipCount > 41_000)
        #expect(table.townCount > 30_000)
        let zip = table.zip("80202")
        #expect(zip?.city == "Denver" && zip?.state == "CO" && zip?.county == "Denver County" && zip?.timeZone == "America/Denver")
        #expect(abs((zip?.latitude ?? 0) - 39.7491) < 0.001 && abs((zip?.longitude ?? 0) + 104.9946) < 0.001)
        #expect(table.town(named: "Brooklyn", state: "NY")?.zips.contains("11201") == true)
    }

    /// The compact table gives back every line of the shipped files as it is: each ZIP code with its
    /// point, city, state, county and time zone; each town, among those of its name, with its point and
    /// its ZIP codes in their order.
    @Test func everyLineOfTheShippedFilesComesBackAsItIs() throws {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Places/Data")
        var zips = 0
        for line in try String(contentsOf: data.appendingPathComponent("zips.tsv"), encoding: .utf8).split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let expected = ZIPCode(
                code: f[0], latitude: Double(f[1])!, longitude: Double(f[2])!, city: f[3], state: f[4], county: f[5], timeZone: f[6])
            if table.zip(f[0]) != expected { Issue.record("ZIP \(f[0]): \(String(describing: table.zip(f[0])))") }
            zips += 1
        }
        var towns = 0
        for line in try String(contentsOf: data.appendingPathComponent("cities.tsv"), encoding: .utf8).split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let expected = Town(
                name: f[0], state: f[1], latitude: Double(f[2])!, longitude: Double(f[3])!, zips: f[4].split(separator: " ").map(String.init))
            if !table.towns(named: f[0]).contains(expected) { Issue.record("town \(f[0]), \(f[1]) is missing or changed") }
            towns += 1
        }
        #expect(zips == table.zipCount && towns == table.townCount)
        #expect(table.zip("00000") == nil && table.zip("99999") == nil && table.zip("8020") == nil && table.zip("abcde") == nil)
    }

    @Test func aMalformedLineOfTheFilesIsRefusedByName() {
        let zip = "80202\t39.7491\t-104.9946\tDenver\tCO\tDenver County\tAmerica/Denver"
        #expect((try? PlaceTable(zips: zip, cities: "Denver\tCO\t39.7\t-104.9\t80202")) != nil)
        for (zips, cities) in [
            ("8020\t39.7\t-104.9\tDenver\tCO\tDenver County\tAmerica/Denver", ""), ("80202\tnorth\t-104.9\tDenver\tCO\tDenver County\tAmerica/Denver", ""),
            ("80202\t39.7\t-104.9\tDenver\tCO", ""), (zip, "Denver\tCO\t39.7\t-104.9\t80202 8020x"),
        ] {
            #expect(throws: PlaceTableError.self) { try PlaceTable(zips: zips, cities: cities) }
        }
    }

    @Test func townsOfOneNameComeWithTheMostZIPCodesFirst() {
        let denvers = table.towns(named: "denver")
        #expect(denvers.first?.state == "CO")
        #expect(zip(denvers, denvers.dropFirst()).allSatisfy { $0.zips.count >= $1.zips.count })
        #expect(table.towns(named: "") == [] && table.towns(named: "Nowhereville Xyz") == [])
    }

    @Test(arguments: [
        ("80202", "80202 (Denver, CO)"), ("80202-1234", "80202 (Denver, CO)"), (" 80206 ", "80206 (Denver, CO)"),
        ("Denver", "Denver, CO"), ("Denver, CO", "Denver, CO"), ("Denver CO", "Denver, CO"), ("denver colorado", "Denver, CO"),
        ("  DENVER ,   co ", "Denver, CO"), ("Brooklyn, NY", "Brooklyn, NY"), ("Brooklyn", "Brooklyn, NY"), ("10001", "10001 (New York, NY)"),
        ("CO", "Colorado"), ("Colorado", "Colorado"), ("colorado", "Colorado"), ("new york", "New York, NY"),
        ("Aurora, CO", "Aurora, CO"), ("Lakewood CO", "Lakewood, CO"), ("st. louis, mo", "Saint Louis, MO"), ("Salt Lake City Utah", "Salt Lake City, UT"),
    ])
    func everyFormOfWhere(_ text: String, _ label: String) {
        #expect(table.parse(text)?.label == label)
    }

    /// What people type beside the place: a street address's town and ZIP, a country, a closing period,
    /// digits from a phone's full-width keyboard.
    @Test(arguments: [
        ("Denver, CO 80218", "80218 (Denver, CO)"), ("Denver 80218", "80218 (Denver, CO)"), ("80218, Denver", "80218 (Denver, CO)"),
        ("1 Main St, Denver, CO 80218-1234", "80218 (Denver, CO)"), ("80218.", "80218 (Denver, CO)"), ("８０２１８", "80218 (Denver, CO)"),
        ("Denver, CO, USA", "Denver, CO"), ("Denver, CO, United States", "Denver, CO"), ("Denver.", "Denver, CO"), ("Denver, CO.", "Denver, CO"),
    ])
    func whatIsTypedAroundThePlace(_ text: String, _ label: String) {
        #expect(table.parse(text)?.label == label)
    }

    @Test func aHouseNumberIsNoZIPCode() {
        // 12345 is Schenectady's: before a street it is a house number, and the town is the place.
        #expect(table.parse("12345 Main St, Denver, CO")?.label != "12345 (Schenectady, NY)")
    }

    /// Rural people name their county; one of that name is the place, several are asked about.
    @Test func aCountyIsAPlace() throws {
        #expect(table.parse("Prowers County")?.label == "Prowers County, CO")
        #expect(table.parse("Prowers County, CO")?.label == "Prowers County, CO")
        #expect(table.parse("Denver County")?.label == "Denver County, CO")
        #expect(table.parse("acadia parish")?.label == "Acadia Parish, LA")
        guard case .town(let prowers, _) = table.parse("prowers county co") else { Issue.record("no county"); return }
        #expect(prowers.zips.contains("81052") && prowers.state == "CO", "Lamar, CO is in Prowers County")
        let lamar = try #require(table.zip("81052"))
        #expect(abs(prowers.latitude - lamar.latitude) < 0.5 && abs(prowers.longitude - lamar.longitude) < 0.7)
        guard case .ambiguous(let lamars) = table.parse("Lamar County") else { Issue.record("not asked"); return }
        #expect(Set(lamars.map(\.state)).isSuperset(of: ["AL", "GA", "MS", "TX"]))
        #expect(table.parse("Lamar County, TX")?.label == "Lamar County, TX")
        if case .unknown = table.parse("Nowhere County") {} else { Issue.record("a county nobody knows is unknown") }
    }

    @Test func aTownAndAZipHaveAPointAStateHasNone() {
        #expect(table.parse("80202")?.point != nil)
        #expect(table.parse("Denver")?.point != nil)
        #expect(table.parse("CO")?.point == nil)
        #expect(table.parse("   ") == nil)
    }

    @Test func springfieldAsksWhichListingTheStates() {
        guard case .ambiguous(let towns) = table.parse("Springfield") else { Issue.record("not ambiguous"); return }
        let states = Set(towns.map(\.state))
        #expect(states.isSuperset(of: ["IL", "MA", "MO", "OH", "OR"]))
        #expect(towns.first?.state == "IL")
        #expect(table.parse("Springfield, MA")?.label == "Springfield, MA")
    }

    @Test func aPreferredTownSettlesASharedName() {
        // Aurora, CO and Aurora, IL are both large: the directory's groups decide.
        #expect(table.parse("Aurora", nearestGroupKm: { $0.state == "IL" ? 3 : nil })?.label == "Aurora, IL")
        guard case .town(let town, let others) = table.parse("Aurora", nearestGroupKm: { $0.state == "CO" ? 30 : nil }) else {
            Issue.record("no town")
            return
        }
        #expect(town.state == "CO" && others.contains { $0.state == "IL" })
        // Groups near two of them: the one with a group within ten miles.
        #expect(table.parse("Lakewood", nearestGroupKm: { ["CO": 8, "CA": 23][$0.state] })?.label == "Lakewood, CO")
        #expect(table.parse("Lakewood", nearestGroupKm: { ["CO": 30, "CA": 23][$0.state] }) == .ambiguous(table.towns(named: "Lakewood")))
        // A small namesake with groups does not take the name from the large towns (Springfield, NJ).
        if case .ambiguous = table.parse("Springfield", nearestGroupKm: { $0.state == "NJ" ? 20 : nil }) {} else { Issue.record("not asked") }
    }

    @Test func anUnknownPlaceSuggestsTheClosestSpellings() {
        guard case .unknown(let suggestions) = table.parse("Denvr") else { Issue.record("not unknown"); return }
        #expect(suggestions.first?.label == "Denver, CO")
        guard case .unknown(let inState) = table.parse("Sprngfield, MA") else { Issue.record("not unknown"); return }
        #expect(inState.map(\.label) == ["Springfield, MA"])
        #expect(table.parse("Qwxzy") == .unknown(suggestions: []))
        #expect(table.parse("00000") == .unknown(suggestions: []))
    }

    @Test func editDistanceCountsSwapsAsOne() {
        #expect(EditDistance.between(Array("greif".utf8), Array("grief".utf8), atMost: 2) == 1)
        #expect(EditDistance.between(Array("sucide".utf8), Array("suicide".utf8), atMost: 2) == 1)
        #expect(EditDistance.between(Array("abcdef".utf8), Array("uvwxyz".utf8), atMost: 2) == nil)
    }
}
