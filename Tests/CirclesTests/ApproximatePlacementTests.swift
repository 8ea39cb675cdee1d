import Foundation
import TestSupport
import Testing

@testable import Circles

/// Coordinators never type coordinates: a place without them is put at its ZIP code's (or town's) centre.
@Suite struct ApproximatePlacementTests {
    @Test func aNewPlaceWithoutCoordinatesGetsItsZIPCodesAndExactOnesReplaceThem() throws {
        let app = try TestApp()
        let key = try app.key()
        let organization = try app.makeOrganization("harbor", key: key)
        let created = try app.send(
            "POST", "/api/v1/locations", key: key,
            json: ["organization_id": organization, "name": "Harbor Hall", "kind": "community_center", "zip": "80202"])
        #expect(created.status == 201, "\(created.text)")
        let place = created.jsonObject
        #expect(abs((place["latitude"] as? Double ?? 0) - 39.7491) < 0.001 && abs((place["longitude"] as? Double ?? 0) + 104.9946) < 0.001)
        #expect(place["coordinates_approximate"] as? Bool == true)
        let id = try #require(place["id"] as? Int)

        // A new ZIP code moves an approximate place with it.
        let moved = try app.change("PATCH", "/api/v1/locations/\(id)", key: key, json: ["zip": "81052"])
        #expect(moved.status == 200)
        #expect(abs((moved.jsonObject["latitude"] as? Double ?? 0) - 38.08) < 0.05 && moved.jsonObject["coordinates_approximate"] as? Bool == true)

        let exact = try app.change("PATCH", "/api/v1/locations/\(id)", key: key, json: ["latitude": 38.0805, "longitude": -102.6168])
        #expect(exact.jsonObject["coordinates_approximate"] as? Bool == false && exact.jsonObject["latitude"] as? Double == 38.0805)
        // Exact coordinates stay when the ZIP code changes.
        let kept = try app.change("PATCH", "/api/v1/locations/\(id)", key: key, json: ["zip": "80202"])
        #expect(kept.jsonObject["latitude"] as? Double == 38.0805 && kept.jsonObject["coordinates_approximate"] as? Bool == false)
    }

    @Test func aTownAndStateAreEnoughAndOnlinePlacesStayUnplaced() throws {
        let app = try TestApp()
        let key = try app.key()
        let organization = try app.makeOrganization("harbor", key: key)
        let town = try app.send(
            "POST", "/api/v1/locations", key: key,
            json: ["organization_id": organization, "name": "Hall", "kind": "other", "city": "Lakewood", "state": "CO"]
        ).jsonObject
        #expect(town["coordinates_approximate"] as? Bool == true && abs((town["latitude"] as? Double ?? 0) - 39.69) < 0.05)
        let online = try app.send(
            "POST", "/api/v1/locations", key: key, json: ["organization_id": organization, "name": "Room", "kind": "online", "zip": "80202"]
        ).jsonObject
        #expect(online["latitude"] == nil && online["coordinates_approximate"] as? Bool == false)
    }

    @Test func theCSVImportPlacesRowsWithoutCoordinatesAndSaysHowMany() throws {
        let app = try TestApp()
        let text = try String(contentsOfFile: TestHTTP.repositoryRoot + "/Public/examples/groups.csv", encoding: .utf8)
        let report = try DirectoryTransfer.importCSV(app.database, text: text, apply: true)
        #expect(report.outcome.committed, "\(report.problemLines)")
        #expect(report.placedApproximately > 0 && report.summary.contains("placed approximately"), "\(report.summary)")
        let groups = try app.get("/api/v1/groups?where=Springfield%2C%20IL").jsonObject["data"] as? [[String: Any]] ?? []
        #expect(!groups.isEmpty, "the imported groups are found near their town")
        let location = groups.first?["location"] as? [String: Any]
        #expect(location?["coordinates_approximate"] as? Bool == true)
        let slug = try #require(groups.first?["slug"] as? String)
        #expect(try app.get("/groups/\(slug)").text.contains("Open the area near 62701 on a map"))
    }
}
