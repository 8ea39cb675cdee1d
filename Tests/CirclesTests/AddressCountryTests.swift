import Foundation
import TestSupport
import Testing

@testable import Circles

/// A place's country: kept with the place, in the API, HSDS and CSV, and the address country search
/// engines read from a group page (a Berlin group is not in the US).
@Suite struct AddressCountryTests {
    @Test func aBerlinGroupPageSaysGermany() throws {
        let app = try TestApp()
        let admin = try app.key()
        let org = try app.makeOrganization("spree", key: admin)
        let place = try app.send(
            "POST", "/api/v1/locations", key: admin,
            json: [
                "organization_id": org, "name": "Nachbarschaftshaus", "kind": "community_center", "address": "Friedrichstraße 1", "city": "Berlin",
                "zip": "10117", "country": "DE",
            ])
        #expect(place.status == 201, "\(place.text)")
        #expect(place.jsonObject["country"] as? String == "DE")
        let placeId = try #require(place.jsonObject["id"] as? Int)
        #expect(
            try app.send(
                "POST", "/api/v1/locations", key: admin, json: ["organization_id": org, "name": "Elsewhere", "kind": "other", "country": "Germany"]
            ).status == 422)
        let group = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: ["organization_id": org, "name": "Trauergruppe Mitte", "format": "in_person", "time_zone": "Europe/Berlin", "location_id": placeId])
        let id = try #require(group.jsonObject["id"] as? Int)
        let tomorrow = Date().addingTimeInterval(86_400)
        let day = ISO8601DateFormatter.string(from: tomorrow, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        #expect(
            try app.send(
                "POST", "/api/v1/groups/\(id)/schedules", key: admin,
                json: [
                    "frequency": "weekly", "weekdays": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
                    "start_time": "19:00", "starts_on": day,
                ]
            ).status == 201)
        let page = try app.get("/groups/trauergruppe-mitte")
        #expect(page.status == 200)
        #expect(page.text.contains("\"addressCountry\":\"DE\""), "the place's country, not US")
        #expect(!page.text.contains("\"addressCountry\":\"US\""))
        // HSDS carries it, and the CSV export names it.
        #expect(try app.get("/hsds/locations").text.contains("\"country\":\"DE\""))
        let csv = try DirectoryTransfer.exportCSV(app.database)
        #expect(csv.contains(",DE,"), "\(csv)")
    }
}
