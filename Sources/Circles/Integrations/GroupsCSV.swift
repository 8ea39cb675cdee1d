import Foundation
import GroupViews
import Schedules
import Store

/// Groups as a spreadsheet: one row per meeting schedule (a group without one has a single row with
/// the schedule columns empty). Rows with the same `slug` are one group, whose columns are read
/// from its first row. The columns are documented in docs/CSV.md; `Public/examples/groups.csv` is an example.
enum GroupsCSV {
    static let columns = [
        "organization", "organization_name", "slug", "name", "summary", "description", "format", "status", "topics", "audiences",
        "languages", "is_free", "cost", "join_mode", "registration_url", "online_url", "dial_in", "online_details_private", "contact_email", "contact_phone",
        "time_zone", "location_name", "location_kind", "address", "city", "county", "state", "zip", "country", "latitude", "longitude",
        "wheelchair_accessible", "asl_available", "parking", "near_transit", "accessibility_notes", "directions", "frequency", "weekdays", "week_of_month",
        "start_time", "duration_minutes", "starts_on", "ends_on",
        "schedule_notes", "open_to", "camera_optional", "childcare", "asl_interpretation", "first_meeting_note", "capacity", "open_seats",
        "last_confirmed", "content_language",
    ]
    /// The texts a group may give in other languages, each as a column `text@language` (`name@es`, `summary@es`).
    static let translatedColumns = GroupTranslation.Field.allCases.map(\.rawValue)
    static let required = ["organization", "name", "format", "time_zone"]
    static let scheduleColumns = ["frequency", "weekdays", "week_of_month", "start_time", "duration_minutes", "starts_on", "ends_on", "schedule_notes"]

    /// What one reading of a file found: the batch to write and every problem, by line.
    struct Reading {
        var batch = ImportBatch()
        var problems: [ImportProblem] = []
        var rows = 0
    }

    /// Reads a CSV text. `organization` limits the rows to one organization (the API's import):
    /// its slug is then the default of the `organization` column and any other is refused.
    /// `knownOrganizations` are the slugs that exist; a new one needs `organization_name`.
    /// `existing` finds the group a slug names, when rows may update groups (`--update`): such a row
    /// changes only what the file has columns for, and keeps the group's tags and facilitators.
    static func read(
        _ text: String, topics: Set<String>, knownOrganizations: Set<String>, organization: OrganizationRecord? = nil,
        existing: ((String) -> GroupDetails?)? = nil
    ) -> Reading {
        var reading = Reading()
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch {
            reading.problems.append(ImportProblem(line: error.line, field: "file", message: error.message))
            return reading
        }
        guard let header = records.first else {
            reading.problems.append(ImportProblem(line: 1, field: "file", message: "is empty: the first line must name the columns"))
            return reading
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let unknown = names.filter { !columns.contains($0) && translationColumn($0) == nil }
        let translationLanguages = Set(names.compactMap { translationColumn($0)?.language }).sorted()
        let missing = required.filter { !names.contains($0) && !($0 == "organization" && organization != nil) }
        if !unknown.isEmpty || !missing.isEmpty || Set(names).count != names.count {
            var message: [String] = []
            if !unknown.isEmpty { message.append("unknown columns: \(unknown.joined(separator: ", "))") }
            if !missing.isEmpty { message.append("missing columns: \(missing.joined(separator: ", "))") }
            if Set(names).count != names.count { message.append("a column is named twice") }
            reading.problems.append(ImportProblem(line: header.line, field: "header", message: message.joined(separator: "; ")))
            return reading
        }
        var organizations = Set<String>()
        var locations = Set<String>()
        /// Each group's organization, by slug: later rows of the same slug add schedules to it.
        var groups: [String: String] = [:]
        for record in records.dropFirst() {
            reading.rows += 1
            let line = record.line
            // One problem per field and line: a bad time zone is not reported again by the schedule.
            func problem(_ field: String, _ message: String) {
                guard !reading.problems.contains(where: { $0.line == line && $0.field == field }) else { return }
                reading.problems.append(ImportProblem(line: line, field: field, message: message))
            }
            guard record.fields.count == names.count else {
                problem("row", "has \(record.fields.count) fields; the header has \(names.count)")
                continue
            }
            var row: [String: String] = [:]
            for (name, value) in zip(names, record.fields) {
                let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { row[name] = trimmed }
            }
            let before = reading.problems.count
            // The organization.
            let orgSlug = row["organization"] ?? organization?.slug ?? ""
            if let organization, orgSlug != organization.slug {
                problem("organization", "must be \(organization.slug) (or empty): this import is for that organization only")
            } else if orgSlug.isEmpty {
                problem("organization", "is required")
            } else if !knownOrganizations.contains(orgSlug) && !organizations.contains(orgSlug) {
                if let name = row["organization_name"], organization == nil, FieldRules.slug(orgSlug) == nil {
                    var record = OrganizationRecord(slug: orgSlug, name: name)
                    record.description = ""
                    let found = ImportChecks.organization(record)
                    let columns = ["name": "organization_name", "slug": "organization"]
                    for found in found { problem(columns[found.field] ?? found.field, found.message) }
                    if found.isEmpty {
                        reading.batch.organizations.append(.init(key: orgSlug, record: record))
                        organizations.insert(orgSlug)
                    }
                } else {
                    problem("organization", "\"\(orgSlug)\" is not an organization here (give organization_name to create it)")
                }
            } else if !organizations.contains(orgSlug) {
                reading.batch.organizations.append(.init(key: orgSlug, record: OrganizationRecord(slug: orgSlug, name: orgSlug)))
                organizations.insert(orgSlug)
            }
            // The place.
            var locationKey: String?
            if let placeName = row["location_name"] {
                var placeWords = ImportedWords()
                var place = LocationRecord(
                    organizationId: 0, name: placeName,
                    kind: placeWords.read(row["location_kind"], field: "location_kind", fallback: .other))
                place.address = row["address"]
                place.city = row["city"]
                place.county = row["county"]
                place.state = row["state"]
                place.zip = row["zip"]
                if let country = row["country"] { place.country = country.uppercased() }
                place.latitude = number(row, "latitude", problem)
                place.longitude = number(row, "longitude", problem)
                place.wheelchairAccessible = flag(row, "wheelchair_accessible", problem) ?? false
                place.aslAvailable = flag(row, "asl_available", problem) ?? false
                place.parking = flag(row, "parking", problem) ?? false
                place.nearTransit = flag(row, "near_transit", problem) ?? false
                place.accessibilityNotes = row["accessibility_notes"] ?? ""
                place.directions = row["directions"] ?? ""
                for found in ImportChecks.location(place, words: placeWords) { problem(found.field, found.message) }
                let key = [orgSlug, placeName, place.address ?? "", place.city ?? ""].joined(separator: "\u{1F}")
                if !locations.contains(key) {
                    locations.insert(key)
                    reading.batch.locations.append(.init(key: key, organizationKey: orgSlug, record: place))
                }
                locationKey = key
            } else if ["location_kind", "address", "city", "state", "zip"].contains(where: { row[$0] != nil }) {
                problem("location_name", "is required when a place is given")
            }
            // The group, from its first row.
            let name = row["name"] ?? ""
            let slug = row["slug"] ?? FieldRules.slugify(name)
            if let owner = groups[slug], owner != orgSlug {
                problem("slug", "\"\(slug)\" is already a group of \(owner) in this file")
            }
            if groups[slug] == nil {
                let current = existing?(slug)
                if let current, current.organization.slug != orgSlug {
                    problem("slug", "\"\(slug)\" is a group of another organization")
                }
                /// Whether the row sets this column: a new group takes every column (empty ones as defaults),
                /// an updated one only those the file has.
                func given(_ column: String) -> Bool { current == nil || names.contains(column) }
                var words = ImportedWords()
                var g =
                    current?.group
                    ?? GroupRecord(organizationId: 0, slug: slug, name: name, format: .inPerson, timeZone: row["time_zone"] ?? "")
                g.name = name
                g.format = words.read(row["format"], field: "format", fallback: .inPerson)
                g.timeZone = row["time_zone"] ?? ""
                if given("summary") { g.summary = row["summary"] ?? "" }
                if given("description") { g.description = row["description"] ?? "" }
                if given("status") { g.status = words.read(row["status"], field: "status", fallback: .active) }
                if given("is_free") || given("cost") { g.isFree = flag(row, "is_free", problem) ?? (row["cost"] == nil) }
                if given("cost") { g.cost = row["cost"] ?? "" }
                if given("join_mode") { g.joinMode = words.read(row["join_mode"], field: "join_mode", fallback: .dropIn) }
                if given("registration_url") { g.registrationUrl = row["registration_url"] }
                if given("online_url") { g.onlineUrl = row["online_url"] }
                if given("dial_in") { g.dialIn = row["dial_in"] }
                if given("online_details_private") { g.onlineDetailsPrivate = flag(row, "online_details_private", problem) ?? false }
                if given("contact_email") { g.contactEmail = row["contact_email"] }
                if given("contact_phone") { g.contactPhone = row["contact_phone"] }
                if given("open_to") { g.openTo = words.read(row["open_to"], field: "open_to", fallback: .anyone) }
                if given("camera_optional") { g.cameraOptional = flag(row, "camera_optional", problem) ?? true }
                if given("childcare") { g.childcare = flag(row, "childcare", problem) ?? false }
                if given("asl_interpretation") { g.aslInterpretation = flag(row, "asl_interpretation", problem) ?? false }
                if given("first_meeting_note") { g.firstMeetingNote = row["first_meeting_note"] ?? "" }
                if given("capacity") { g.capacity = whole(row, "capacity", problem) }
                if given("open_seats") { g.openSeats = whole(row, "open_seats", problem) }
                // Seats that change are as of now (the import sets the time).
                if let current, (g.capacity, g.openSeats) != (current.group.capacity, current.group.openSeats) { g.seatsUpdatedAt = nil }
                if let confirmed = row["last_confirmed"] {
                    if let stamp = Self.confirmation(confirmed) {
                        g.lastConfirmedAt = stamp
                    } else {
                        problem("last_confirmed", "must be a date such as 2026-11-30 or a time such as 2026-11-30T18:00:00Z")
                    }
                }
                // A place named by the file replaces the group's; an empty one removes it.
                if current != nil && names.contains("location_name") { g.locationId = nil }
                var links = current?.links ?? GroupLinks()
                if given("topics") { links.topics = list(row["topics"]) }
                if given("audiences") { links.audiences = row["audiences"] == nil ? [.everyone] : words.list(list(row["audiences"]), field: "audiences") }
                if given("languages") { links.languages = list(row["languages"]).map { $0.lowercased() } }
                if given("content_language") { g.contentLanguage = row["content_language"]?.lowercased() ?? ContentLanguage.original }
                // A language with columns in the file: its texts are the row's (an empty cell is not translated);
                // the group's translations into other languages stay.
                for language in translationLanguages {
                    var translation = links.translation(language) ?? GroupTranslation(language: language)
                    for field in GroupTranslation.Field.allCases where names.contains("\(field.rawValue)@\(language)") {
                        translation[field] = row["\(field.rawValue)@\(language)"]
                    }
                    links.translations.removeAll { $0.language == language }
                    if !translation.isEmpty { links.translations.append(translation) }
                }
                links.translations.sort { $0.language < $1.language }
                for field in required where row[field] == nil && !(field == "organization" && organization != nil) { problem(field, "is required") }
                for found in ImportChecks.group(g, links: links, topics: topics, words: words)
                where !(found.field == "name" && name.isEmpty) && !(found.field == "time_zone" && g.timeZone.isEmpty) {
                    problem(column(found.field), found.message)
                }
                groups[slug] = orgSlug
                if reading.problems.count == before {
                    var group = ImportBatch.Group(key: slug, organizationKey: orgSlug, locationKey: locationKey, record: g, links: links, line: line)
                    group.schedulesGiven = current == nil || scheduleColumns.contains(where: names.contains)
                    reading.batch.groups.append(group)
                }
            }
            // The schedule.
            if scheduleColumns.contains(where: { row[$0] != nil }) {
                let timeZone = row["time_zone"] ?? reading.batch.groups.first(where: { $0.key == slug })?.record.timeZone ?? ""
                let duration = row["duration_minutes"].map { Int($0) ?? -1 } ?? 60
                let frequency = row["frequency"].flatMap { ScheduleFrequency(rawValue: $0.lowercased()) }
                if row["frequency"] != nil && frequency == nil {
                    problem("frequency", "must be one of: \(ScheduleFrequency.rawValues.joined(separator: ", "))")
                }
                var s = ScheduleRecord(
                    groupId: 0, frequency: frequency ?? .weekly, startTime: row["start_time"].map(Self.time) ?? "",
                    durationMinutes: duration, timeZone: timeZone, startsOn: row["starts_on"].map(Self.date) ?? "")
                s.weekdays = list(row["weekdays"]).compactMap { Weekday(nameOrCode: $0.lowercased()) ?? Weekday(nameOrCode: $0.uppercased()) }.map(\.icalCode)
                    .joined(separator: ",")
                if list(row["weekdays"]).count != ScheduleMapping.weekdays(s.weekdays).count {
                    problem("weekdays", "must be weekday names such as tuesday, separated by ;")
                }
                if let week = row["week_of_month"] {
                    if let n = Int(week) { s.weekOfMonth = n } else { problem("week_of_month", "must be 1 to 5, or -1 for the last") }
                }
                s.endsOn = row["ends_on"].map(Self.date)
                s.notes = row["schedule_notes"] ?? ""
                for required in ["frequency", "start_time", "starts_on"] where row[required] == nil { problem(required, "is required for a meeting schedule") }
                // Which weekdays a rule needs depends on the frequency, so a wrong one is the only error they get.
                let unreliable = frequency == nil ? ["weekdays", "week_of_month"] : []
                for found in ImportChecks.schedule(s)
                where (row[found.field] != nil || !["frequency", "start_time", "starts_on"].contains(found.field)) && !unreliable.contains(found.field) {
                    if found.field == "time_zone" && timeZone.isEmpty { continue }
                    problem(found.field == "notes" ? "schedule_notes" : found.field, found.message)
                }
                if reading.problems.count == before {
                    // A meeting at the group's usual place names no place of its own.
                    let usual = reading.batch.groups.first(where: { $0.key == slug })?.locationKey
                    reading.batch.schedules.append(.init(groupKey: slug, locationKey: locationKey == usual ? nil : locationKey, record: s, line: line))
                }
            }
            if reading.problems.count != before {
                // A bad row leaves its group out, so that nothing half-made is written even in a dry run's check.
                reading.batch.groups.removeAll { $0.key == slug }
                reading.batch.schedules.removeAll { $0.groupKey == slug }
            }
        }
        return reading
    }

    /// Every column, then a column per translated text of each language (`name@es`, `summary@es`…).
    static func header(languages: [String]) -> [String] {
        columns + languages.flatMap { language in translatedColumns.map { "\($0)@\(language)" } }
    }

    /// `name@es` → (`name`, `es`): a text of a group in another language; nil for any other column.
    static func translationColumn(_ name: String) -> (field: GroupTranslation.Field, language: String)? {
        let parts = name.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let field = GroupTranslation.Field(rawValue: String(parts[0])), ContentLanguage.isTag(String(parts[1])) else {
            return nil
        }
        return (field, String(parts[1]))
    }

    /// The column an API field error is about: `translations.es.name` is `name@es`; a translation into the
    /// group's own language (`translations.es`) is a matter of `content_language`.
    static func column(_ field: String) -> String {
        guard field.hasPrefix("translations.") else { return field }
        let parts = field.split(separator: ".")
        return parts.count == 3 ? "\(parts[2])@\(parts[1])" : "content_language"
    }

    /// A time as spreadsheets write it ("18:30", "6:30 pm", "18:30:00", "6:30:00 PM") as "HH:MM";
    /// anything else unchanged, for the schedule check to report.
    static func time(_ text: String) -> String {
        var rest = text.lowercased().replacingOccurrences(of: " ", with: "")
        var shift: Int?
        for (suffix, hours) in [("am", 0), ("a.m.", 0), ("pm", 12), ("p.m.", 12)] where rest.hasSuffix(suffix) {
            rest = String(rest.dropLast(suffix.count))
            shift = hours
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isASCII) }),
            var hour = Int(parts[0]), let minute = Int(parts[1]), parts.count == 2 || parts[2] == "00" || parts[2] == "0"
        else { return text }
        if let shift {
            guard (1...12).contains(hour) else { return text }
            hour = hour % 12 + shift
        }
        guard (0...23).contains(hour), (0...59).contains(minute), parts[1].count == 2 else { return text }
        return LocalDate.pad(hour, 2) + ":" + LocalDate.pad(minute, 2)
    }

    /// A date as "YYYY-MM-DD", or as US spreadsheets write it ("1/6/2026"); anything else unchanged.
    static func date(_ text: String) -> String {
        let parts = text.split(separator: "/")
        guard parts.count == 3, let month = Int(parts[0]), let day = Int(parts[1]), let year = Int(parts[2]), parts[2].count == 4,
            let date = LocalDate(year: year, month: month, day: day)
        else { return text }
        return date.description
    }

    /// A listing's last confirmation as the export writes it (RFC 3339), or a day (taken as its noon, UTC).
    static func confirmation(_ text: String) -> Timestamp? {
        if let stamp = Timestamp(rfc3339: text) { return stamp }
        guard let day = LocalDate(date(text)) else { return nil }
        return Timestamp(rfc3339: day.description + "T12:00:00Z")
    }

    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func flag(_ row: [String: String], _ name: String, _ problem: (String, String) -> Void) -> Bool? {
        guard let text = row[name]?.lowercased() else { return nil }
        switch text {
        case "true", "yes", "1", "y": return true
        case "false", "no", "0", "n": return false
        default:
            problem(name, "must be yes or no")
            return nil
        }
    }

    static func whole(_ row: [String: String], _ name: String, _ problem: (String, String) -> Void) -> Int? {
        guard let text = row[name] else { return nil }
        guard let value = Int(text) else {
            problem(name, "must be a whole number")
            return nil
        }
        return value
    }

    static func number(_ row: [String: String], _ name: String, _ problem: (String, String) -> Void) -> Double? {
        guard let text = row[name] else { return nil }
        guard let value = Double(text) else {
            problem(name, "must be a number such as 39.7392")
            return nil
        }
        return value
    }

    /// The rows of groups (all of their schedules), with the header first: every column, and the translated
    /// texts' of each of `languages` (by default, those the groups are translated into).
    static func write(_ groups: [GroupDetails], languages: [String]? = nil) -> String {
        let languages = languages ?? Set(groups.flatMap { $0.links.translations.map(\.language) }).sorted()
        let columns = header(languages: languages)
        var text = CSV.line(columns)
        for d in groups {
            let g = d.group
            var base: [String: String] = [
                "organization": d.organization.slug, "organization_name": d.organization.name, "slug": g.slug, "name": g.name,
                "summary": g.summary, "description": g.description, "format": g.format.rawValue, "status": g.status.rawValue,
                "topics": d.links.topics.joined(separator: ";"), "audiences": d.links.audiences.map(\.rawValue).joined(separator: ";"),
                "languages": d.links.languages.joined(separator: ";"), "is_free": g.isFree ? "yes" : "no", "cost": g.cost,
                "join_mode": g.joinMode.rawValue, "registration_url": g.registrationUrl ?? "", "online_url": g.onlineUrl ?? "",
                "dial_in": g.dialIn ?? "", "online_details_private": g.onlineDetailsPrivate ? "yes" : "no", "contact_email": g.contactEmail ?? "",
                "contact_phone": g.contactPhone ?? "",
                "time_zone": g.timeZone, "open_to": g.openTo.rawValue, "camera_optional": g.cameraOptional ? "yes" : "no",
                "childcare": g.childcare ? "yes" : "no", "asl_interpretation": g.aslInterpretation ? "yes" : "no",
                "first_meeting_note": g.firstMeetingNote, "capacity": g.capacity.map(String.init) ?? "", "open_seats": g.openSeats.map(String.init) ?? "",
                "last_confirmed": g.lastConfirmedAt?.text ?? "", "content_language": g.contentLanguage,
            ]
            for translation in d.links.translations {
                for field in GroupTranslation.Field.allCases { base["\(field.rawValue)@\(translation.language)"] = translation[field] ?? "" }
            }
            func place(_ l: LocationRecord?) -> [String: String] {
                guard let l else { return [:] }
                return [
                    "location_name": l.name, "location_kind": l.kind.rawValue, "address": l.address ?? "", "city": l.city ?? "",
                    "county": l.county ?? "", "state": l.state ?? "", "zip": l.zip ?? "", "country": l.country,
                    "latitude": l.latitude.map { String($0) } ?? "", "longitude": l.longitude.map { String($0) } ?? "",
                    "wheelchair_accessible": l.wheelchairAccessible ? "yes" : "no", "asl_available": l.aslAvailable ? "yes" : "no",
                    "parking": l.parking ? "yes" : "no", "near_transit": l.nearTransit ? "yes" : "no", "accessibility_notes": l.accessibilityNotes,
                    "directions": l.directions,
                ]
            }
            base.merge(place(d.location)) { $1 }
            if d.schedules.isEmpty { text += CSV.line(columns.map { base[$0] ?? "" }) }
            for s in d.schedules {
                var row = base
                if s.locationId != nil && s.locationId != g.locationId { row.merge(place(d.place(s.locationId))) { $1 } }
                row["frequency"] = s.frequency.rawValue
                row["weekdays"] = ScheduleMapping.weekdays(s.weekdays).compactMap { Weekday(nameOrCode: $0)?.name }.joined(separator: ";")
                row["week_of_month"] = s.weekOfMonth.map(String.init) ?? ""
                row["start_time"] = s.startTime
                row["duration_minutes"] = String(s.durationMinutes)
                row["starts_on"] = s.startsOn
                row["ends_on"] = s.endsOn ?? ""
                row["schedule_notes"] = s.notes
                text += CSV.line(columns.map { row[$0] ?? "" })
            }
        }
        return text
    }
}
