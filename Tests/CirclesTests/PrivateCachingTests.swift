import Foundation
import TestSupport
import Testing

@testable import Circles

/// A manager's view of a group or a facilitator holds what the public one does not: shared caches
/// and conditional requests must never confuse the two, and other origins never read it.
@Suite struct PrivateCachingTests {
    let app: TestApp
    let admin: String
    let group: Int
    let facilitator: Int

    init() throws {
        app = try TestApp()
        admin = try app.key()
        let organization = try app.makeOrganization("alpha", key: admin)
        let r = try app.send(
            "POST", "/api/v1/groups", key: admin,
            json: ["organization_id": organization, "name": "Alpha Circle", "format": "in_person", "time_zone": "America/Chicago"])
        group = try #require(r.jsonObject["id"] as? Int)
        let f = try app.send(
            "POST", "/api/v1/facilitators", key: admin,
            json: ["organization_id": organization, "display_name": "Sam Example", "private_email": "sam@example.org", "private_phone": "555-0142"])
        facilitator = try #require(f.jsonObject["id"] as? Int, "\(f.text)")
    }

    @Test(arguments: ["/api/v1/groups/", "/api/v1/facilitators/"])
    func privateRepresentationsHaveTheirOwnValidatorsAndAreNotShared(_ base: String) throws {
        let path = base + String(base.contains("groups") ? group : facilitator)
        let anonymous = try app.get(path)
        let manager = try app.get(path, key: admin)
        #expect(anonymous.status == 200 && manager.status == 200)
        let publicTag = try #require(anonymous.headers["ETag"])
        let privateTag = try #require(manager.headers["ETag"])
        #expect(publicTag != privateTag, "the private view has its own validator")
        #expect(manager.headers["Cache-Control"]?.hasPrefix("private") == true)
        #expect(anonymous.headers["Cache-Control"]?.contains("private") == false)
        for response in [anonymous, manager] {
            let vary = response.headers.values("Vary").joined(separator: ",")
            #expect(vary.contains("Authorization") && vary.contains("Cookie"), "Vary: \(vary)")
        }
        // The public validator does not revalidate the private view, nor the other way round.
        #expect(try app.get(path, key: admin, headers: [("If-None-Match", publicTag)]).status == 200)
        #expect(try app.get(path, headers: [("If-None-Match", privateTag)]).status == 200)
        #expect(try app.get(path, key: admin, headers: [("If-None-Match", privateTag)]).status == 304)
        // The private validator still names the version for a conditional write.
        let patch = try app.send(
            "PATCH", path, key: admin, json: base.contains("groups") ? ["name": "Renamed"] : ["display_name": "Renamed"], headers: [("If-Match", privateTag)])
        #expect(patch.status == 200, "\(patch.text)")
    }

    @Test func suggestedCorrectionsAreCredentialedAcrossOrigins() throws {
        for path in ["/api/v1/change-requests", "/api/v1/change-requests/1"] {
            let r = try app.get(path, key: admin, headers: [("Origin", "https://evil.example.com")])
            #expect(r.headers["Access-Control-Allow-Origin"] == nil, "\(path)")
            #expect(r.headers.values("Vary").joined(separator: ",").contains("Origin"))
        }
    }
}
