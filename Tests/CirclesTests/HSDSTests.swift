import Foundation
import Schedules
import Store
import TestSupport
import Testing

@testable import Circles

/// Open Referral HSDS 3: the /hsds API, and export then import keeping every group, schedule and place.
@Suite struct HSDSTests {
    let app: TestApp
    let admin: String

    init() throws {
        app = try TestApp()
        admin = try app.key()
    }

    func post(_ path: String, _ body: [String: Any]) throws -> [String: Any] {
        let r = try app.send("POST", path, key: admin, json: body)
        #expect(r.status == 201, "\(path): \(r.text)")
        return r.jsonObject
    }

    /// A group with one schedule of each kind, a second place, a facilitator with private contacts
    /// and a private dial-in; returns the group's id.
    func makeGroup(slug: String = "harbor-grief", privateOnline: Bool = false) throws -> Int {
        let org = try app.makeOrganization("harbor", key: admin)
        let hall =
            try post(
                "/api/v1/locations",
                [
                    "organization_id": org, "name": "Harbor Hall", "kind": "community_center", "address": "1 Main St",
                    "city": "Denver", "state": "CO", "zip": "80202", "latitude": 39.74, "longitude": -104.99,
                    "wheelchair_accessible": true, "parking": true, "accessibility_notes": "Ramp at the side door.",
                ])["id"] as! Int
        let library =
            try post("/api/v1/locations", ["organization_id": org, "name": "Branch Library", "kind": "library", "city": "Aurora", "state": "CO"])["id"] as! Int
        let facilitator =
            try post(
                "/api/v1/facilitators",
                [
                    "organization_id": org, "display_name": "Ana", "private_email": "ana.secret@harbor.example",
                    "private_phone": "555-0199",
                ])["id"] as! Int
        let group =
            try post(
                "/api/v1/groups",
                [
                    "organization_id": org, "slug": slug, "name": "Harbor Grief Circle", "summary": "After a loss.", "description": "We talk and listen.",
                    "format": "hybrid", "time_zone": "America/Denver", "topics": ["grief", "isolation"], "audiences": ["adults", "seniors"],
                    "languages": ["en", "es"], "location_id": hall, "facilitator_ids": [facilitator], "contact_email": "circle@harbor.example",
                    "contact_phone": "555-0100", "online_url": "https://meet.example.org/harbor", "dial_in": "(303) 555-0177, code 1234",
                    "online_details_private": privateOnline, "join_mode": "registration", "registration_url": "https://harbor.example/register",
                    "is_free": false, "cost": "$5 a session, or what you can",
                ])["id"] as! Int
        for body: [String: Any] in [
            [
                "frequency": "weekly", "weekdays": ["tuesday", "thursday"], "start_time": "19:00", "duration_minutes": 90, "starts_on": "2026-01-06",
                "notes": "Side door",
            ],
            [
                "frequency": "biweekly", "weekdays": ["monday"], "start_time": "10:30", "duration_minutes": 60, "starts_on": "2026-01-05",
                "ends_on": "2026-12-28",
            ],
            [
                "frequency": "monthly", "weekdays": ["friday"], "week_of_month": -1, "start_time": "23:30", "duration_minutes": 60, "starts_on": "2026-01-30",
                "location_id": library,
            ],
            ["frequency": "once", "start_time": "09:00", "duration_minutes": 1440, "starts_on": "2026-12-12", "time_zone": "Europe/London"],
        ] { _ = try post("/api/v1/groups/\(group)/schedules", body) }
        return group
    }

    @Test func identifiersAreUUIDsThatCarryTheirRecord() {
        let id = HSDSIdentifier.make(.serviceAtLocation, 42, 7)
        #expect(UUID(uuidString: id) != nil)
        #expect(id == "c14c1e50-0004-8000-8007-00000000002a")
        #expect(HSDSIdentifier.parse(id, .serviceAtLocation)! == (42, 7))
        #expect(HSDSIdentifier.parse(id.uppercased(), .serviceAtLocation)! == (42, 7))
        #expect(HSDSIdentifier.parse(id, .service) == nil)
        #expect(HSDSIdentifier.parse("42", .service) == nil)
        #expect(HSDSIdentifier.parse(HSDSIdentifier.make(.location, 0xFFFF_FFFF_FF, 0xFF_FFFF), .location)! == (0xFFFF_FFFF_FF, 0xFF_FFFF))
    }

    /// HSDS JSON: keys in code-point order (the same bytes in every process), whole numbers without a
    /// fraction, slashes as they are; an absent optional is left out, never written as null.
    @Test func hsdsJSONSortsKeysAndEscapes() throws {
        let value: [String: AnyJSON] = [
            "b": .array([.int(1), .double(2.5), .double(-7.0), .bool(true), .bool(false), .null]),
            "a": .string("quote \" slash / back \\ line\n tab\t bell\u{7} é 日本"),
            "Z": .object(["y": .int(0), "x": .object([:])]), "é": .int(1),
        ]
        let text = String(decoding: try HSDS.encode(value), as: UTF8.self)
        #expect(text == #"{"Z":{"x":{},"y":0},"a":"quote \" slash / back \\ line\n tab\t bell\u0007 é 日本","b":[1,2.5,-7,true,false,null],"é":1}"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(parsed?["a"] as? String == "quote \" slash / back \\ line\n tab\t bell\u{7} é 日本")
        let phone = HSDS.Phone(id: "p", serviceId: "s", number: "555-0100", type: "voice")
        #expect(String(decoding: try HSDS.encode(phone), as: UTF8.self) == #"{"id":"p","number":"555-0100","service_id":"s","type":"voice"}"#)
    }

    /// Freshness and seats: HSDS 3.0 has `assured_date` ("last checked") and `alert`; the counts travel as facts.
    @Test func aFullGroupSaysSoAndItsLastConfirmationIsTheAssuredDate() throws {
        let demo = try TestApp(demo: true)
        let group = try demo.get("/api/v1/groups/by-slug/after-a-suicide-loss").jsonObject
        let id = HSDSIdentifier.make(.service, Int64(group["id"] as! Int))
        let s = try demo.get("/hsds/services/\(id)").jsonObject
        #expect(s["alert"] as? String == "The group is full at the moment: ask to be put on its waiting list.")
        #expect(s["assured_date"] as? String == (group["last_confirmed_at"] as? String).map { String($0.prefix(10)) })
        let facts = HSDSImport.facts(s)
        #expect(facts["capacity"] == ["12"] && facts["open_seats"] == ["0"] && facts["open_to"] == ["lived_experience"])
        let open = try demo.get("/api/v1/groups/by-slug/grief-walk-and-talk").jsonObject
        let other = try demo.get("/hsds/services/\(HSDSIdentifier.make(.service, Int64(open["id"] as! Int)))").jsonObject
        #expect(other["alert"] == nil)
    }

    @Test func aServiceCarriesSchedulesPlacesContactsAndTopics() throws {
        let group = try makeGroup()
        let id = HSDSIdentifier.make(.service, Int64(group))
        // The Link header of the group's JSON and a <link rel="alternate"> of its page point here.
        #expect(try app.get("/api/v1/groups/\(group)").headers["Link"]?.contains("</hsds/services/\(id)>") == true)
        #expect(
            try app.get("/groups/harbor-grief").text.contains(
                "<link rel=\"alternate\" type=\"application/json\" href=\"/hsds/services/\(id)\" title=\"This group as an Open Referral HSDS 3 service\">"))
        let r = try app.get("/hsds/services/\(id)", headers: [("Origin", "https://directory.example.org")])
        #expect(r.status == 200)
        #expect(r.headers["Access-Control-Allow-Origin"] == "*", "a public read for any site")
        let s = r.jsonObject
        #expect(s["id"] as? String == id)
        #expect(s["name"] as? String == "Harbor Grief Circle")
        #expect(s["status"] as? String == "active")
        #expect(s["email"] as? String == "circle@harbor.example")
        #expect(s["fees_description"] as? String == "$5 a session, or what you can")
        #expect((s["organization"] as? [String: Any])?["name"] as? String == "Harbor Center")
        let rows = s["schedules"] as! [[String: Any]]
        // One row per period of one UTC offset; the first row of each schedule has the schedule's id.
        let schedules = rows.filter { HSDSIdentifier.parse($0["id"] as! String, .schedule)?.second == 0 }
        #expect(schedules.count == 4)
        let weekly = schedules[0], biweekly = schedules[1], monthly = schedules[2], once = schedules[3]
        #expect(weekly["freq"] as? String == "WEEKLY" && weekly["byday"] as? String == "TU,TH" && weekly["interval"] as? Int == 1)
        #expect(weekly["opens_at"] as? String == "19:00" && weekly["closes_at"] as? String == "20:30")
        #expect(weekly["dtstart"] as? String == "2026-01-06")
        #expect(weekly["description"] as? String == "Every Tuesday and Thursday at 7:00 pm" && weekly["notes"] as? String == "Side door")
        #expect(biweekly["interval"] as? Int == 2 && biweekly["wkst"] as? String == "SU" && biweekly["until"] as? String == "2026-12-28")
        #expect(monthly["freq"] as? String == "MONTHLY" && monthly["byday"] as? String == "-1FR" && monthly["closes_at"] as? String == "00:30")
        #expect(monthly["location_id"] as? String != nil)
        #expect(once["count"] as? Int == 1 && once["byday"] as? String == "SA" && once["timezone"] as? Double == 0)
        #expect(once["valid_from"] as? String == "2026-12-12" && once["valid_to"] as? String == "2026-12-12")
        let places = s["service_at_locations"] as! [[String: Any]]
        #expect(places.map { ($0["location"] as? [String: Any])?["name"] as? String } == ["Harbor Hall", "Branch Library"])
        let hall = places[0]["location"] as! [String: Any]
        #expect((hall["addresses"] as? [[String: Any]])?.first?["address_1"] as? String == "1 Main St")
        #expect(
            (hall["accessibility"] as? [[String: Any]])?.compactMap { $0["description"] as? String }
                == ["Wheelchair accessible", "Parking", "Accessibility notes"])
        let topics = (s["attributes"] as! [[String: Any]]).filter { ($0["taxonomy_term"] as? [String: Any])?["taxonomy"] as? String == "Circles topics" }
        #expect(topics.compactMap { $0["value"] as? String }.sorted() == ["grief", "isolation"])
        #expect((s["languages"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["en", "es"])
        #expect((s["phones"] as? [[String: Any]])?.compactMap { $0["number"] as? String } == ["555-0100", "(303) 555-0177, code 1234"])
        #expect((s["contacts"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Harbor Grief Circle contact", "Ana"])
        // A facilitator's private contact details never appear.
        #expect(!r.text.contains("ana.secret") && !r.text.contains("555-0199"))
    }

    /// HSDS 3.0's `timezone` is an offset: each row covers dates of one offset (a consumer that applies
    /// it gets the right instants), the rows of a schedule follow each other for a year from today, and
    /// the IANA zone stays in an attribute. True on any day: Denver changes its offset twice a year.
    @Test func scheduleRowsCarryTheOffsetOfTheDatesTheyCover() throws {
        let group = try makeGroup()
        let s = try app.get("/hsds/services/\(HSDSIdentifier.make(.service, Int64(group)))").jsonObject
        let rows = (s["schedules"] as! [[String: Any]]).filter { $0["byday"] as? String == "TU,TH" }
        #expect(rows.count >= 2, "a year of Denver has an offset change")
        let zone = TimeZone(identifier: "America/Denver")!, clock = ZonedTime(timeZone: zone)
        for (index, row) in rows.enumerated() {
            #expect(HSDSIdentifier.parse(row["id"] as! String, .schedule)?.second == Int64(index))
            #expect(HSDSImport.facts(row)["time_zone"] == ["America/Denver"])
            let from = LocalDate(row["valid_from"] as! String)!, to = LocalDate(row["valid_to"] as! String)!
            for date in [from, to] {
                let seconds = zone.secondsFromGMT(for: clock.instant(of: date, at: LocalTime("19:00")!))
                #expect(Double(seconds) / 3600 == row["timezone"] as? Double, "\(date)")
            }
            if index > 0 { #expect(LocalDate(rows[index - 1]["valid_to"] as! String)!.adding(days: 1) == from) }
        }
        #expect(LocalDate(rows[0]["valid_from"] as! String)!.days(to: LocalDate(rows.last!["valid_to"] as! String)!) == HSDSWriter.horizonDays)
    }

    @Test func privateOnlineDetailsStayPrivate() throws {
        let group = try makeGroup(privateOnline: true)
        let text = try app.get("/hsds/services/\(HSDSIdentifier.make(.service, Int64(group)))").text
        #expect(!text.contains("meet.example.org/harbor") && !text.contains("555-0177"))
        #expect(text.contains("555-0100"))
    }

    @Test func listsArePagedAsTheReferenceSays() throws {
        let group = try makeGroup()
        var first = try app.get("/hsds/services?per_page=1").jsonObject
        #expect(first["total_items"] as? Int == 1 && first["total_pages"] as? Int == 1 && first["page_number"] as? Int == 1)
        #expect(first["first_page"] as? Bool == true && first["last_page"] as? Bool == true && first["empty"] as? Bool == false)
        #expect((first["contents"] as? [[String: Any]])?.first?["schedules"] == nil, "lists carry one-to-one fields only")
        first = try app.get("/hsds/services?full=true").jsonObject
        let rows = (first["contents"] as? [[String: Any]])?.first?["schedules"] as? [[String: Any]] ?? []
        #expect(Set(rows.compactMap { HSDSIdentifier.parse($0["id"] as? String ?? "", .schedule)?.id }).count == 4)
        let locations = try app.get("/hsds/locations?per_page=1&page=2").jsonObject
        #expect(locations["total_items"] as? Int == 2 && locations["page_number"] as? Int == 2 && locations["size"] as? Int == 1)
        #expect(locations["first_page"] as? Bool == false && locations["last_page"] as? Bool == true)
        let beyond = try app.get("/hsds/locations?per_page=1&page=9").jsonObject
        #expect(beyond["empty"] as? Bool == true && beyond["size"] as? Int == 0)
        let places = try app.get("/hsds/service_at_locations").jsonObject
        #expect(places["total_items"] as? Int == 2)
        // Filters: topics by term id, organization, text.
        let terms = try app.get("/hsds/taxonomy_terms?per_page=100").jsonObject["contents"] as? [[String: Any]] ?? []
        let griefTerm = try #require(terms.first { $0["code"] as? String == "grief" }?["id"] as? String)
        #expect(try app.get("/hsds/taxonomy_terms/\(griefTerm)").jsonObject["code"] as? String == "grief")
        #expect(try app.get("/hsds/services?taxonomy_term_id=\(griefTerm)").jsonObject["total_items"] as? Int == 1)
        let parenting = try #require(terms.first { $0["code"] as? String == "parenting" }?["id"] as? String)
        #expect(try app.get("/hsds/services?taxonomy_term_id=\(parenting)").jsonObject["total_items"] as? Int == 0)
        #expect(try app.get("/hsds/services?taxonomy_id=\(HSDSVocabulary.topicsTaxonomyId)").jsonObject["total_items"] as? Int == 1)
        #expect(try app.get("/hsds/services?taxonomy_id=\(HSDSVocabulary.factsTaxonomyId)").jsonObject["total_items"] as? Int == 0)
        #expect(try app.get("/hsds/services?taxonomy_term_id=\(HSDSVocabulary.factTermId("format"))").jsonObject["total_items"] as? Int == 0)
        #expect(try app.get("/hsds/services?search=grief").jsonObject["total_items"] as? Int == 1)
        #expect(try app.get("/hsds/services?search=zebra").jsonObject["total_items"] as? Int == 0)
        let organization = try app.get("/hsds/organizations").jsonObject
        let orgId = ((organization["contents"] as? [[String: Any]])?.first?["id"] as? String)!
        #expect(try app.get("/hsds/services?organization_id=\(orgId)").jsonObject["total_items"] as? Int == 1)
        let full = try app.get("/hsds/organizations/\(orgId)?full_service=true").jsonObject
        #expect((full["services"] as? [[String: Any]])?.first?["schedules"] != nil && (full["locations"] as? [Any])?.count == 2)
        let minimal = try app.get("/hsds/services?minimal=true").jsonObject["contents"] as? [[String: Any]]
        #expect(minimal?.first?.keys.sorted() == ["id", "modified_date"], "the reference's names")
        #expect(try app.get("/hsds/taxonomies").jsonObject["total_items"] as? Int == 2)
        let topicTerms = try app.get("/hsds/taxonomy_terms?taxonomy_id=\(HSDSVocabulary.topicsTaxonomyId)&per_page=100").jsonObject
        #expect(topicTerms["total_items"] as? Int == 26)
        // Bad input: 400 naming the parameter; unknown ids: 404; archived groups are not listed.
        for (query, field) in [
            ("page=0", "page"), ("per_page=101", "per_page"), ("format=ndjson", "format"), ("full=maybe", "full"),
            ("organization_id=12", "organization_id"), ("modified_after=yesterday", "modified_after"),
        ] {
            let bad = try app.get("/hsds/services?\(query)")
            #expect(bad.status == 400 && bad.headers["Content-Type"] == "application/problem+json", "\(query)")
            #expect((bad.jsonObject["errors"] as? [[String: Any]])?.first?["field"] as? String == field, "\(query)")
        }
        #expect(try app.get("/hsds/services/\(group)").status == 404)
        #expect(try app.get("/hsds/services/\(HSDSIdentifier.make(.location, Int64(group)))").status == 404)
        #expect(try app.get("/hsds/services?modified_after=2999-01-01").jsonObject["total_items"] as? Int == 0)
        // Another publisher's UUID is well formed but names nothing here: an empty page, not an error.
        let foreign = try app.get("/hsds/services?organization_id=00000000-0000-0000-0000-000000000000")
        #expect(foreign.status == 200 && foreign.jsonObject["total_items"] as? Int == 0)
        #expect(try app.change("PATCH", "/api/v1/groups/\(group)", key: admin, json: ["status": "archived"]).status == 200)
        #expect(try app.get("/hsds/services/\(HSDSIdentifier.make(.service, Int64(group)))").status == 404)
        #expect(try app.get("/hsds/services").jsonObject["total_items"] as? Int == 0)
    }

    /// `/service_at_locations` applies every parameter the HSDS API reference lists for it, and every
    /// list refuses one it does not take (400 naming it), so a client never believes it filtered.
    @Test func serviceAtLocationsFilterAsTheReferenceListsOrRefuse() throws {
        _ = try makeGroup()
        func total(_ query: String) throws -> Int? {
            let r = try app.get("/hsds/service_at_locations?\(query)")
            #expect(r.status == 200, "\(query)")
            return r.jsonObject["total_items"] as? Int
        }
        let terms = try app.get("/hsds/taxonomy_terms?per_page=100").jsonObject["contents"] as? [[String: Any]] ?? []
        let grief = try #require(terms.first { $0["code"] as? String == "grief" }?["id"] as? String)
        let parenting = try #require(terms.first { $0["code"] as? String == "parenting" }?["id"] as? String)
        #expect(try total("") == 2)
        #expect(try total("search=grief") == 2 && total("search=zebra") == 0)
        #expect(try total("taxonomy_term_id=\(grief)") == 2 && total("taxonomy_term_id=\(parenting)") == 0)
        #expect(try total("taxonomy_id=\(HSDSVocabulary.topicsTaxonomyId)") == 2 && total("taxonomy_id=\(HSDSVocabulary.factsTaxonomyId)") == 0)
        #expect(try total("modified_after=2020-01-01") == 2 && total("modified_after=2999-01-01") == 0)
        // Harbor Hall is in 80202 (downtown Denver); the library has no ZIP code and is placed at Aurora's
        // centroid, 6 km from the centroid of Aurora's 80010, which is 11 km from the hall.
        #expect(try total("postcode=80202") == 1 && total("postcode=80202-1234") == 1 && total("postcode=90210") == 0)
        #expect(try total("postcode=80202&proximity=5000") == 1, "within 5 km of 80202's centroid")
        #expect(try total("postcode=80010&proximity=1000") == 0 && total("postcode=80010&proximity=8000") == 1)
        #expect(try total("postcode=80010&proximity=30000") == 2)
        for (path, field) in [
            ("/hsds/service_at_locations?proximity=5000", "proximity"), ("/hsds/service_at_locations?postcode=denver", "postcode"),
            ("/hsds/service_at_locations?postcode=80202&proximity=-1", "proximity"), ("/hsds/service_at_locations?postcode=00000&proximity=10", "postcode"),
            ("/hsds/service_at_locations?colour=red", "colour"), ("/hsds/services?postcode=80202", "postcode"),
            ("/hsds/services?format=ndjson", "format"), ("/hsds/organizations?organization_id=x", "organization_id"),
            ("/hsds/taxonomies?full=true", "full"), ("/hsds/locations?search=hall", "search"),
        ] {
            let bad = try app.get(path)
            #expect(bad.status == 400, "\(path)")
            #expect((bad.jsonObject["errors"] as? [[String: Any]])?.map { $0["field"] as? String } == [field], "\(path)")
        }
        // Organization list items have the fields of the reference's organization_list schema only.
        let organizations = try app.get("/hsds/organizations").jsonObject["contents"] as? [[String: Any]] ?? []
        let listFields: Set = [
            "id", "name", "alternate_name", "description", "email", "website", "tax_status", "tax_id", "year_incorporated",
            "legal_status", "logo", "uri", "parent_organization_id",
        ]
        #expect(!organizations.isEmpty && organizations.allSatisfy { Set($0.keys).isSubset(of: listFields) && $0["description"] is String })
    }

    /// Export then import into an empty database: every group, schedule and place comes back as it was
    /// (online details a group keeps private are deliberately not exported: the group comes back private, without them).
    @Test func exportThenImportKeepsEveryGroupScheduleAndPlace() throws {
        let demo = try TestApp(demo: true)
        _ = try demo.database.topicRecords()
        let folder = TestHTTP.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let counts = try DirectoryTransfer.exportHSDS(demo.database, to: folder, baseURL: "https://circles.example.org/")
        #expect(counts["services.json"]! > 40)
        let package = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/datapackage.json"))) as! [String: Any]
        #expect((package["resources"] as? [[String: Any]])?.count == 7)

        let target = try AppDatabase(path: folder + "/imported.sqlite", migrationsDirectory: TestHTTP.repositoryRoot + "/Migrations")
        defer { try? target.close() }
        let dry = try DirectoryTransfer.importHSDS(target, from: folder, apply: false, defaultTimeZone: "UTC")
        #expect(dry.outcome.problems.isEmpty, "\(dry.problemLines)")
        #expect(try target.listedGroupIds(ListingFilter.all, offset: 0, limit: 10).total == 0, "a dry run writes nothing")
        let report = try DirectoryTransfer.importHSDS(target, from: folder, apply: true, defaultTimeZone: "UTC")
        #expect(report.outcome.committed && report.outcome.problems.isEmpty, "\(report.problemLines)")

        let before = try Self.snapshot(demo.database), after = try Self.snapshot(target)
        #expect(before.count == counts["services.json"]!)
        #expect(before.count == after.count)
        for (slug, group) in before {
            #expect(after[slug] == group, "\(slug)")
        }
        // Every place, also those no group meets at now.
        func places(_ database: AppDatabase) throws -> [String] {
            try database.locationsPage(organizationId: nil, offset: 0, limit: 10_000).records.map { l in
                [
                    l.name, l.kind.rawValue, l.address ?? "", l.city ?? "", l.county ?? "", l.state ?? "", l.zip ?? "",
                    "\(l.latitude ?? 0),\(l.longitude ?? 0)",
                    "\(l.wheelchairAccessible)\(l.aslAvailable)\(l.parking)\(l.nearTransit)", l.accessibilityNotes, l.directions,
                ].joined(separator: "|")
            }.sorted()
        }
        #expect(try places(demo.database) == places(target))
        // Facilitators with their trainings, and the organizations' tags (circles.json beside the HSDS files).
        func facilitators(_ database: AppDatabase) throws -> [String] {
            try database.resources(FacilitatorRecord.self, organizationId: nil, afterId: 0, limit: 10_000).items.map { f in
                ([f.facilitator.displayName, f.facilitator.bio, f.facilitator.livedExperience, f.facilitator.languages]
                    + f.trainings.map { "\($0.name) \($0.issuer) \($0.completedOn ?? "-") \($0.expiresOn ?? "-")" }).joined(separator: "|")
            }.sorted()
        }
        #expect(try !facilitators(demo.database).isEmpty && facilitators(demo.database) == facilitators(target))
        func tags(_ database: AppDatabase) throws -> [String] {
            let ids = try database.organizationsPage().records.compactMap(\.id)
            return try database.tagsAndPlaces(ofOrganizations: ids).tags.map { "\($0.slug) \($0.name) \($0.code ?? "-")" }.sorted()
        }
        #expect(try !tags(demo.database).isEmpty && tags(demo.database) == tags(target))
        #expect(before.values.contains { $0.contains { $0.hasPrefix("exception: ") } }, "the demo has cancelled or moved meetings to carry")
        // The language of the texts and their translations travel in circles.json (HSDS 3 has one text per field).
        #expect(before["circulo-de-salud-mental"]?.contains("content language: es") == true)
        #expect(after["grief-walk-and-talk"]?.contains { $0.hasPrefix("translation: es|Caminar y conversar: el duelo en movimiento|") } == true)
        #expect(try places(target).count == counts["locations.json"]!)
        // Importing the same folder again refuses every taken slug and writes nothing.
        let again = try DirectoryTransfer.importHSDS(target, from: folder, apply: true, defaultTimeZone: "UTC")
        #expect(!again.outcome.committed && again.outcome.problems.count == before.count)
        #expect(try Self.snapshot(target).count == before.count)
    }

    /// HSDS from another publisher, without our attributes: defaults fill in what it does not say.
    @Test func importsAnotherPublishersServices() throws {
        let folder = TestHTTP.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let org = "9b3c1a2e-0000-4000-8000-000000000001", place = "9b3c1a2e-0000-4000-8000-000000000002"
        let organizations: [[String: Any]] = [
            [
                "id": org, "name": "Westside Family Resource Center", "description": "Help for families.",
                "phones": [["id": "p1", "number": "555-0101"]],
            ]
        ]
        let locations: [[String: Any]] = [
            [
                "id": place, "location_type": "physical", "organization_id": org, "name": "Westside Center",
                "addresses": [
                    [
                        "id": "a1", "address_1": "9 Elm St", "city": "Boise", "state_province": "ID", "postal_code": "83702",
                        "country": "US", "address_type": "physical",
                    ]
                ],
                "accessibility": [["id": "x1", "description": "Wheelchair accessible"]],
            ]
        ]
        let services: [[String: Any]] = [
            [
                "id": "9b3c1a2e-0000-4000-8000-000000000003", "organization_id": org, "name": "Parents' Night Out", "status": "active",
                "description": "Parents of toddlers meet and talk.", "email": "parents@westside.example.org", "fees_description": "Free",
                "service_at_locations": [["id": "s1", "service_id": "x", "location_id": place]],
                "languages": [["id": "l1", "code": "es"]],
                "schedules": [
                    ["id": "sc1", "freq": "WEEKLY", "byday": "WE", "opens_at": "18:00:00", "closes_at": "19:30:00", "dtstart": "2026-02-04"],
                    [
                        "id": "sc2", "freq": "MONTHLY", "byday": "-1SA", "opens_at": "10:00", "closes_at": "11:00", "dtstart": "2026-02-28",
                        "until": "2026-12-26",
                    ],
                ],
            ]
        ]
        for (name, rows) in [("organizations", organizations), ("locations", locations), ("services", services)] {
            try JSONSerialization.data(withJSONObject: rows).write(to: URL(fileURLWithPath: "\(folder)/\(name).json"))
        }
        let report = try DirectoryTransfer.importHSDS(app.database, from: folder, apply: true, defaultTimeZone: "America/Boise")
        #expect(report.outcome.committed && report.outcome.groupsCreated == 1 && report.outcome.schedulesCreated == 2, "\(report.problemLines)")
        let group = try app.get("/api/v1/groups/by-slug/parents-night-out").jsonObject
        #expect(group["format"] as? String == "in_person" && group["time_zone"] as? String == "America/Boise")
        #expect(group["languages"] as? [String] == ["es"] && group["contact_email"] as? String == "parents@westside.example.org")
        #expect(
            (group["location"] as? [String: Any])?["city"] as? String == "Boise"
                && ((group["location"] as? [String: Any])?["accessibility"] as? [String: Any])?["wheelchair_accessible"] as? Bool == true)
        let schedules = group["schedules"] as? [[String: Any]] ?? []
        #expect(schedules.map { $0["frequency"] as? String } == ["weekly", "monthly"])
        #expect(schedules.first?["start_time"] as? String == "18:00" && schedules.first?["duration_minutes"] as? Int == 90)
        #expect(schedules.last?["week_of_month"] as? Int == -1 && schedules.last?["ends_on"] as? String == "2026-12-26")
        // A service that names no organization, and a schedule that cannot be read, are reported; nothing is written.
        let broken: [[String: Any]] = [
            ["id": "s9", "name": "Orphan", "status": "active"],
            [
                "id": "s10", "organization_id": org, "name": "Odd Times", "status": "active",
                "schedules": [["id": "b", "freq": "WEEKLY", "byday": "XX", "opens_at": "late"]],
            ],
        ]
        try JSONSerialization.data(withJSONObject: broken).write(to: URL(fileURLWithPath: "\(folder)/services.json"))
        let refused = try DirectoryTransfer.importHSDS(app.database, from: folder, apply: true, defaultTimeZone: "America/Boise")
        #expect(!refused.outcome.committed)
        #expect(refused.problemLines.contains { $0.hasPrefix("organization_id: service Orphan") }, "\(refused.problemLines)")
        #expect(refused.problemLines.contains { $0.contains("service Odd Times") && $0.hasPrefix("schedules.") }, "\(refused.problemLines)")
        #expect(try app.get("/api/v1/groups/by-slug/odd-times").status == 404)
    }

    @Test func anImportAppliesTheAPIsRulesToEveryText() throws {
        let folder = TestHTTP.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let org = "9b3c1a2e-0000-4000-8000-000000000011", place = "9b3c1a2e-0000-4000-8000-000000000012"
        let organizations: [[String: Any]] = [["id": org, "name": "Nul\u{0}Center", "description": "Help."]]
        let locations: [[String: Any]] = [
            [
                "id": place, "location_type": "physical", "organization_id": org, "name": "Hall",
                "addresses": [["id": "a1", "address_1": "9 Elm St\u{1B}[2J", "city": "Boise", "state_province": "ID", "postal_code": "83702"]],
            ]
        ]
        let services: [[String: Any]] = [
            [
                "id": "9b3c1a2e-0000-4000-8000-000000000013", "organization_id": org, "name": "\u{01}\u{1B}[31mRed Night", "status": "active",
                "schedules": [["id": "sc1", "freq": "WEEKLY", "byday": "WE", "opens_at": "18:00", "dtstart": "2026-02-04", "notes": "tea\u{7}"]],
            ]
        ]
        for (name, rows) in [("organizations", organizations), ("locations", locations), ("services", services)] {
            try JSONSerialization.data(withJSONObject: rows).write(to: URL(fileURLWithPath: "\(folder)/\(name).json"))
        }
        let report = try DirectoryTransfer.importHSDS(app.database, from: folder, apply: true, defaultTimeZone: "America/Boise")
        let lines = report.problemLines
        #expect(!report.outcome.committed)
        #expect(lines.contains("name: organization \(org): must not contain control characters"), "\(lines)")
        #expect(lines.contains("address: location \(place): must not contain control characters"), "\(lines)")
        // The organization was refused, so its service is reported for that; its own texts are checked too.
        var fixed = organizations
        fixed[0]["name"] = "Center"
        try JSONSerialization.data(withJSONObject: fixed).write(to: URL(fileURLWithPath: "\(folder)/organizations.json"))
        let again = try DirectoryTransfer.importHSDS(app.database, from: folder, apply: true, defaultTimeZone: "America/Boise").problemLines
        #expect(again.contains { $0.hasPrefix("name: service") && $0.hasSuffix("must not contain control characters") }, "\(again)")
        #expect(again.contains { $0.hasPrefix("schedules.notes: service") && $0.hasSuffix("must not contain control characters") }, "\(again)")
        #expect(!(lines + again).joined().contains("[31m") && !(lines + again).joined().contains("Nul"), "no value is echoed")
    }

    /// Everything about each group that must survive a round trip, by slug, as comparable text.
    static func snapshot(_ database: AppDatabase) throws -> [String: [String]] {
        let ids = try database.listedGroupIds(ListingFilter.all, offset: 0, limit: 100_000).ids
        var result: [String: [String]] = [:]
        for d in try database.groupDetails(ids: ids) {
            let g = d.group
            func place(_ l: LocationRecord?) -> String {
                guard let l else { return "-" }
                return [
                    l.name, l.kind.rawValue, l.address ?? "", l.city ?? "", l.county ?? "", l.state ?? "", l.zip ?? "", "\(l.latitude ?? 0)",
                    "\(l.longitude ?? 0)",
                    "\(l.wheelchairAccessible)\(l.aslAvailable)\(l.parking)\(l.nearTransit)", l.accessibilityNotes, l.directions,
                ].joined(separator: "|")
            }
            var lines = [
                d.organization.slug, d.organization.name, g.name, g.summary, g.description, g.format.rawValue, g.status.rawValue, g.timeZone,
                "\(g.isFree) \(g.cost)", g.joinMode.rawValue, g.registrationUrl ?? "", g.contactEmail ?? "", g.contactPhone ?? "",
                g.onlineDetailsPrivate ? "private" : (g.onlineUrl ?? "") + (g.dialIn ?? ""),
                d.links.topics.sorted().joined(separator: ","), d.links.audiences.map(\.rawValue).sorted().joined(separator: ","),
                d.links.languages.sorted().joined(separator: ","), place(d.location),
                "\(g.openTo) \(g.cameraOptional) \(g.childcare) \(g.aslInterpretation) \(g.firstMeetingNote)",
                "\(g.capacity ?? -1)/\(g.openSeats ?? -1) \(g.lastConfirmedAt?.text ?? "never")",
                "tags: " + d.links.tags.sorted().joined(separator: ","),
                "content language: \(g.contentLanguage)",
                "facilitators: " + d.facilitators.map { "\($0.displayName)|\($0.bio)|\($0.livedExperience)|\($0.languages)" }.sorted().joined(separator: ";"),
            ]
            for t in d.links.translations {
                lines.append("translation: \(t.language)|\(t.name ?? "-")|\(t.summary ?? "-")|\(t.description ?? "-")|\(t.firstMeetingNote ?? "-")")
            }
            for e in d.exceptions {
                let moved = e.movedLocationId.flatMap { d.place($0) }
                lines.append(
                    "exception: \(e.occurrenceDate) \(e.kind) \(e.movedToDate ?? "-") \(e.movedToTime ?? "-") \(e.note) \(moved.map(place) ?? "-")")
            }
            for s in d.schedules {
                lines.append(
                    [
                        s.frequency.rawValue, s.weekdays, "\(s.weekOfMonth ?? 0)", s.startTime, "\(s.durationMinutes)", s.timeZone, s.startsOn,
                        s.endsOn ?? "", s.notes, place(d.place(s.locationId)),
                    ].joined(separator: "|"))
            }
            result[g.slug] = lines
        }
        return result
    }
}

extension ListingFilter {
    /// Every group, whatever its status.
    static var all: ListingFilter {
        var filter = ListingFilter()
        filter.statuses = []
        return filter
    }
}

/// Any JSON value, to check what `HSDS.encode` writes of each kind.
enum AnyJSON: Encodable {
    case int(Int), double(Double), bool(Bool), string(String), null
    case array([AnyJSON]), object([String: AnyJSON])

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
