import Foundation
import GroupViews
import HTTPServer
import Schedules
import Store

/// Writes Circles' directory as Open Referral HSDS 3 objects: a group is a service, where it meets
/// a location joined by service_at_location, when it meets schedule rows in iCalendar terms.
///
/// Only what Circles shows the public goes out: a group's contact email and phone, its dial-in when it
/// is not private, and its facilitators' display names — never their private email or phone.
struct HSDSWriter {
    var site: SiteAddress
    /// The instant schedule rows start from (today in each schedule's zone).
    var now = Date()

    /// A group's status as an HSDS service status.
    static func status(_ status: GroupStatus) -> String {
        switch status {
        case .active: "active"
        case .paused: "temporarily closed"
        case .archived: "inactive"
        }
    }

    /// An HSDS service status as a group's (`status(_:)` read back; anything else no longer runs).
    static func groupStatus(_ status: String?) -> GroupStatus {
        switch status {
        case "active": .active
        case "temporarily closed": .paused
        default: .archived
        }
    }

    func organization(_ o: OrganizationRecord) -> HSDS.Organization {
        let id = HSDSIdentifier.make(.organization, o.id!)
        var phones: [HSDS.Phone] = []
        if let phone = o.phone, !phone.isEmpty {
            phones.append(HSDS.Phone(id: HSDSIdentifier.make(.phone, o.id!, 1 << 16), organizationId: id, number: phone, type: "voice"))
        }
        var object = organizationListItem(o)
        object.phones = phones
        object.attributes = [attribute(owner: id, ownerKind: 1, ownerId: o.id!, index: 0, entity: "organization", code: "slug", value: o.slug)]
        return object
    }

    /// An organization as `/organizations` lists it: only the fields of the reference's
    /// `organization_list` schema (which wants a description, if empty), no phones or attributes.
    func organizationListItem(_ o: OrganizationRecord) -> HSDS.Organization {
        HSDS.Organization(id: HSDSIdentifier.make(.organization, o.id!), name: o.name, description: o.description, email: o.email, website: o.website)
    }

    func location(_ l: LocationRecord) -> HSDS.Location {
        let id = HSDSIdentifier.make(.location, l.id!)
        var addresses: [HSDS.Address] = []
        // An online place may still name its city: HSDS requires address_1, which is then empty.
        if [l.address, l.city, l.state, l.zip].contains(where: { !($0 ?? "").isEmpty }) {
            addresses.append(
                HSDS.Address(
                    id: HSDSIdentifier.make(.address, l.id!), locationId: id, address1: l.address ?? "", city: l.city ?? "", region: l.county,
                    stateProvince: l.state ?? "", postalCode: l.zip ?? "", country: l.country, addressType: l.kind.isVirtual ? "virtual" : "physical"))
        }
        var accessibility: [HSDS.Accessibility] = []
        for (index, (flag, text)) in [
            (l.wheelchairAccessible, Self.wheelchair), (l.aslAvailable, Self.asl), (l.parking, Self.parking), (l.nearTransit, Self.transit),
        ].enumerated() where flag {
            accessibility.append(HSDS.Accessibility(id: HSDSIdentifier.make(.accessibility, l.id!, Int64(index + 1)), locationId: id, description: text))
        }
        if !l.accessibilityNotes.isEmpty {
            accessibility.append(
                HSDS.Accessibility(id: HSDSIdentifier.make(.accessibility, l.id!, 9), locationId: id, description: Self.notes, details: l.accessibilityNotes))
        }
        return HSDS.Location(
            id: id, locationType: l.kind.isVirtual ? "virtual" : "physical", organizationId: HSDSIdentifier.make(.organization, l.organizationId),
            name: l.name, description: l.directions.isEmpty ? nil : l.directions, latitude: l.latitude, longitude: l.longitude,
            addresses: addresses, accessibility: accessibility,
            attributes: [attribute(owner: id, ownerKind: 3, ownerId: l.id!, index: 0, entity: "location", code: "location_kind", value: l.kind.rawValue)])
    }

    static let usualPlace = "Where the group usually meets."
    static let otherPlace = "Where some of the group's meetings are held."
    static let wheelchair = "Wheelchair accessible"
    static let asl = "American Sign Language interpretation"
    static let parking = "Parking"
    static let transit = "Near public transit"
    static let notes = "Accessibility notes"

    /// A group as a service; `full` adds its organization and its places (service_at_locations with
    /// their locations), as `/services/{id}` answers. Lists carry the one-to-one fields only.
    func service(_ d: GroupDetails, full: Bool) -> HSDS.Service {
        let g = d.group
        let id = HSDSIdentifier.make(.service, g.id!)
        var object = HSDS.Service(
            id: id, organizationId: HSDSIdentifier.make(.organization, g.organizationId), name: g.name,
            description: g.description.isEmpty ? g.summary : g.description,
            url: site.absolute("/groups/\(PercentDecoding.encode(g.slug))"), email: g.contactEmail,
            status: Self.status(g.status),
            feesDescription: g.isFree ? "Free" : (g.cost.isEmpty ? "There is a cost; ask the group." : g.cost),
            applicationProcess: g.joinMode == .registration
                ? "Register first" + (g.registrationUrl.map { ": \($0)" } ?? " with the group.")
                : "Drop in: no registration needed.",
            lastModified: d.lastModified.map(Timestamp.format),
            assuredDate: g.lastConfirmedAt?.day,
            alert: GroupSeats.isFull(g) ? "The group is full at the moment: ask to be put on its waiting list." : nil)
        guard full else { return object }
        let showOnline = !g.onlineDetailsPrivate
        var phones: [HSDS.Phone] = []
        if let phone = g.contactPhone, !phone.isEmpty {
            phones.append(
                HSDS.Phone(id: HSDSIdentifier.make(.phone, g.id!, 2 << 16), serviceId: id, number: phone, type: "voice", description: "The group's contact"))
        }
        if showOnline, let dialIn = g.dialIn, !dialIn.isEmpty {
            phones.append(
                HSDS.Phone(
                    id: HSDSIdentifier.make(.phone, g.id!, 2 << 16 | 1), serviceId: id, number: dialIn, type: "voice",
                    description: "Dial-in to join the meeting"))
        }
        var contacts: [HSDS.Contact] = []
        if let email = g.contactEmail, !email.isEmpty {
            contacts.append(HSDS.Contact(id: HSDSIdentifier.make(.contact, g.id!, 0), serviceId: id, name: "\(g.name) contact", email: email))
        }
        for (index, facilitator) in d.facilitators.enumerated() {
            contacts.append(
                HSDS.Contact(id: HSDSIdentifier.make(.contact, g.id!, Int64(index + 1)), serviceId: id, name: facilitator.displayName, title: "Facilitator"))
        }
        object.phones = phones
        object.contacts = contacts
        object.languages = d.links.languages.enumerated().map { index, code in
            HSDS.Language(id: HSDSIdentifier.make(.language, g.id!, Int64(index)), serviceId: id, code: code)
        }
        var facts: [(String, String)] = [
            ("slug", g.slug), ("format", g.format.rawValue), ("join_mode", g.joinMode.rawValue), ("time_zone", g.timeZone),
            ("is_free", g.isFree ? "true" : "false"),
        ]
        if !g.summary.isEmpty { facts.append(("summary", g.summary)) }
        if let url = g.registrationUrl { facts.append(("registration_url", url)) }
        if showOnline, let url = g.onlineUrl { facts.append(("online_url", url)) }
        if !showOnline { facts.append(("online_details_private", "true")) }
        facts += d.links.audiences.map { ("audience", $0.rawValue) }
        facts += [
            ("open_to", g.openTo.rawValue), ("camera_optional", String(g.cameraOptional)), ("childcare", String(g.childcare)),
            ("asl_interpretation", String(g.aslInterpretation)),
        ]
        if !g.firstMeetingNote.isEmpty { facts.append(("first_meeting_note", g.firstMeetingNote)) }
        if let capacity = g.capacity { facts.append(("capacity", String(capacity))) }
        if let seats = g.openSeats { facts.append(("open_seats", String(seats))) }
        if let confirmed = g.lastConfirmedAt { facts.append(("last_confirmed_at", confirmed.text)) }
        var attributes = facts.enumerated().map { index, fact in
            attribute(owner: id, ownerKind: 2, ownerId: g.id!, index: index, entity: "service", code: fact.0, value: fact.1)
        }
        for (index, slug) in d.links.topics.enumerated() {
            let term = topicTerms[slug] ?? HSDS.TaxonomyTerm(id: HSDSIdentifier.make(.taxonomyTerm, 0), name: slug, description: "")
            attributes.append(
                HSDS.Attribute(
                    id: HSDSIdentifier.make(.attribute, g.id!, 2 << 16 | Int64(1000 + index)), linkId: id, linkType: "service",
                    linkEntity: "service", taxonomyTermId: term.id, taxonomyTerm: term, value: slug))
        }
        object.attributes = attributes
        object.schedules = d.schedules.flatMap { schedules(d, $0) }
        object.organization = organization(d.organization)
        object.serviceAtLocations = places(d).map { serviceAtLocation(d, $0, withLocation: true) }
        return object
    }

    /// Topic terms by slug, for the attributes that classify services.
    var topicTerms: [String: HSDS.TaxonomyTerm] = [:]

    /// The group's usual place first, then any other place one of its schedules meets at.
    func places(_ d: GroupDetails) -> [LocationRecord] {
        var result: [LocationRecord] = []
        if let l = d.location { result.append(l) }
        for schedule in d.schedules {
            if let id = schedule.locationId, let l = d.scheduleLocations[id], !result.contains(where: { $0.id == id }) { result.append(l) }
        }
        return result
    }

    func serviceAtLocation(_ d: GroupDetails, _ l: LocationRecord, withLocation: Bool) -> HSDS.ServiceAtLocation {
        let g = d.group
        var object = HSDS.ServiceAtLocation(
            id: HSDSIdentifier.make(.serviceAtLocation, g.id!, l.id!), serviceId: HSDSIdentifier.make(.service, g.id!),
            locationId: HSDSIdentifier.make(.location, l.id!), description: l.id == g.locationId ? Self.usualPlace : Self.otherPlace)
        if withLocation {
            object.location = location(l)
            object.schedules = d.schedules.filter { ($0.locationId ?? g.locationId) == l.id }.flatMap { schedules(d, $0) }
        }
        return object
    }

    /// How far ahead schedule rows are cut at offset changes.
    static let horizonDays = 366

    /// A schedule in iCalendar terms: weekly → WEEKLY, every other week → WEEKLY with interval 2
    /// (weeks starting on Sunday, as in our .ics), nth weekday → MONTHLY with byday "1TU" or "-1FR",
    /// once → WEEKLY with count 1. HSDS 3.0's `timezone` is a UTC offset in hours, so a schedule is
    /// one row per period of one offset (`OffsetPeriod`): `valid_from`/`valid_to` bound the dates a
    /// row covers, from today to a year ahead, each row with the same `dtstart` and rule; a zone
    /// without changes gives one row. The IANA zone goes in an attribute. The first row keeps the
    /// schedule's own id; the import reads the rows of one id as one schedule.
    func schedules(_ d: GroupDetails, _ s: ScheduleRecord) -> [HSDS.Schedule] {
        let id = HSDSIdentifier.make(.schedule, s.id!)
        let recurrence = ScheduleMapping.recurrence(s)
        let days = ScheduleMapping.weekdays(s.weekdays)
        var freq = "WEEKLY", interval = 1, count: Int?
        var byday = days.joined(separator: ",")
        switch s.frequency {
        case .weekly: break
        case .biweekly: interval = 2
        case .monthly:
            freq = "MONTHLY"
            byday = days.map { "\(s.weekOfMonth ?? 1)\($0)" }.joined(separator: ",")
        case .once:
            count = 1
            byday = LocalDate(s.startsOn)?.weekday.icalCode ?? byday
        }
        let start = LocalTime(s.startTime)
        let endMinutes = ((start?.minutesSinceMidnight ?? 0) + s.durationMinutes) % 1440
        let group = d.group
        let locationId = s.locationId ?? group.locationId
        let row = HSDS.Schedule(
            id: id, serviceId: HSDSIdentifier.make(.service, group.id!), locationId: s.locationId.map { HSDSIdentifier.make(.location, $0) },
            serviceAtLocationId: locationId.map { HSDSIdentifier.make(.serviceAtLocation, group.id!, $0) },
            validFrom: s.startsOn, validTo: s.endsOn, dtstart: s.startsOn, until: s.endsOn, count: count, wkst: "SU", freq: freq, interval: interval,
            byday: byday, description: recurrence?.englishDescription,
            opensAt: s.startTime, closesAt: LocalTime(hour: endMinutes / 60, minute: endMinutes % 60)?.description,
            scheduleLink: site.absolute("/groups/\(PercentDecoding.encode(group.slug))"), attendingType: group.format.rawValue,
            notes: s.notes.isEmpty ? nil : s.notes)
        guard let zone = Recurrence.ianaTimeZone(s.timeZone), let first = LocalDate(s.startsOn), let start else { return [row] }
        let last = s.frequency == .once ? first : s.endsOn.flatMap(LocalDate.init)
        let today = ZonedTime(timeZone: zone).localDateAndTime(at: now).date
        var from = max(first, today)
        if let last, last < from { from = first }
        let periods = OffsetPeriod.periods(zone: zone, at: start, from: from, through: last, horizon: from.adding(days: Self.horizonDays))
        return periods.enumerated().map { index, period in
            var object = row
            object.id = HSDSIdentifier.make(.schedule, s.id!, Int64(index))
            object.validFrom = period.from.description
            object.validTo = period.through?.description
            object.timezone = Double(period.secondsFromGMT) / 3600
            object.attributes = [
                attribute(owner: object.id, ownerKind: 5, ownerId: s.id!, index: index, entity: "schedule", code: "time_zone", value: s.timeZone)
            ]
            return object
        }
    }

    /// An attribute labelled by one of the "Circles group facts" terms. The term itself is not repeated
    /// in every attribute (it would triple the size of a service): it is at /hsds/taxonomy_terms/{id}
    /// and in taxonomy_terms.json; `link_type` names it.
    func attribute(owner: String, ownerKind: Int64, ownerId: Int64, index: Int, entity: String, code: String, value: String) -> HSDS.Attribute {
        HSDS.Attribute(
            id: HSDSIdentifier.make(.attribute, ownerId, ownerKind << 16 | Int64(index)), linkId: owner, linkType: code, linkEntity: entity,
            taxonomyTermId: HSDSVocabulary.factTermId(code), value: value)
    }
}
