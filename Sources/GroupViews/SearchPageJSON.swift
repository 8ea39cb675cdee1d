import Foundation
import HTTPServer
import Store

/// Writes a page of search results as the same JSON text `API.encode` gives (snake_case keys in
/// sorted order, nil optionals left out, slashes unescaped), without Codable: for a page of 20
/// full groups `JSONEncoder` was the largest single cost of a search. `SearchPageJSONTests`
/// checks the bytes are identical to `API.encode`'s.
public struct SearchPageJSON {
    private(set) var bytes: [UInt8] = []

    /// A page made of groups already written (`group`), each with this search's distance to it, and the
    /// place `where` settled on (none without `where`: the page is then written as it always was).
    public static func encode(_ groups: [(json: GroupJSON, distanceKm: Double?)], next: String?, place: SearchPlace? = nil) -> [UInt8] {
        var json = SearchPageJSON()
        json.bytes.reserveCapacity(4096 + groups.reduce(0) { $0 + $1.json.bytes.count + 40 })
        json.raw("{\"data\":[")
        for (index, group) in groups.enumerated() {
            if index > 0 { json.raw(",") }
            let bytes = group.json.bytes
            json.bytes.append(contentsOf: bytes[..<group.json.distanceAt])
            if let km = group.distanceKm { json.distance(GroupView.distances(km)) }
            json.bytes.append(contentsOf: bytes[group.json.distanceAt...])
        }
        json.end(next: next, place: place)
        return json.bytes
    }

    /// One group's object, written without a distance (the page writes it, see `GroupJSON.distanceAt`).
    public static func group(_ view: GroupView) -> GroupJSON {
        var json = SearchPageJSON()
        json.bytes.reserveCapacity(3000)
        let distanceAt = json.group(view)
        return GroupJSON(bytes: json.bytes, distanceAt: distanceAt)
    }

    private mutating func end(next: String?, place: SearchPlace?) {
        raw("],\"next\":")
        if let next { string(next) } else { raw("null") }
        if let place { raw(",\"place\":"); self.place(place) }
        raw("}")
    }

    private mutating func place(_ p: SearchPlace) {
        raw("{\"label\":"); string(p.label)
        if let latitude = p.latitude { raw(",\"latitude\":"); number(latitude) }
        if let longitude = p.longitude { raw(",\"longitude\":"); number(longitude) }
        raw(",\"name\":"); string(p.name)
        if let km = p.radiusKm {
            let radius = GroupView.distances(km)
            raw(",\"radius_km\":"); number(radius.km)
            raw(",\"radius_mi\":"); number(radius.mi)
        }
        raw(",\"state\":"); string(p.state)
        optional(",\"zip\":", p.zip)
        raw("}")
    }

    private mutating func distance(_ d: (km: Double, mi: Double)) {
        raw(",\"distance_km\":"); number(d.km)
        raw(",\"distance_mi\":"); number(d.mi)
    }

    // Keys are written in sorted order by hand, each with the comma before it.

    /// Writes the group, but its distance, and answers where the distance belongs in `bytes`.
    private mutating func group(_ g: GroupView) -> Int {
        raw("{\"asl_available\":"); boolean(g.aslAvailable)
        raw(",\"asl_interpretation\":"); boolean(g.aslInterpretation)
        raw(",\"audiences\":"); strings(g.audiences)
        raw(",\"camera_optional\":"); boolean(g.cameraOptional)
        if let capacity = g.capacity { raw(",\"capacity\":"); integer(capacity) }
        raw(",\"childcare\":"); boolean(g.childcare)
        optional(",\"contact_email\":", g.contactEmail)
        optional(",\"contact_phone\":", g.contactPhone)
        raw(",\"content_language\":"); string(g.contentLanguage)
        raw(",\"cost\":"); string(g.cost)
        raw(",\"created_at\":"); string(g.createdAt.text)
        raw(",\"description\":"); string(g.description)
        optional(",\"dial_in\":", g.dialIn)
        let distanceAt = bytes.count
        raw(",\"facilitators\":[")
        for (index, f) in g.facilitators.enumerated() {
            raw(index > 0 ? ",{\"display_name\":" : "{\"display_name\":"); string(f.displayName)
            raw(",\"id\":"); integer(f.id)
            raw("}")
        }
        raw("],\"first_meeting_note\":"); string(g.firstMeetingNote)
        raw(",\"format\":"); string(g.format.rawValue)
        optional(",\"freshness_note\":", g.freshnessNote)
        raw(",\"full\":"); boolean(g.full)
        raw(",\"id\":"); integer(g.id)
        raw(",\"is_free\":"); boolean(g.isFree)
        raw(",\"join_mode\":"); string(g.joinMode.rawValue)
        raw(",\"languages\":"); strings(g.languages)
        optional(",\"last_confirmed_at\":", g.lastConfirmedAt?.text)
        raw(",\"links\":{")
        for (index, key) in g.links.keys.sorted().enumerated() {
            if index > 0 { raw(",") }
            string(key); raw(":"); string(g.links[key]!)
        }
        raw("}")
        if let location = g.location { raw(",\"location\":"); self.location(location) }
        raw(",\"name\":"); string(g.name)
        if let next = g.nextMeeting { raw(",\"next_meeting\":"); meeting(next) }
        raw(",\"not_recently_confirmed\":"); boolean(g.notRecentlyConfirmed)
        raw(",\"online_details_private\":"); boolean(g.onlineDetailsPrivate)
        optional(",\"online_url\":", g.onlineUrl)
        if let seats = g.openSeats { raw(",\"open_seats\":"); integer(seats) }
        raw(",\"open_to\":"); string(g.openTo.rawValue)
        raw(",\"organization\":{\"id\":"); integer(g.organization.id)
        raw(",\"name\":"); string(g.organization.name)
        raw(",\"slug\":"); string(g.organization.slug)
        raw("}")
        optional(",\"registration_url\":", g.registrationUrl)
        raw(",\"schedules\":[")
        for (index, s) in g.schedules.enumerated() {
            if index > 0 { raw(",") }
            schedule(s)
        }
        raw("]")
        optional(",\"seats_updated_at\":", g.seatsUpdatedAt?.text)
        raw(",\"slug\":"); string(g.slug)
        raw(",\"status\":"); string(g.status.rawValue)
        raw(",\"summary\":"); string(g.summary)
        raw(",\"tags\":"); strings(g.tags)
        raw(",\"time_zone\":"); string(g.timeZone)
        raw(",\"topics\":"); strings(g.topics)
        raw(",\"translations\":{")
        for (index, language) in g.translations.keys.sorted().enumerated() {
            let t = g.translations[language]!
            if index > 0 { raw(",") }
            string(language)
            raw(":{")
            var first = true
            // The keys in sorted order, as JSONEncoder writes them; a text not translated is left out.
            for (key, value) in [("description", t.description), ("first_meeting_note", t.firstMeetingNote), ("name", t.name), ("summary", t.summary)] {
                guard let value else { continue }
                if !first { raw(",") }
                first = false
                string(key); raw(":"); string(value)
            }
            raw("}")
        }
        raw("}")
        raw(",\"updated_at\":"); string(g.updatedAt.text)
        raw("}")
        return distanceAt
    }

    private mutating func location(_ l: LocationView) {
        raw("{\"accessibility\":{\"asl_available\":"); boolean(l.accessibility.aslAvailable)
        raw(",\"near_transit\":"); boolean(l.accessibility.nearTransit)
        raw(",\"notes\":"); string(l.accessibility.notes)
        raw(",\"parking\":"); boolean(l.accessibility.parking)
        raw(",\"wheelchair_accessible\":"); boolean(l.accessibility.wheelchairAccessible)
        raw("}")
        optional(",\"address\":", l.address)
        optional(",\"city\":", l.city)
        raw(",\"coordinates_approximate\":"); boolean(l.coordinatesApproximate)
        raw(",\"country\":"); string(l.country)
        optional(",\"county\":", l.county)
        raw(",\"created_at\":"); string(l.createdAt.text)
        raw(",\"directions\":"); string(l.directions)
        raw(",\"id\":"); integer(l.id)
        raw(",\"kind\":"); string(l.kind.rawValue)
        if let latitude = l.latitude { raw(",\"latitude\":"); number(latitude) }
        if let longitude = l.longitude { raw(",\"longitude\":"); number(longitude) }
        raw(",\"name\":"); string(l.name)
        raw(",\"organization_id\":"); integer(l.organizationId)
        optional(",\"state\":", l.state)
        raw(",\"updated_at\":"); string(l.updatedAt.text)
        optional(",\"zip\":", l.zip)
        raw("}")
    }

    private mutating func schedule(_ s: ScheduleView) {
        raw("{\"duration_minutes\":"); integer(s.durationMinutes)
        optional(",\"ends_on\":", s.endsOn)
        raw(",\"exceptions\":[")
        for (index, e) in s.exceptions.enumerated() {
            raw(index > 0 ? ",{\"kind\":" : "{\"kind\":"); string(e.kind.rawValue)
            if let id = e.movedLocationId { raw(",\"moved_location_id\":"); integer(id) }
            optional(",\"moved_to_date\":", e.movedToDate)
            optional(",\"moved_to_time\":", e.movedToTime)
            raw(",\"note\":"); string(e.note)
            raw(",\"occurrence_date\":"); string(e.occurrenceDate)
            raw("}")
        }
        raw("],\"frequency\":"); string(s.frequency.rawValue)
        raw(",\"group_id\":"); integer(s.groupId)
        raw(",\"id\":"); integer(s.id)
        if let id = s.locationId { raw(",\"location_id\":"); integer(id) }
        raw(",\"notes\":"); string(s.notes)
        raw(",\"start_time\":"); string(s.startTime)
        raw(",\"starts_on\":"); string(s.startsOn)
        raw(",\"summary\":"); string(s.summary)
        raw(",\"time_zone\":"); string(s.timeZone)
        raw(",\"updated_at\":"); string(s.updatedAt.text)
        if let week = s.weekOfMonth { raw(",\"week_of_month\":"); integer(week) }
        raw(",\"weekdays\":"); strings(s.weekdays)
        raw("}")
    }

    private mutating func meeting(_ m: MeetingView) {
        raw("{\"confirmed\":"); boolean(m.confirmed)
        optional(",\"confirmed_at\":", m.confirmedAt)
        raw(",\"date\":"); string(m.date)
        raw(",\"end_time\":"); string(m.endTime)
        raw(",\"ends_at\":"); string(m.endsAt)
        raw(",\"format\":"); string(m.format.rawValue)
        raw(",\"group_id\":"); integer(m.groupId)
        raw(",\"group_name\":"); string(m.groupName)
        raw(",\"group_slug\":"); string(m.groupSlug)
        raw(",\"happening_now\":"); boolean(m.happeningNow)
        if let place = m.location {
            raw(",\"location\":{")
            if let address = place.address { raw("\"address\":"); string(address); raw(",") }
            if let city = place.city { raw("\"city\":"); string(city); raw(",") }
            raw("\"id\":"); integer(place.id)
            raw(",\"name\":"); string(place.name)
            optional(",\"state\":", place.state)
            raw("}")
        }
        raw(",\"note\":"); string(m.note)
        raw(",\"original_date\":"); string(m.originalDate)
        raw(",\"original_start_time\":"); string(m.originalStartTime)
        raw(",\"schedule_id\":"); integer(m.scheduleId)
        raw(",\"start_time\":"); string(m.startTime)
        raw(",\"starts_at\":"); string(m.startsAt)
        raw(",\"status\":"); string(m.status)
        raw(",\"summary\":"); string(m.summary)
        raw(",\"time_zone\":"); string(m.timeZone)
        raw("}")
    }

    // MARK: - Values

    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func optional(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        raw(key)
        string(value)
    }

    private mutating func strings(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func strings<V: Vocabulary>(_ values: [V]) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(value.rawValue)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func integer<T: BinaryInteger>(_ value: T) {
        bytes.append(contentsOf: String(value).utf8)
    }

    private mutating func boolean(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    /// As JSONEncoder writes a Double: whole numbers without a fraction, others in Swift's shortest form.
    private mutating func number(_ value: Double) {
        if value.rounded() == value, abs(value) < 1e15 {
            bytes.append(contentsOf: String(Int64(value)).utf8)
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// A string literal escaped as JSONEncoder escapes it.
    private mutating func string(_ text: String) {
        JSONString.append(text, to: &bytes)
    }
}

/// The place a search's `where` settled on, as the answer's `place` gives it: a ZIP code, a town (or a
/// county, a borough) with the point distances are measured from and the radius, or a state.
public struct SearchPlace: Sendable, Equatable {
    /// As "Where?" takes it back: "80202 (Denver, CO)", "Queens, NY", "Colorado".
    public var label: String
    /// The town, county or state: "Denver", "Queens", "Colorado" (a ZIP code's is its postal city).
    public var name: String
    /// The state's postal code.
    public var state: String
    public var zip: String?
    public var latitude: Double?
    public var longitude: Double?
    /// Within this of the point; nil for a state.
    public var radiusKm: Double?

    public init(
        label: String, name: String, state: String, zip: String? = nil, latitude: Double? = nil, longitude: Double? = nil, radiusKm: Double? = nil
    ) {
        (self.label, self.name, self.state, self.zip) = (label, name, state, zip)
        (self.latitude, self.longitude, self.radiusKm) = (latitude, longitude, radiusKm)
    }
}
