import Foundation
import Testing

@testable import Circles

/// "Where?" through the API and the search page, on the demo directory and the shipped place table.
@Suite(.serialized) struct PlaceSearchTests {
    static let app = Result { try TestApp(demo: true) }

    func groups(_ query: String) throws -> (status: Int, data: [[String: Any]], body: [String: Any]) {
        let response = try Self.app.get().get("/api/v1/groups?" + query)
        let body = response.jsonObject
        return (response.status, body["data"] as? [[String: Any]] ?? [], body)
    }

    @Test(arguments: [
        "where=80202", "where=80202-1234", "where=80206", "where=Aurora", "where=Lakewood", "where=Denver", "where=Denver%2C%20CO",
        "where=Denver%20CO", "where=denver%20colorado", "where=%20%20DENVER%20%20", "where=Brooklyn", "where=Brooklyn%2C%20NY", "where=10001",
    ])
    func everyFormFindsTheGroupsNearIt(_ query: String) throws {
        let (status, data, _) = try groups(query + "&limit=100")
        #expect(status == 200)
        #expect(!data.isEmpty, "\(query)")
        let distances = data.compactMap { $0["distance_km"] as? Double }
        #expect(distances.count == data.count && distances == distances.sorted(), "nearest first: \(distances)")
        #expect(distances.allSatisfy { $0 <= 25 * 1.609344 + 0.1 }, "within 25 miles")
        for group in data {
            let km = group["distance_km"] as? Double ?? -1, miles = group["distance_mi"] as? Double ?? -1
            #expect(abs(miles - km / 1.609344) < 0.11, "both units: \(km) km, \(miles) mi")
        }
    }

    @Test func aStateIsTheStateFilter() throws {
        let byName = try groups("where=Colorado&limit=100").data.map { $0["slug"] as? String ?? "" }
        let byCode = try groups("state=CO&limit=100").data.map { $0["slug"] as? String ?? "" }
        #expect(!byName.isEmpty && byName == byCode)
        #expect(try groups("where=co&limit=100").data.count == byCode.count)
    }

    @Test func theRadiusIsInMilesOrKilometres() throws {
        let five = try groups("where=80202&radius_mi=5&limit=100").data
        let fifty = try groups("where=80202&radius_mi=50&limit=100").data
        #expect(five.allSatisfy { ($0["distance_mi"] as? Double ?? 99) <= 5.05 })
        #expect(fifty.count >= five.count)
        let kilometres = try groups("where=80202&radius_km=8&limit=100").data
        #expect(kilometres.allSatisfy { ($0["distance_km"] as? Double ?? 99) <= 8.05 })
        let both = try groups("where=80202&radius_km=8&radius_mi=5")
        #expect(both.status == 400 && "\(both.body)".contains("radius_mi"))
    }

    @Test func aSharedNameIsRefusedWithTheStates() throws {
        let (status, _, body) = try groups("where=Springfield")
        #expect(status == 400)
        let errors = body["errors"] as? [[String: Any]] ?? []
        let message = errors.first { $0["field"] as? String == "where" }?["message"] as? String ?? ""
        #expect(message.contains("Springfield, IL") && message.contains("Springfield, MA") && message.contains("Springfield, MO"), "\(message)")
        #expect(try groups("where=Springfield%2C%20IL").status == 200)
    }

    @Test func anUnknownPlaceSuggestsSpellings() throws {
        let (status, _, body) = try groups("where=Denvr")
        #expect(status == 400)
        #expect("\(body)".contains("Denver, CO"))
        #expect(try groups("where=Zzqxv").status == 400)
    }

    @Test func remoteIncludesPhoneOnlyGroups() throws {
        let formats = Set(try groups("remote=true&limit=100").data.compactMap { $0["format"] as? String })
        #expect(formats.contains("phone") && formats.contains("online") && !formats.contains("in_person"), "\(formats)")
        let home = try Self.app.get().get("/").text
        #expect(home.contains("href=\"/search?remote=true\""))
    }

    @Test func thePageShowsDistancesAndTheGroupsOnlineBeside() throws {
        let page = try Self.app.get().get("/search?where=80202").text
        #expect(page.contains("mi away"))
        #expect(page.contains("id=\"f-where\"") && page.contains("value=\"80202\""))
        #expect(page.contains("<div class=\"results-remote\" id=\"results-remote\">"), "the online and phone groups shown")
        #expect(page.contains("Printable list"))
    }

    /// Phones see the count and the results first after a search: the filters fold behind "Change the search".
    /// The online groups beside a place say their time on the place's clock too, without JavaScript.
    @Test func resultsComeFirstAndRemoteTimesAreOnThePlacesClock() throws {
        let page = try Self.app.get().get("/search?where=80202").text
        #expect(page.contains("<details class=\"search-fold\">") && page.contains("Change the search"), "folded after a search")
        #expect(try Self.app.get().get("/search").text.contains("<details class=\"search-fold\" open>"), "open before one")
        let remote = page.components(separatedBy: "data-remote").dropFirst()
        #expect(!remote.isEmpty)
        for card in remote {
            let line = String(card.prefix(while: { $0 != "\n" }))
            // "…>Tuesday, December 15, 1:00 pm Eastern</time><span class="local-time"> · 11:00 am Mountain</span>"
            if line.contains("data-zone=\"America/Denver\"") { continue }
            #expect(line.contains("data-place-zone=\"America/Denver\""), "\(line)")
            #expect(line.range(of: #"<span class="local-time"> · \d{1,2}:\d\d\x{00A0}[ap]m Mountain</span>"#, options: .regularExpression) != nil, "\(line)")
        }
    }

    @Test func thePageAsksWhichSpringfield() throws {
        let page = try Self.app.get().get("/search?where=Springfield").text
        #expect(page.contains("Which one do you mean?"))
        #expect(page.contains("href=\"/search?where=Springfield%2C%20IL") || page.contains("href=\"/search?where=Springfield%2C+IL"), "one tap each")
        #expect(!page.contains("Printable list"))
        let unknown = try Self.app.get().get("/search?where=Denvr").text
        #expect(unknown.contains("We don’t know a place called “Denvr”") && unknown.contains("Denver, CO"))
        #expect(unknown.contains("You can also <a href="), "\(unknown)")
        // In Spanish, every sentence of the question is Spanish.
        let spanish = try Self.app.get().get("/es/search?where=Denvr").text
        #expect(spanish.contains("También puede <a href=") && spanish.contains("a los que puede unirse desde cualquier lugar."), "\(spanish)")
        #expect(!spanish.contains("You can also") && !spanish.contains("which you can join from anywhere"))
    }

    @Test func nothingWithinTheRadiusShowsTheNearestBeyondIt() throws {
        // No group meets within 25 miles of Springfield, IL: the nearest are shown with their distance.
        let page = try Self.app.get().get("/search?where=Springfield%2C%20IL").text
        #expect(page.contains("No group within 25 miles of Springfield, IL"))
        #expect(page.contains("The nearest group is in "), "\(page)")
        #expect(page.contains("id=\"results-beyond\"") && page.contains("mi away"))
        #expect(page.contains("Look within 50 miles") && page.contains("Look within 100 miles"))
        #expect(!page.contains("Printable list") && !page.contains("Which of these meet today"))
        #expect(page.contains("Also online and by phone"))
    }
}
