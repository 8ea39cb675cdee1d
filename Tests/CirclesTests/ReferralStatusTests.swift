import Foundation
import Store
import TestSupport
import Testing

@testable import Circles

/// Referral statuses as HL7 FHIR Task statuses, and the person's own "I went" and "not for me".
@Suite struct ReferralStatusTests {
    let app: TestApp
    let admin: String
    let group: Int

    init() throws {
        app = try TestApp()
        admin = try app.key()
        let org = try app.makeOrganization("alpha", key: admin)
        group =
            try app.send(
                "POST", "/api/v1/groups", key: admin,
                json: ["organization_id": org, "name": "Alpha Circle", "format": "in_person", "time_zone": "America/Chicago"]
            ).jsonObject["id"] as! Int
    }

    /// A new referral: its id and its status link's API path.
    func referral() throws -> (Int, String) {
        let r = try app.send(
            "POST", "/api/v1/referrals", key: try app.key("partner", organization: "alpha"),
            json: [
                "group_id": group, "person_name": "Jordan", "person_phone": "555-0123", "preferred_contact_method": "phone",
                "referrer_type": "clinician", "referrer_name": "Dr. Lee", "consent": true, "consent_version": "2026-11",
            ])
        #expect(r.status == 201, "\(r.text)")
        return (r.jsonObject["id"] as! Int, r.jsonObject["status_api"] as! String)
    }

    @Test func everyStatusMapsToOneFHIRTaskCode() {
        let fhir: Set<String> = ["requested", "accepted", "rejected", "in-progress", "on-hold", "completed", "cancelled", "failed"]
        // Every status has its code and its moves: `ReferralWorkflow` maps each one in a switch without default.
        let codes = Dictionary(uniqueKeysWithValues: ReferralStatus.allCases.map { ($0.rawValue, ReferralWorkflow.fhirTaskStatus($0).rawValue) })
        let moves = Dictionary(uniqueKeysWithValues: ReferralStatus.allCases.map { ($0.rawValue, ReferralWorkflow.coordinatorMoves(from: $0).map(\.rawValue)) })
        #expect(Set(codes.keys) == Set(ReferralStatus.rawValues))
        #expect(Set(codes.values).isSubset(of: fhir))
        #expect(ReferralWorkflow.fhirTaskStatus(.attended).rawValue == "in-progress")
        #expect(ReferralWorkflow.fhirTaskStatus(.waitlisted).rawValue == "on-hold")
        #expect(ReferralWorkflow.fhirTaskStatus(.new).rawValue == "requested")
        // Every status a coordinator can reach exists, and every status has its moves listed.
        #expect(Set(moves.keys) == Set(ReferralStatus.rawValues))
        #expect(Set(moves.values.flatMap { $0 }).isSubset(of: Set(ReferralStatus.rawValues)))
    }

    @Test func theAPIReturnsBothStatuses() throws {
        let (id, _) = try referral()
        let coordinator = try app.key("coordinator", organization: "alpha")
        let list = try app.get("/api/v1/referrals", key: coordinator).jsonObject["data"] as? [[String: Any]] ?? []
        #expect(list.first?["status"] as? String == "new" && list.first?["fhir_status"] as? String == "requested")
        for (status, code) in [
            ("contacted", "accepted"), ("waitlisted", "on-hold"), ("enrolled", "accepted"), ("attended", "in-progress"), ("closed", "completed"),
        ] {
            let r = try app.send("POST", "/api/v1/referrals/\(id)/status", key: coordinator, json: ["status": status])
            #expect(r.status == 200, "\(status): \(r.text)")
            #expect(r.jsonObject["status"] as? String == status && r.jsonObject["fhir_status"] as? String == code)
        }
        let detail = try app.get("/api/v1/referrals/\(id)", key: coordinator).jsonObject
        #expect((detail["referral"] as? [String: Any])?["fhir_status"] as? String == "completed")
        // The inbox filters by the new statuses too.
        #expect(try app.get("/api/v1/referrals?status=attended", key: coordinator).status == 200)
    }

    @Test func thePersonReportsIWentFromTheStatusLink() throws {
        let (id, link) = try referral()
        let before = try app.get(link).jsonObject
        #expect(before["can_report_attended"] as? Bool == true && before["can_report_not_for_me"] as? Bool == true)
        #expect(before["fhir_status"] as? String == "requested")
        let went = try app.send("POST", link + "/attended")
        #expect(went.status == 200, "\(went.text)")
        #expect(went.jsonObject["status"] as? String == "attended" && went.jsonObject["fhir_status"] as? String == "in-progress")
        let after = try app.get(link).jsonObject
        #expect(after["status"] as? String == "attended" && after["fhir_status"] as? String == "in-progress")
        #expect(after["can_report_attended"] as? Bool == false && after["can_withdraw"] as? Bool == false)
        #expect((after["history"] as? [[String: Any]])?.last?["fhir_status"] as? String == "in-progress")
        #expect(try app.send("POST", link + "/attended").status == 409)
        // Going and then finding it is not for them is still the person's call.
        let notForMe = try app.send("POST", link + "/not-for-me")
        #expect(notForMe.jsonObject["status"] as? String == "not_for_me" && notForMe.jsonObject["fhir_status"] as? String == "cancelled")
        #expect(try app.send("POST", link + "/withdraw").status == 409)
        let coordinator = try app.key("coordinator", organization: "alpha")
        let history = try app.get("/api/v1/referrals/\(id)", key: coordinator).jsonObject["history"] as? [[String: Any]] ?? []
        #expect(history.map { $0["to_status"] as? String } == ["new", "attended", "not_for_me"])
        #expect(history.dropFirst().allSatisfy { $0["actor"] as? String == "person" })
        let audit = try app.get("/api/v1/audit?action=referral.person_attended", key: admin).jsonObject["data"] as? [[String: Any]] ?? []
        #expect(audit.count == 1)
        #expect(try app.send("POST", "/api/v1/referral-status/" + String(repeating: "x", count: 32) + "/attended").status == 404)
    }

    @Test func notForMeBeforeGoing() throws {
        let (_, link) = try referral()
        let r = try app.send("POST", link + "/not-for-me")
        #expect(r.status == 200)
        #expect(try app.get(link).jsonObject["can_report_attended"] as? Bool == false)
        #expect(try app.send("POST", link + "/attended").status == 409)
    }
}
