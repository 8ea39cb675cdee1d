import Foundation
import Store

/// A group as the API shows it, with where and when it meets.
public struct GroupView: Encodable {
    public var id: Int64
    public var slug: String
    public var organization: OrganizationRef
    public var name: String
    public var summary: String
    public var description: String
    public var topics: [String]
    public var tags: [String]
    public var audiences: [Audience]
    public var format: GroupFormat
    public var languages: [String]
    public var isFree: Bool
    public var cost: String
    public var joinMode: JoinMode
    public var registrationUrl: String?
    public var onlineUrl: String?
    public var dialIn: String?
    public var onlineDetailsPrivate: Bool
    public var contactEmail: String?
    public var contactPhone: String?
    public var status: GroupStatus
    public var timeZone: String
    public var location: LocationView?
    public var schedules: [ScheduleView]
    public var nextMeeting: MeetingView?
    public var facilitators: [FacilitatorRef]
    public var distanceKm: Double?
    /// The same distance in miles (one decimal), for US pages and partners.
    public var distanceMi: Double?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var links: [String: String]
    // Listings people can trust: freshness, what to expect, open seats.
    public var lastConfirmedAt: Timestamp?
    public var notRecentlyConfirmed: Bool
    public var freshnessNote: String?
    public var openTo: OpenTo
    public var cameraOptional: Bool
    public var childcare: Bool
    public var aslInterpretation: Bool
    /// ASL offered by the group or at its usual place.
    public var aslAvailable: Bool
    public var firstMeetingNote: String
    /// The language `name`, `summary`, `description` and `first_meeting_note` are written in.
    public var contentLanguage: String
    /// The same texts in other languages, by language tag; a text left out is not translated.
    public var translations: [String: Translation]
    public var capacity: Int?
    public var openSeats: Int?
    public var seatsUpdatedAt: Timestamp?
    public var full: Bool
    /// For those who manage the group only (`withWarnings`): what other software reads badly.
    public var warnings: [GroupWarning]?

    public struct OrganizationRef: Encodable {
        public var id: Int64
        public var slug: String
        public var name: String
    }

    /// A group's texts in one other language.
    public struct Translation: Encodable, Equatable {
        public var name: String?
        public var summary: String?
        public var description: String?
        public var firstMeetingNote: String?

        public init(_ t: GroupTranslation) {
            name = t.name
            summary = t.summary
            description = t.description
            firstMeetingNote = t.firstMeetingNote
        }
    }

    public struct FacilitatorRef: Encodable {
        public var id: Int64
        public var displayName: String
    }

    /// A distance as shown: kilometres and miles, each to one decimal.
    public static func distances(_ km: Double) -> (km: Double, mi: Double) {
        ((km * 10).rounded() / 10, (km / 1.609344 * 10).rounded() / 10)
    }

    public init(_ d: GroupDetails, principal: some GroupViewer, now: Date, freshness: Freshness, distanceKm: Double? = nil) {
        self.init(d, principal: principal, now: now, next: MeetingFinder.next(for: d, after: now), freshness: freshness, distanceKm: distanceKm)
    }

    /// With the next meeting already found (see `MeetingFinder.next`).
    public init(_ d: GroupDetails, principal: some GroupViewer, now: Date, next: FoundMeeting?, freshness: Freshness, distanceKm: Double? = nil) {
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
        nextMeeting = next.map { MeetingView($0, group: d, now: now) }
        facilitators = d.facilitators.map { FacilitatorRef(id: $0.id!, displayName: $0.displayName) }
        self.distanceKm = distanceKm.map { Self.distances($0).km }
        distanceMi = distanceKm.map { Self.distances($0).mi }
        createdAt = g.createdAt
        updatedAt = g.updatedAt
        links = [
            "self": "/api/v1/groups/\(g.id!)", "meetings": "/api/v1/groups/\(g.id!)/meetings",
            "schedules": "/api/v1/groups/\(g.id!)/schedules", "page": "/groups/\(g.slug)",
            "change_requests": "/api/v1/groups/\(g.id!)/change-requests", "confirm": "/api/v1/groups/\(g.id!)/confirm",
        ]
        lastConfirmedAt = g.lastConfirmedAt
        notRecentlyConfirmed = freshness.isStale(g, now: now)
        freshnessNote = freshness.note(g, now: now)
        openTo = g.openTo
        cameraOptional = g.cameraOptional
        childcare = g.childcare
        aslInterpretation = g.aslInterpretation
        aslAvailable = g.aslInterpretation || (d.location?.aslAvailable ?? false)
        firstMeetingNote = g.firstMeetingNote
        contentLanguage = g.contentLanguage
        translations = Dictionary(d.links.translations.map { ($0.language, Translation($0)) }, uniquingKeysWith: { first, _ in first })
        capacity = g.capacity
        openSeats = g.capacity == nil ? nil : g.openSeats
        seatsUpdatedAt = g.seatsUpdatedAt
        full = GroupSeats.isFull(g)
    }
}
