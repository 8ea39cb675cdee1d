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
        var schedule: String
    }

    struct Listing: Encodable {
        var title: String
        /// The same list on Circles' search page.
        var moreUrl: String
        var groups: [Entry]
    }

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
        let groups = try database.groupDetails(ids: page.ids).map { d -> Entry in
            let next = MeetingFinder.next(for: d, after: now)
            let schedules = d.schedules.compactMap { ScheduleMapping.recurrence($0)?.englishDescription }
            return Entry(
                name: d.group.name, url: site.absolute("/groups/\(PercentDecoding.encode(d.group.slug))"), summary: d.group.summary,
                place: PrintPage.place(d, d.location) + (PrintPage.address(d, d.location).map { ", \($0)" } ?? ""),
                nextMeeting: next.map { "\(Words.when($0.occurrence, now: now)) (\(Words.timeZone(d.group.timeZone)))" },
                nextMeetingAt: next.map { Words.isoLocal($0.occurrence.start, zone: $0.occurrence.timeZone) },
                schedule: schedules.joined(separator: "; "))
        }
        let search = "/search" + (more.isEmpty ? "" : "?" + more.map { "\($0.0)=\(PercentDecoding.encode($0.1))" }.joined(separator: "&"))
        return Listing(title: title, moreUrl: site.absolute(search), groups: groups)
    }
}
