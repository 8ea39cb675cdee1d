import Foundation
import Store

/// A group as the API shows it, with where and when it meets.
struct GroupView: Encodable {
    var id: Int64
    var slug: String
    var organization: OrganizationRef
    var name: String
    var summary: String
    var description: String
    var topics: [String]
    var tags: [String]
    var audiences: [String]
    var format: String
    var languages: [String]
    var isFree: Bool
    var cost: String
    var joinMode: String
    var registrationUrl: String?
    var onlineUrl: String?
    var dialIn: String?
    var onlineDetailsPrivate: Bool
    var contactEmail: String?
    var contactPhone: String?
    var status: String
    var timeZone: String
    var location: LocationView?
    var schedules: [ScheduleView]
    var nextMeeting: MeetingView?
    var facilitators: [FacilitatorRef]
    var distanceKm: Double?
    var createdAt: String
    var updatedAt: String
    var links: [String: String]

    struct OrganizationRef: Encodable {
        var id: Int64
        var slug: String
        var name: String
    }

    struct FacilitatorRef: Encodable {
        var id: Int64
        var displayName: String
    }

    init(_ d: GroupDetails, principal: Principal, now: Date, distanceKm: Double? = nil) {
        self.init(d, principal: principal, next: MeetingFinder.next(for: d, after: now), distanceKm: distanceKm)
    }

    /// With the next meeting already found (see `MeetingFinder.next`).
    init(_ d: GroupDetails, principal: Principal, next: FoundMeeting?, distanceKm: Double? = nil) {
        let g = d.group
        id = g.id!
        slug = g.slug
        organization = OrganizationRef(id: d.organization.id!, slug: d.organization.slug, name: d.organization.name)
        name = g.name
        summary = g.summary
        description = g.description
        topics = d.links.topics
        tags = d.links.tags
        audiences = d.links.audiences
        format = g.format
        languages = d.links.languages
        isFree = g.isFree
        cost = g.cost
        joinMode = g.joinMode
        registrationUrl = g.registrationUrl
        let showOnline = !g.onlineDetailsPrivate || principal.canManage(organizationId: g.organizationId)
        onlineUrl = showOnline ? g.onlineUrl : nil
        dialIn = showOnline ? g.dialIn : nil
        onlineDetailsPrivate = g.onlineDetailsPrivate
        contactEmail = g.contactEmail
        contactPhone = g.contactPhone
        status = g.status
        timeZone = g.timeZone
        location = d.location.map(LocationView.init)
        schedules = d.schedules.map { schedule in ScheduleView(schedule, exceptions: d.exceptions.filter { $0.scheduleId == schedule.id }) }
        nextMeeting = next.map { MeetingView($0, group: d) }
        facilitators = d.facilitators.map { FacilitatorRef(id: $0.id!, displayName: $0.displayName) }
        self.distanceKm = distanceKm.map { ($0 * 10).rounded() / 10 }
        createdAt = g.createdAt
        updatedAt = g.updatedAt
        links = ["self": "/api/v1/groups/\(g.id!)", "meetings": "/api/v1/groups/\(g.id!)/meetings",
                 "schedules": "/api/v1/groups/\(g.id!)/schedules", "page": "/groups/\(g.slug)"]
    }
}
