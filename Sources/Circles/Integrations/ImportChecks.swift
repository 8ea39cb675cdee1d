import Foundation
import GroupViews
import Schedules
import Store

/// The API's own rules for rows that arrive in bulk (CSV, HSDS): each record is written as the JSON
/// body the API would receive and read by the route's own `apply` (`GroupRoutes`, `LocationRoutes`,
/// `OrganizationRoutes`, `ScheduleRoutes`), so an import accepts exactly what the API accepts —
/// control characters, lengths, patterns, vocabularies — and names each field without its value.
/// Each check returns every problem, so that a dry run can report them all.
enum ImportChecks {
    typealias Problem = (field: String, message: String)

    /// `words`: the texts of the row that are no word of their vocabulary (see `ImportedWords`): they
    /// go into the body as given, so the API's check refuses them in its own words.
    static func group(_ g: GroupRecord, links: GroupLinks, topics: Set<String>, words: ImportedWords = ImportedWords()) -> [Problem] {
        var object: [String: Any] = [
            "slug": g.slug, "summary": g.summary, "description": g.description, "format": words.unknown("format").first ?? g.format.rawValue,
            "is_free": g.isFree, "cost": g.cost, "join_mode": words.unknown("join_mode").first ?? g.joinMode.rawValue,
            "online_details_private": g.onlineDetailsPrivate, "status": words.unknown("status").first ?? g.status.rawValue,
            "topics": links.topics, "tags": links.tags, "audiences": links.audiences.map(\.rawValue) + words.unknown("audiences"),
            "languages": links.languages, "open_to": words.unknown("open_to").first ?? g.openTo.rawValue, "camera_optional": g.cameraOptional,
            "childcare": g.childcare, "asl_interpretation": g.aslInterpretation, "first_meeting_note": g.firstMeetingNote,
        ]
        // Absent rather than empty, as a client that has nothing to say leaves a field out.
        if !g.name.isEmpty { object["name"] = g.name }
        if !g.timeZone.isEmpty { object["time_zone"] = g.timeZone }
        let optional: [(String, String?)] = [
            ("registration_url", g.registrationUrl), ("online_url", g.onlineUrl), ("dial_in", g.dialIn), ("contact_email", g.contactEmail),
            ("contact_phone", g.contactPhone),
        ]
        for (key, value) in optional { if let value { object[key] = value } }
        object["content_language"] = g.contentLanguage
        if !links.translations.isEmpty { object["translations"] = GroupRoutes.translationsObject(links.translations) }
        if let capacity = g.capacity { object["capacity"] = capacity }
        if let seats = g.openSeats { object["open_seats"] = seats }
        var record = GroupRecord(organizationId: 0, slug: "", name: "", format: .inPerson, timeZone: "")
        var scratch = GroupLinks()
        var problems = apiProblems(object) { GroupRoutes.apply(&$0, to: &record, links: &scratch, creating: true) }
        // A group that keeps its online details private may arrive without them (an HSDS export
        // leaves them out): they are then added in the console.
        if g.onlineDetailsPrivate {
            problems.removeAll { ["online_url", "dial_in"].contains($0.field) && $0.message.hasPrefix("is required") }
        }
        for (index, topic) in links.topics.enumerated() where !topics.contains(topic) {
            problems.append(("topics", "item \(index + 1) is not a topic (see /api/v1/topics)"))
        }
        for _ in words.unknown("last_confirmed_at") { problems.append(("last_confirmed_at", "must be an RFC 3339 time")) }
        return problems
    }

    /// A place, its fields named as the spreadsheet names them (`location_name`, `location_kind`).
    static func location(_ l: LocationRecord, words: ImportedWords = ImportedWords()) -> [Problem] {
        var object: [String: Any] = [
            "kind": words.unknown("location_kind").first ?? l.kind.rawValue, "country": l.country, "wheelchair_accessible": l.wheelchairAccessible,
            "asl_available": l.aslAvailable, "parking": l.parking, "near_transit": l.nearTransit, "accessibility_notes": l.accessibilityNotes,
            "directions": l.directions,
        ]
        if !l.name.isEmpty { object["name"] = l.name }
        let optional: [(String, String?)] = [("address", l.address), ("city", l.city), ("county", l.county), ("state", l.state), ("zip", l.zip)]
        for (key, value) in optional { if let value { object[key] = value } }
        if let latitude = l.latitude { object["latitude"] = latitude }
        if let longitude = l.longitude { object["longitude"] = longitude }
        var record = LocationRecord(organizationId: 0, name: "", kind: .other)
        let renamed = ["name": "location_name", "kind": "location_kind"]
        return apiProblems(object) { LocationRoutes.kind.apply(&$0, &record, true) }.map { (renamed[$0.field] ?? $0.field, $0.message) }
    }

    /// An organization, by the API's rules for a new one.
    static func organization(_ o: OrganizationRecord) -> [Problem] {
        var object: [String: Any] = ["slug": o.slug, "description": o.description]
        if !o.name.isEmpty { object["name"] = o.name }
        let optional: [(String, String?)] = [("website", o.website), ("email", o.email), ("phone", o.phone)]
        for (key, value) in optional { if let value { object[key] = value } }
        var record = OrganizationRecord(slug: "", name: "")
        return apiProblems(object) { OrganizationRoutes.kind.apply(&$0, &record, true) }
    }

    static func schedule(_ s: ScheduleRecord) -> [Problem] {
        var object: [String: Any] = [
            "frequency": s.frequency.rawValue, "start_time": s.startTime, "duration_minutes": s.durationMinutes, "starts_on": s.startsOn, "notes": s.notes,
            "weekdays": ScheduleMapping.weekdays(s.weekdays).map { Weekday(nameOrCode: $0)?.name ?? $0 },
        ]
        if !s.timeZone.isEmpty { object["time_zone"] = s.timeZone }
        if let week = s.weekOfMonth { object["week_of_month"] = week }
        if let ends = s.endsOn { object["ends_on"] = ends }
        var record = ScheduleRecord(groupId: 0, frequency: .weekly, startTime: "", durationMinutes: 60, timeZone: s.timeZone, startsOn: "")
        return apiProblems(object) { ScheduleRoutes.apply(&$0, to: &record, creating: true) }
    }

    /// A free text of a bulk record the API has no route for (a tag's name, a cancelled meeting's
    /// note), by the API's rule for text: no control characters, at most `max` characters.
    static func text(_ field: String, _ value: String, max: Int, allowEmpty: Bool = true) -> [Problem] {
        var target = ""
        return apiProblems([field: value]) { $0.text(field, into: &target, required: true, max: max, allowEmpty: allowEmpty) }
    }

    /// The problems the API's `read` finds in `object`, sent through JSON text exactly as a request body
    /// is (so a NUL is a character the checks see, never the end of a C string).
    private static func apiProblems(_ object: [String: Any], read: (inout JSONBody) -> Void) -> [Problem] {
        guard let data = try? JSONSerialization.data(withJSONObject: object), let parsed = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [("row", "cannot be read as the API's JSON")] }
        var body = JSONBody(object: parsed)
        read(&body)
        return body.errors.map { ($0.field, $0.message) }
    }
}
