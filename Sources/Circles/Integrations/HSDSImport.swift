import Foundation
import Schedules
import Store

/// `circles import hsds DIR`: reads `organizations.json`, `locations.json` and `services.json`
/// (full services, as our export writes them; other HSDS publishers' files work too), and
/// `circles.json` when there is one (`HSDSExtras`), and turns them into one batch of new
/// organizations, places, facilitators, groups, schedules and exceptions.
///
/// What HSDS has no field for comes back from the "Circles group facts" attributes; without them
/// (data from elsewhere) sensible defaults apply: a slug from the name, in person when the service has
/// a physical place, the time zone given on the command line.
struct HSDSImport {
    typealias Object = [String: Any]

    /// The time zone of services and schedules that do not name one.
    var defaultTimeZone = "America/New_York"
    var topics: Set<String> = []
    /// The time of the import, for the dates `circles.json` gives relative to it.
    var now = Date()

    /// The batch, and every problem found (by service or record).
    func read(directory: String) throws -> (batch: ImportBatch, problems: [ImportProblem]) {
        let organizations = try Self.load(directory, "organizations.json", required: false)
        var locations = try Self.load(directory, "locations.json", required: false)
        let services = try Self.load(directory, "services.json", required: true)
        var batch = ImportBatch()
        var problems: [ImportProblem] = []
        var organizationKeys = Set<String>()
        func addOrganization(_ o: Object) {
            guard let id = o["id"] as? String, !organizationKeys.contains(id) else { return }
            organizationKeys.insert(id)
            let name = Self.text(o["name"]) ?? "Organization"
            var record = OrganizationRecord(slug: Self.facts(o)["slug"]?.first ?? FieldRules.slugify(name), name: name)
            record.description = Self.text(o["description"]) ?? ""
            record.email = Self.text(o["email"])
            record.website = Self.text(o["website"])
            record.phone = (o["phones"] as? [Object])?.first.flatMap { Self.text($0["number"]) }
            let found = ImportChecks.organization(record)
            guard found.isEmpty else {
                problems += found.map { ImportProblem(line: nil, field: $0.field, message: "organization \(id): \($0.message)") }
                return
            }
            batch.organizations.append(.init(key: id, record: record))
        }
        organizations.forEach(addOrganization)
        for service in services {
            if let o = service["organization"] as? Object { addOrganization(o) }
            for place in service["service_at_locations"] as? [Object] ?? [] {
                if let l = place["location"] as? Object, !locations.contains(where: { $0["id"] as? String == l["id"] as? String }) { locations.append(l) }
            }
        }
        var locationKeys = Set<String>()
        for l in locations {
            guard let id = l["id"] as? String, !locationKeys.contains(id) else { continue }
            let (record, words) = Self.location(l)
            let found = ImportChecks.location(record, words: words)
            if !found.isEmpty {
                problems += found.map { ImportProblem(line: nil, field: $0.field, message: "location \(id): \($0.message)") }
                continue
            }
            guard let organization = l["organization_id"] as? String, organizationKeys.contains(organization) else {
                problems.append(ImportProblem(line: nil, field: "organization_id", message: "location \(id): names no organization of organizations.json"))
                continue
            }
            locationKeys.insert(id)
            batch.locations.append(.init(key: id, organizationKey: organization, record: record))
        }
        let locationsById = Dictionary(locations.compactMap { l in (l["id"] as? String).map { ($0, l) } }, uniquingKeysWith: { first, _ in first })
        for (index, service) in services.enumerated() {
            let key = service["id"] as? String ?? "service-\(index)"
            // A service is named by its name when that is a text the API accepts, else by its id: a report never echoes a bad value.
            let name = Self.text(service["name"]).flatMap { ImportChecks.text("name", $0, max: 150).isEmpty ? $0 : nil }
            let label = "service \(name ?? key)"
            guard let organization = service["organization_id"] as? String ?? (service["organization"] as? Object)?["id"] as? String,
                organizationKeys.contains(organization)
            else {
                problems.append(ImportProblem(line: nil, field: "organization_id", message: "\(label): names no organization"))
                continue
            }
            let (group, links, usualPlace, words) = self.group(service, locations: locationsById)
            let schedules = Self.oneRowPerSchedule(service["schedules"] as? [Object] ?? []).map { self.schedule($0, group: group) }
            var found = ImportChecks.group(group, links: links, topics: topics, words: words)
            for schedule in schedules { found += ImportChecks.schedule(schedule.record).map { ("schedules.\($0.field)", $0.message) } }
            for place in [usualPlace] + schedules.map(\.location) {
                if let place, !locationKeys.contains(place) { found.append(("location_id", "\(place) is not a location of locations.json")) }
            }
            if !found.isEmpty {
                problems += found.map { ImportProblem(line: nil, field: $0.field, message: "\(label): \($0.message)") }
                continue
            }
            batch.groups.append(.init(key: key, organizationKey: organization, locationKey: usualPlace, record: group, links: links))
            batch.schedules += schedules.map { .init(key: $0.key, groupKey: key, locationKey: $0.location, record: $0.record) }
        }
        if let extras = try HSDSExtras.load(directory, now: now, timeZone: defaultTimeZone) {
            extras.apply(to: &batch, services: services, problems: &problems)
        }
        return (batch, problems)
    }

    /// A service as a group, its links, the key of the place it usually meets at (ours say which
    /// service_at_location that is; for others, the first one), and the words no vocabulary knows.
    func group(_ s: Object, locations: [String: Object]) -> (GroupRecord, GroupLinks, String?, ImportedWords) {
        let facts = Self.facts(s)
        let name = Self.text(s["name"]) ?? ""
        let places = s["service_at_locations"] as? [Object] ?? []
        let usual =
            places.first { $0["description"] as? String == HSDSWriter.usualPlace }
            ?? (facts.isEmpty ? places.first : nil)
        let usualLocation = usual?["location"] as? Object ?? (usual?["location_id"] as? String).flatMap { locations[$0] }
        let physical = usualLocation?["location_type"] as? String == "physical"
        let timeZone =
            facts["time_zone"]?.first
            ?? (s["schedules"] as? [Object])?.lazy.compactMap { Self.facts($0)["time_zone"]?.first }.first ?? defaultTimeZone
        var words = ImportedWords()
        var g = GroupRecord(
            organizationId: 0, slug: facts["slug"]?.first ?? FieldRules.slugify(name), name: name,
            format: words.read(facts["format"]?.first, field: "format", fallback: usual == nil || physical ? .inPerson : .online),
            timeZone: timeZone)
        g.summary = facts["summary"]?.first ?? ""
        let description = Self.text(s["description"]) ?? ""
        g.description = description == g.summary ? "" : description
        g.status = HSDSWriter.groupStatus(s["status"] as? String)
        g.joinMode = words.read(facts["join_mode"]?.first, field: "join_mode", fallback: .dropIn)
        g.registrationUrl = facts["registration_url"]?.first
        g.onlineUrl = facts["online_url"]?.first
        g.onlineDetailsPrivate = facts["online_details_private"]?.first == "true"
        g.openTo = words.read(facts["open_to"]?.first, field: "open_to", fallback: g.openTo)
        g.cameraOptional = facts["camera_optional"]?.first.map { $0 == "true" } ?? g.cameraOptional
        g.childcare = facts["childcare"]?.first == "true"
        g.aslInterpretation = facts["asl_interpretation"]?.first == "true"
        g.firstMeetingNote = facts["first_meeting_note"]?.first ?? ""
        g.capacity = facts["capacity"]?.first.flatMap { Int($0) }
        g.openSeats = facts["open_seats"]?.first.flatMap { Int($0) }
        g.lastConfirmedAt = words.time(facts["last_confirmed_at"]?.first, field: "last_confirmed_at")
        let fees = Self.text(s["fees_description"])
        g.isFree = facts["is_free"]?.first.map { $0 == "true" } ?? (fees == nil || fees == "Free")
        if !g.isFree, let fees, fees != "There is a cost; ask the group." { g.cost = fees }
        g.contactEmail = Self.text(s["email"])
        for phone in s["phones"] as? [Object] ?? [] {
            guard let number = Self.text(phone["number"]) else { continue }
            if (phone["description"] as? String ?? "").hasPrefix("Dial-in") { g.dialIn = number } else if g.contactPhone == nil { g.contactPhone = number }
        }
        var links = GroupLinks()
        links.audiences = facts["audience"].map { words.list($0, field: "audiences") } ?? [.everyone]
        links.languages = (s["languages"] as? [Object] ?? []).compactMap { ($0["code"] as? String)?.lowercased() }
        for attribute in s["attributes"] as? [Object] ?? [] {
            let term = attribute["taxonomy_term"] as? Object ?? [:]
            if term["taxonomy_id"] as? String == HSDSVocabulary.topicsTaxonomyId || (term["taxonomy"] as? String) == "Circles topics",
                let code = term["code"] as? String ?? attribute["value"] as? String
            {
                links.topics.append(code)
            }
        }
        return (g, links, usual?["location_id"] as? String ?? usualLocation?["id"] as? String, words)
    }

    /// The rows of a service's schedules with the periods of one of ours (rows of one schedule id,
    /// `HSDSWriter.schedules`) read as that schedule once, through its first row.
    static func oneRowPerSchedule(_ rows: [Object]) -> [Object] {
        var seen = Set<Int64>()
        return rows.filter { row in
            guard let id = (row["id"] as? String).flatMap({ HSDSIdentifier.parse($0, .schedule) }) else { return true }
            return seen.insert(id.id).inserted
        }
    }

    func schedule(_ s: Object, group: GroupRecord) -> (key: String?, record: ScheduleRecord, location: String?) {
        let freq = (s["freq"] as? String ?? "WEEKLY").uppercased()
        let interval = Self.int(s["interval"]) ?? 1
        let days = (s["byday"] as? String ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        var frequency: ScheduleFrequency = freq == "MONTHLY" ? .monthly : interval == 2 ? .biweekly : .weekly
        if Self.int(s["count"]) == 1 { frequency = .once }
        var weekOfMonth: Int?
        var codes: [String] = []
        for day in days {
            let code = String(day.suffix(2))
            if frequency == .monthly { weekOfMonth = Int(day.dropLast(2)) }
            if !codes.contains(code) { codes.append(code) }
        }
        let opens = String((s["opens_at"] as? String ?? "").prefix(5))
        var duration = 60
        if let start = LocalTime(opens), let end = LocalTime(String((s["closes_at"] as? String ?? "").prefix(5))) {
            let minutes = (end.minutesSinceMidnight - start.minutesSinceMidnight + 1440) % 1440
            duration = minutes == 0 ? 1440 : minutes
        }
        let startsOn = Self.text(s["dtstart"]) ?? Self.text(s["valid_from"]) ?? LocalDate(daysSince1970: Int(Date().timeIntervalSince1970) / 86_400).description
        var record = ScheduleRecord(
            groupId: 0, frequency: frequency, startTime: opens, durationMinutes: duration,
            timeZone: Self.facts(s)["time_zone"]?.first ?? group.timeZone, startsOn: startsOn)
        record.weekdays = frequency == .once ? "" : codes.joined(separator: ",")
        record.weekOfMonth = weekOfMonth
        // Our rows' valid_to ends a period of one offset, not the schedule (HSDSWriter.schedules).
        let ours = (s["id"] as? String).flatMap { HSDSIdentifier.parse($0, .schedule) } != nil
        record.endsOn = Self.text(s["until"]) ?? (ours ? nil : Self.text(s["valid_to"]))
        record.notes = Self.text(s["notes"]) ?? ""
        return (s["id"] as? String, record, s["location_id"] as? String)
    }

    /// A location as a place, and the words no vocabulary knows.
    static func location(_ l: Object) -> (LocationRecord, ImportedWords) {
        let virtual = l["location_type"] as? String == "virtual"
        var words = ImportedWords()
        var record = LocationRecord(
            organizationId: 0, name: text(l["name"]) ?? "",
            kind: words.read(facts(l)["location_kind"]?.first, field: "location_kind", fallback: virtual ? .online : .other))
        if let address = (l["addresses"] as? [Object])?.first {
            record.address = text(address["address_1"])
            record.city = text(address["city"])
            record.county = text(address["region"])
            record.state = text(address["state_province"])
            record.zip = text(address["postal_code"])
            if let country = text(address["country"]) { record.country = country.uppercased() }
        }
        record.latitude = (l["latitude"] as? NSNumber)?.doubleValue
        record.longitude = (l["longitude"] as? NSNumber)?.doubleValue
        record.directions = text(l["description"]) ?? ""
        for entry in l["accessibility"] as? [Object] ?? [] {
            switch entry["description"] as? String {
            case HSDSWriter.wheelchair: record.wheelchairAccessible = true
            case HSDSWriter.asl: record.aslAvailable = true
            case HSDSWriter.parking: record.parking = true
            case HSDSWriter.transit: record.nearTransit = true
            default: record.accessibilityNotes = text(entry["details"]) ?? text(entry["description"]) ?? ""
            }
        }
        return (record, words)
    }

    /// The "Circles group facts" attributes of an object, by term code (a fact may repeat: audiences).
    static func facts(_ object: Object) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for attribute in object["attributes"] as? [Object] ?? [] {
            let term = attribute["taxonomy_term"] as? Object ?? [:]
            let termId = attribute["taxonomy_term_id"] as? String ?? term["id"] as? String
            guard
                let code = HSDSVocabulary.facts.first(where: { HSDSVocabulary.factTermId($0.code) == termId })?.code
                    ?? (term["taxonomy_id"] as? String == HSDSVocabulary.factsTaxonomyId ? term["code"] as? String : nil),
                let value = attribute["value"] as? String
            else { continue }
            result[code, default: []].append(value)
        }
        return result
    }

    static func text(_ value: Any?) -> String? {
        guard let text = (value as? String)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    static func int(_ value: Any?) -> Int? {
        (value as? NSNumber)?.intValue ?? (value as? String).flatMap { Int($0) }
    }

    static func load(_ directory: String, _ name: String, required: Bool) throws -> [Object] {
        let path = directory + "/" + name
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw ImportFileError(message: "\(path) is missing") }
            return []
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let rows = try? JSONSerialization.jsonObject(with: data) as? [Object] else {
            throw ImportFileError(message: "\(path) is not a JSON array of objects")
        }
        return rows
    }
}

/// A file that cannot be read at all (missing, not JSON, not CSV).
struct ImportFileError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
