import Foundation
import GroupViews
import HTTPServer
import Store

/// What the embed widget (`/embed/fragment`), the `/embed` frame and `/embed.json` show: an organization's (or a topic's, or a city's)
/// active groups with their next meeting, linking back to the group pages, in the language `lang` names
/// (`es`: Spanish words, links to the Spanish pages; English otherwise).
struct EmbedListing {
    /// The filters, from `organization` (a slug or an id), `topic` (a slug), `city` and `limit`; and
    /// `heading`, the level of the fragment's title (`/embed/fragment`; the others ignore it).
    struct Filters {
        var organization: String?
        var topic: String?
        var city: String?
        var limit = 10
        /// 2–6: the widget's `data-heading-level`, so that the list fits the host page's outline.
        var heading = 2

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
            if let text = reader.query["heading"] {
                if let n = Int(text), (2...6).contains(n) { heading = n } else { reader.fail("heading", "must be a whole number from 2 to 6") }
            }
            try reader.finish()
        }
    }

    struct Entry: Encodable {
        /// The name and summary in the listing's language when the organization gave them in it, else as written.
        var name: String
        /// The language the name is in, when it is not the listing's (for its element's `lang`).
        var nameLang: String?
        var url: String
        var summary: String
        var summaryLang: String?
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

    /// The widget's own words in the listing's language, so that `embed.js` carries none.
    struct Labels: Encodable {
        var nextMeeting: String
        var happeningNow: String
        var noMeeting: String
        var full: String
        var none: String
        var all: String
    }

    struct Listing: Encodable {
        /// The language of the words (`lang` of the list).
        var language: String
        var labels: Labels
        var title: String
        /// The same list on Circles' search page.
        var moreUrl: String
        /// "3 groups".
        var count: String
        /// The crisis line, carried by every list on every site.
        var crisisLine: String
        var groups: [Entry]
    }

    /// The listing, or nil when the organization or topic does not exist.
    static func make(
        _ filters: Filters, database: AppDatabase, site: SiteAddress, words: Wording, catalogues: Catalogues, now: Date = Date()
    ) throws -> Listing? {
        let t = words.catalogue
        var query = GroupQuery()
        query.limit = filters.limit
        var title = t.text("embed.title")
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
            title = t.text("embed.title_org", ["organization": record.name])
            more.append(("organization_id", String(record.id!)))
        }
        if let topic = filters.topic {
            guard let found = try database.topicRecords().first(where: { $0.slug == topic }) else { return nil }
            query.topics = [topic]
            let name = words.topicName(found.slug, stored: found.name).lowercased()
            title = t.text(filters.organization == nil ? "embed.title_topic" : "embed.title_org_topic", ["title": title, "topic": name])
            more.append(("topic", topic))
        }
        if let city = filters.city {
            query.city = city
            title = t.text("embed.title_city", ["title": title, "city": city])
            more.append(("city", city))
        }
        let page = try API.store { try database.searchGroups(query, after: nil) }
        // The person looking now wants the soonest meeting first; groups with none planned come last.
        let found = try database.groupDetails(ids: page.ids).map { d in (d, MeetingFinder.next(for: d, after: now)) }
            .sorted { ($0.1?.occurrence.start ?? .distantFuture) < ($1.1?.occurrence.start ?? .distantFuture) }
        let groups = found.map { d, next -> Entry in
            let schedules = d.schedules.compactMap { ScheduleMapping.recurrence($0).map(words.schedule) }
            let meeting = next.map { MeetingWords($0, group: d, now: now, words: words) }
            let texts = GroupTexts(d, words)
            return Entry(
                name: texts.name.text, nameLang: texts.name.language,
                url: site.absolute(catalogues.path("/groups/\(PercentDecoding.encode(d.group.slug))", in: t)), summary: texts.summary.text,
                summaryLang: texts.summary.language,
                place: PrintPage.place(d, d.location, words: words) + (PrintPage.address(d, d.location).map { ", \($0)" } ?? ""),
                nextMeeting: meeting.map { t.text("embed.next_meeting", ["when": $0.when, "zone": $0.zoneName]) },
                nextMeetingAt: meeting?.datetime, happeningNow: meeting?.happeningNow ?? false, nextMeetingChange: meeting?.change,
                schedule: schedules.joined(separator: "; "), full: GroupSeats.isFull(d.group))
        }
        let search = "/search" + (more.isEmpty ? "" : "?" + more.map { "\($0.0)=\(PercentDecoding.encode($0.1))" }.joined(separator: "&"))
        let labels = Labels(
            nextMeeting: t.text("embed.next"), happeningNow: t.text("embed.happening_now"), noMeeting: t.text("embed.no_meeting"),
            full: t.text("embed.full"), none: t.text("embed.none"), all: t.text("embed.all"))
        let count = t.plural(page.next != nil ? "embed.count_shown" : "embed.count", count: groups.count)
        return Listing(
            language: t.code, labels: labels, title: title, moreUrl: site.absolute(catalogues.path(search, in: t)), count: count,
            crisisLine: t.text("embed.crisis_line"), groups: groups)
    }
}
