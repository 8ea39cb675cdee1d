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
    // Listings people can trust: freshness, what to expect, open seats.
    var lastConfirmedAt: String?
    var notRecentlyConfirmed: Bool
    var freshnessNote: String?
    var openTo: String
    var cameraOptional: Bool
    var childcare: Bool
    var aslInterpretation: Bool
    /// ASL offered by the group or at its usual place.
    var aslAvailable: Bool
    var firstMeetingNote: String
    var capacity: Int?
    var openSeats: Int?
    var seatsUpdatedAt: String?
    var full: Bool

    struct OrganizationRef: Encodable {
        var id: Int64
        var slug: String
        var name: String
    }

    struct FacilitatorRef: Encodable {
        var id: Int64
        var displayName: String
    }

    init(_ d: GroupDetails, principal: Principal, now: Date, freshness: Freshness, distanceKm: Double? = nil) {
        self.init(d, principal: principal, now: now, next: MeetingFinder.next(for: d, after: now), freshness: freshness, distanceKm: distanceKm)
    }

    /// With the next meeting already found (see `MeetingFinder.next`).
    init(_ d: GroupDetails, principal: Principal, now: Date, next: FoundMeeting?, freshness: Freshness, distanceKm: Double? = nil) {
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
                 "schedules": "/api/v1/groups/\(g.id!)/schedules", "page": "/groups/\(g.slug)",
                 "change_requests": "/api/v1/groups/\(g.id!)/change-requests", "confirm": "/api/v1/groups/\(g.id!)/confirm"]
        lastConfirmedAt = g.lastConfirmedAt
        notRecentlyConfirmed = freshness.isStale(g, now: now)
        freshnessNote = freshness.note(g, now: now)
        openTo = g.openTo
        cameraOptional = g.cameraOptional
        childcare = g.childcare
        aslInterpretation = g.aslInterpretation
        aslAvailable = g.aslInterpretation || (d.location?.aslAvailable ?? false)
        firstMeetingNote = g.firstMeetingNote
        capacity = g.capacity
        openSeats = g.capacity == nil ? nil : g.openSeats
        seatsUpdatedAt = g.seatsUpdatedAt
        full = GroupSeats.isFull(g)
    }
}
