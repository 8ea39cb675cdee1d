import Foundation
import GroupViews
import Store

/// The checks the API applies to groups, places and schedules, for rows that arrive in bulk
/// (CSV, HSDS): each returns every problem by field, so that a dry run can report them all.
enum ImportChecks {
    typealias Problem = (field: String, message: String)

    /// `words`: the texts of the row that are no word of their vocabulary (see `ImportedWords`).
    static func group(_ g: GroupRecord, links: GroupLinks, topics: Set<String>, words: ImportedWords = ImportedWords()) -> [Problem] {
        var problems: [Problem] = []
        if g.name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(("name", "is required")) }
        if let message = FieldRules.slug(g.slug) { problems.append(("slug", message)) }
        for _ in words.unknown("format") { problems.append(("format", "must be one of: \(GroupFormat.rawValues.joined(separator: ", "))")) }
        for _ in words.unknown("status") { problems.append(("status", "must be one of: \(GroupStatus.rawValues.joined(separator: ", "))")) }
        for _ in words.unknown("join_mode") { problems.append(("join_mode", "must be drop_in or registration")) }
        if let message = FieldRules.timeZone(g.timeZone) { problems.append(("time_zone", message)) }
        for (field, value) in [("registration_url", g.registrationUrl), ("online_url", g.onlineUrl)] {
            if let value, let message = FieldRules.url(value) { problems.append((field, message)) }
        }
        // The API's rules for how to join. A group that keeps its online details private may arrive
        // without them (an HSDS export leaves them out): they are then added in the console.
        if (g.format == .online || g.format == .hybrid) && g.onlineUrl == nil && g.dialIn == nil && !g.onlineDetailsPrivate {
            problems.append(("online_url", "is required for an online or hybrid group (or give dial_in)"))
        }
        if g.format == .phone && g.dialIn == nil && !g.onlineDetailsPrivate { problems.append(("dial_in", "is required for a phone group")) }
        if g.joinMode == .registration && g.registrationUrl == nil && g.contactEmail == nil && g.contactPhone == nil {
            problems.append(("registration_url", "or a contact_email or contact_phone is required when join_mode is registration"))
        }
        if let email = g.contactEmail, let message = FieldRules.email(email) { problems.append(("contact_email", message)) }
        if let phone = g.contactPhone, let message = FieldRules.phone(phone) { problems.append(("contact_phone", message)) }
        for topic in links.topics where !topics.contains(topic) { problems.append(("topics", "\"\(topic)\" is not a topic (see /api/v1/topics)")) }
        for audience in words.unknown("audiences") {
            problems.append(("audiences", "\"\(audience)\" must be one of: \(Audience.rawValues.joined(separator: ", "))"))
        }
        for language in links.languages where !FieldRules.language(language) {
            problems.append(("languages", "\"\(language)\" is not a lowercase language tag such as en or es"))
        }
        for _ in words.unknown("open_to") { problems.append(("open_to", "must be anyone or lived_experience")) }
        if g.firstMeetingNote.count > 1000 { problems.append(("first_meeting_note", "must be at most 1000 characters")) }
        if let capacity = g.capacity, !(1...10_000).contains(capacity) { problems.append(("capacity", "must be from 1 to 10000")) }
        if let seats = g.openSeats {
            if g.capacity == nil {
                problems.append(("open_seats", "needs a capacity"))
            } else if seats < 0 || seats > g.capacity! {
                problems.append(("open_seats", "must be from 0 to the capacity"))
            }
        }
        for _ in words.unknown("last_confirmed_at") { problems.append(("last_confirmed_at", "must be an RFC 3339 time")) }
        return problems
    }

    static func location(_ l: LocationRecord, words: ImportedWords = ImportedWords()) -> [Problem] {
        var problems: [Problem] = []
        if l.name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(("location_name", "is required")) }
        for _ in words.unknown("location_kind") { problems.append(("location_kind", "must be one of: \(LocationKind.rawValues.joined(separator: ", "))")) }
        if let latitude = l.latitude, !(-90...90).contains(latitude) { problems.append(("latitude", "must be from -90 to 90")) }
        if let longitude = l.longitude, !(-180...180).contains(longitude) { problems.append(("longitude", "must be from -180 to 180")) }
        return problems
    }

    static func schedule(_ s: ScheduleRecord) -> [Problem] {
        ScheduleMapping.recurrenceProblems(s).map { ($0.field, $0.message) }
    }
}
