import Foundation
import Testing

@testable import Circles

/// The names people use for big-city places (Queens, NYC, Manhattan) through the real server: the API
/// says which place it used (`place`), gives the places an unclear one may mean as data (`candidates`),
/// and the search page asks which Manhattan.
@Suite(.serialized) struct PlaceNameSearchTests {
    static let app = Result { try TestApp(demo: true) }

    func groups(_ query: String) throws -> (status: Int, body: [String: Any], raw: [UInt8]) {
        let response = try Self.app.get().get("/api/v1/groups?" + query)
        return (response.status, response.jsonObject, response.body)
    }

    /// The schema `Public/openapi.json` documents for this status of GET /api/v1/groups.
    func documentedErrors(_ body: [String: Any], status: Int) throws -> [String] {
        let document = try OpenAPITests.loadDocument()
        let validator = JSONSchemaValidator(document: document)
        var response: Any? = (((document["paths"] as? [String: Any])?["/api/v1/groups"] as? [String: Any])?["get"] as? [String: Any])
            .flatMap { ($0["responses"] as? [String: Any])?[String(status)] }
        if let ref = (response as? [String: Any])?["$ref"] as? String { response = validator.resolve(ref) }
        let content = try #require((response as? [String: Any])?["content"] as? [String: [String: Any]])
        let schema = try #require((content["application/json"] ?? content["application/problem+json"])?["schema"])
        return validator.errors(body, schema)
    }

    @Test func queensFindsTheGroupsNearItAndSaysSo() throws {
        for query in ["where=Queens", "where=Queens%2C%20NY", "where=queens%2C%20new%20york"] {
            let (status, body, _) = try groups(query + "&limit=100")
            #expect(status == 200, "\(query): \(body)")
            let data = body["data"] as? [[String: Any]] ?? []
            #expect(!data.isEmpty, "\(query)")
            #expect(data.allSatisfy { ($0["distance_km"] as? Double ?? 99) <= 25 * 1.609344 + 0.1 })
            let place = body["place"] as? [String: Any] ?? [:]
            #expect(place["label"] as? String == "Queens, NY" && place["name"] as? String == "Queens" && place["state"] as? String == "NY", "\(place)")
            let latitude = place["latitude"] as? Double ?? 0, longitude = place["longitude"] as? Double ?? 0
            #expect((40.65...40.78).contains(latitude) && (-73.90 ... -73.75).contains(longitude), "\(place)")
            #expect(place["radius_km"] as? Double == 40.2 && place["radius_mi"] as? Double == 25 && place["zip"] == nil)
            #expect(try documentedErrors(body, status: 200) == [])
        }
        // From the cache, the same answer.
        #expect(try groups("where=Queens&limit=100").raw == groups("where=Queens&limit=100").raw)
    }

    @Test func everyPlaceIsSaidAsData() throws {
        let zip = try groups("where=80202&radius_mi=5").body["place"] as? [String: Any] ?? [:]
        #expect(zip["zip"] as? String == "80202" && zip["name"] as? String == "Denver" && zip["label"] as? String == "80202 (Denver, CO)")
        #expect(zip["radius_mi"] as? Double == 5 && zip["radius_km"] as? Double == 8 && zip["latitude"] is Double)
        let nyc = try groups("where=NYC").body
        #expect((nyc["place"] as? [String: Any])?["label"] as? String == "New York City, NY", "\(nyc)")
        #expect(((try groups("where=Philly").body["place"]) as? [String: Any])?["label"] as? String == "Philadelphia, PA")
        let state = try groups("where=Colorado").body
        let place = state["place"] as? [String: Any] ?? [:]
        #expect(place as NSDictionary == ["label": "Colorado", "name": "Colorado", "state": "CO"] as NSDictionary)
        #expect(try documentedErrors(state, status: 200) == [])
        // Without where, no place: the answer is what it was.
        for query in ["limit=5", "near=39.74,-104.99", "state=CO"] {
            let (status, body, raw) = try groups(query)
            #expect(status == 200 && body["place"] == nil && !String(decoding: raw, as: UTF8.self).contains("\"place\""), "\(query)")
        }
    }

    @Test func manhattanIsRefusedWithTheCandidatesAsData() throws {
        let (status, body, _) = try groups("where=Manhattan")
        #expect(status == 400)
        let candidates = body["candidates"] as? [[String: Any]] ?? []
        #expect(candidates.first?["label"] as? String == "Manhattan, NY" && candidates.first?["state"] as? String == "NY", "\(body)")
        #expect(candidates.first?["name"] as? String == "Manhattan" && candidates.first?["latitude"] is Double)
        #expect(Set(candidates.compactMap { $0["state"] as? String }).isSuperset(of: ["NY", "KS", "IL", "MT", "NV"]))
        let message = (body["errors"] as? [[String: Any]])?.first { $0["field"] as? String == "where" }?["message"] as? String ?? ""
        #expect(message.contains("Manhattan, NY") && message.contains("Manhattan, KS"), "the message as before: \(message)")
        #expect(try documentedErrors(body, status: 400) == [])
        // Each candidate's label is a where that goes straight to it.
        for label in candidates.compactMap({ $0["label"] as? String }) {
            let chosen = try groups("where=" + (label.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? label))
            #expect(chosen.status == 200 && (chosen.body["place"] as? [String: Any])?["label"] as? String == label, "\(label)")
        }
        let springfield = try groups("where=Springfield").body["candidates"] as? [[String: Any]] ?? []
        #expect(springfield.first?["label"] as? String == "Springfield, IL" && springfield.contains { $0["label"] as? String == "Springfield, MA" })
        let misspelt = try groups("where=Denvr").body
        #expect((misspelt["candidates"] as? [[String: Any]])?.first?["label"] as? String == "Denver, CO")
        #expect(try documentedErrors(misspelt, status: 400) == [])
        let nothing = try groups("where=Zzqxv").body
        #expect(nothing["status"] as? Int == 400 && (nothing["candidates"] as? [Any])?.isEmpty == true, "\(nothing)")
        // Another refusal is as it was.
        let other = try groups("limit=0").body
        #expect(other["status"] as? Int == 400 && other["candidates"] == nil)
        // The meeting searches read where the same way, and answer an unclear place the same way.
        for path in ["/api/v1/meetings?where=Manhattan", "/api/v1/meetings/calendar.ics?where=Manhattan"] {
            let refused = try Self.app.get().get(path)
            let json = try JSONSerialization.jsonObject(with: Data(refused.body)) as? [String: Any] ?? [:]
            let labels = (json["candidates"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
            #expect(refused.status == 400 && labels.first == "Manhattan, NY" && labels.contains("Manhattan, KS"), "\(path): \(json)")
        }
    }

    @Test func theSearchPageAsksWhichManhattanTheBoroughFirst() throws {
        let page = try Self.app.get().get("/search?where=Manhattan").text
        #expect(page.contains("There is a Manhattan in several states. Which one do you mean?"))
        let borough = page.range(of: "where=Manhattan%2C%20NY") ?? page.range(of: "where=Manhattan%2C+NY")
        let kansas = page.range(of: "where=Manhattan%2C%20KS") ?? page.range(of: "where=Manhattan%2C+KS")
        #expect(borough != nil && kansas != nil && borough!.lowerBound < kansas!.lowerBound, "Manhattan, NY first")
        let spanish = try Self.app.get().get("/es/search?where=Manhattan").text
        #expect(spanish.contains("Hay un lugar llamado Manhattan en varios estados."))
        // With the state, the borough's groups, and the other Manhattans one tap away.
        let chosen = try Self.app.get().get("/search?where=Manhattan%2C%20NY").text
        #expect(chosen.contains("mi away") && chosen.contains("Showing Manhattan, NY. Another Manhattan?"))
        let queens = try Self.app.get().get("/search?where=Queens").text
        #expect(queens.contains("mi away") && !queens.contains("We don’t know a place called"))
    }
}
