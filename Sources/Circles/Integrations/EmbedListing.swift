import Foundation
import GroupViews
import HTTPServer
import Store

/// What the embed widget and the `/embed` frame show: an organization's (or a topic's, or a city's)
/// active groups with their next meeting, linking back to the group pages.
struct EmbedListing {
    /// The filters, from `organization` (a slug or an id), `topic` (a slug), `city` and `limit`.
    struct Filters {
        var organization: String?
        var topic: String?
        var city: String?
        var limit = 10

        static let maxLimit = 50

        init(_ request: Request) throws {
            var reader = QueryReader(request)
            organization = reader.text("organization", max: 80)
            topic = reader.text("topic", max: 80)
            city = reader.text("city", max: 100)
            if let text = reader.query["limit"] {
                if let n = Int(text), (1...Self.maxLimit).contains(n) {
                    limit = n
                } else {
                    reader.fail("limit", "must be a whole number from 1 to \(Self.maxLimit)")
                }
            }
            try reader.finish()
        }
    }

    struct Entry: Encodable {
        var name: String
        var url: String
        var summary: String
        var place: String
        /// "Tuesday 6:30 pm (Mountain time)", or nil when no meeting is planned.
        var nextMeeting: String?
        /// The next meeting's start, ISO 8601 with the group's offset.
        var nextMeetingAt: String?
        /// The next meeting has begun and not ended.
        var happeningNow: Bool
        /// "Changed: at Colfax Center, …. The clinic is closed.", when the next meeting was moved.
        var nextMeetingChange: String?
        var schedule: String
        /// All its places are taken.
        var full: Bool
    }

    struct Listing: Encodable {
        var title: String
        /// The same list on Circles' search page.
        var moreUrl: String
        /// "3 groups".
        var count: String
        /// The crisis line, carried by every list on every site.
        var crisisLine = EmbedListing.crisisLine
        var groups: [Entry]
    }

    static let crisisLine = "In crisis? Call or text 988, any time (Suicide & Crisis Lifeline). In an emergency, call 911."

    /// The listing, or nil when the organization or topic does not exist.
    static func make(_ filters: Filters, database: AppDatabase, site: SiteAddress, now: Date = Date()) throws -> Listing? {
        var query = GroupQuery()
        query.limit = filters.limit
        var title = "Peer support groups"
        var more: [(String, String)] = []
        if let organization = filters.organization {
            let record: OrganizationRecord?
            if let id = Int64(organization) {
                record = try database.record(OrganizationRecord.self, id: id)
            } else {
                record = try database.organization(slug: organization)
            }
            guard let record else { return nil }
            query.organizationId = record.id
            title = "Groups of \(record.name)"
            more.append(("organization_id", String(record.id!)))
        }
        if let topic = filters.topic {
            guard let found = try database.topicRecords().first(where: { $0.slug == topic }) else { return nil }
            query.topics = [topic]
            title += filters.organization == nil ? ": \(found.name.lowercased())" : " (\(found.name.lowercased()))"
            more.append(("topic", topic))
        }
        if let city = filters.city {
            query.city = city
            title += " in \(city)"
            more.append(("city", city))
        }
        let page = try API.store { try database.searchGroups(query, after: nil) }
        // The person looking now wants the soonest meeting first; groups with none planned come last.
        let found = try database.groupDetails(ids: page.ids).map { d in (d, MeetingFinder.next(for: d, after: now)) }
            .sorted { ($0.1?.occurrence.start ?? .distantFuture) < ($1.1?.occurrence.start ?? .distantFuture) }
        let groups = found.map { d, next -> Entry in
            let schedules = d.schedules.compactMap { ScheduleMapping.recurrence($0)?.englishDescription }
            let words = next.map { MeetingWords($0, group: d, now: now) }
            return Entry(
                name: d.group.name, url: site.absolute("/groups/\(PercentDecoding.encode(d.group.slug))"), summary: d.group.summary,
                place: PrintPage.place(d, d.location) + (PrintPage.address(d, d.location).map { ", \($0)" } ?? ""),
                nextMeeting: words.map { "\($0.when) (\($0.zoneName))" },
                nextMeetingAt: words?.datetime, happeningNow: words?.happeningNow ?? false, nextMeetingChange: words?.change,
                schedule: schedules.joined(separator: "; "), full: GroupSeats.isFull(d.group))
        }
        let search = "/search" + (more.isEmpty ? "" : "?" + more.map { "\($0.0)=\(PercentDecoding.encode($0.1))" }.joined(separator: "&"))
        let count = Words.count(groups.count, "group") + (page.next != nil ? " shown" : "")
        return Listing(title: title, moreUrl: site.absolute(search), count: count, groups: groups)
    }
}
