import Foundation
import GroupViews
import HTTPServer
import Schedules
import Store

/// One meeting of the Meeting Guide JSON feed (code4recovery/spec): a weekday and a time of one
/// group's weekly or biweekly schedule. Absent optional fields are left out, as the spec asks.
struct MeetingGuideEntry: Encodable, Equatable {
    var name: String
    var slug: String
    /// 0 = Sunday … 6 = Saturday.
    var day: Int
    /// "HH:MM", 24-hour.
    var time: String
    var endTime: String
    var timezone: String
    var formattedAddress: String?
    var address: String?
    var city: String?
    var state: String?
    var postalCode: String?
    var country: String?
    var approximate: String?
    var latitude: Double?
    var longitude: Double?
    var location: String?
    var locationNotes: String?
    var region: String?
    var conferenceUrl: String?
    var conferenceUrlNotes: String?
    var conferencePhone: String?
    var conferencePhoneNotes: String?
    var types: [String]
    var notes: String?
    var group: String
    /// "YYYY-MM-DD HH:MM:SS", UTC.
    var updated: String
    var url: String
    var entity: String
    var entityEmail: String?
    var entityPhone: String?
    /// The organization's website, under the name the brief and older feeds use…
    var entityUrl: String?
    /// …and under the spec's current name.
    var entityWebsiteUrl: String?
}

/// Builds the Meeting Guide feed: the recovery groups' weekly meetings, for the recovery
/// community's meeting apps (Meeting Guide, TSML UI) and intergroup websites.
///
/// Only active groups with a recovery topic are listed, and only their weekly and biweekly schedules
/// (the spec is for weekly meetings; monthly and one-time ones are outside it), except groups that
/// meet only online and keep how to join private (readers would mark them inactive). A biweekly meeting
/// says so in `notes`, with its next date. The spec has no field for a cancelled date, so the next
/// cancellation (and the next move) of a meeting is told in `notes`. No person is named: facilitators
/// and contacts never appear, and online details a group keeps private are left out.
struct MeetingGuideFeed {
    /// The topics that make a group a recovery group.
    static let recoveryTopics = ["addiction-recovery", "alcohol", "substance-use", "families-of-people-in-recovery"]
    static let maxSlugLength = 64

    var site: SiteAddress
    var now = Date()
    /// Meeting Guide type codes of each organization's tags, by tag slug.
    var tagCodes: [Int64: [String: String]] = [:]
    /// Where an organization is, for online groups that have no place of their own (an approximate address).
    var homePlaces: [Int64: LocationRecord] = [:]

    /// Every entry, ordered by day, time and name, with unique slugs.
    func entries(_ groups: [GroupDetails]) -> [MeetingGuideEntry] {
        var all: [(entry: MeetingGuideEntry, key: [String])] = []
        for group in groups where group.group.status == .active && group.links.topics.contains(where: Self.recoveryTopics.contains) {
            // Online only, with the way to join kept private: readers would list it as inactive (they know
            // online-ness only from conference_url and conference_phone), so it is left out.
            if !group.group.format.meetsInPerson && group.group.onlineDetailsPrivate { continue }
            all += entries(of: group)
        }
        // Slugs: "<group>-<weekday>", with the time when a group meets twice that day; unique, at most 64.
        var taken = Set<String>()
        var result: [MeetingGuideEntry] = []
        for (entry, key) in all.sorted(by: {
            ($0.entry.day, $0.entry.time, $0.entry.name, $0.entry.slug) < ($1.entry.day, $1.entry.time, $1.entry.name, $1.entry.slug)
        }) {
            var entry = entry
            var slug = Self.slug(entry.slug, suffix: key)
            var n = 2
            while taken.contains(slug) {
                slug = Self.slug(entry.slug, suffix: key + [String(n)])
                n += 1
            }
            taken.insert(slug)
            entry.slug = slug
            result.append(entry)
        }
        return result
    }

    /// The entries of one group, with the group slug in `slug` and the suffix parts as the key.
    func entries(of d: GroupDetails) -> [(entry: MeetingGuideEntry, key: [String])] {
        let g = d.group
        var found: [(MeetingGuideEntry, [String], Int64)] = []
        for schedule in d.schedules {
            guard let r = ScheduleMapping.recurrence(schedule), r.frequency == .weekly || r.frequency == .biweekly,
                let tz = Recurrence.ianaTimeZone(r.timeZone)
            else { continue }
            let zone = ZonedTime(timeZone: tz)
            let today = zone.localDateAndTime(at: now).date
            if let ends = r.endsOn, ends < today { continue }
            let exceptions = d.exceptions.filter { $0.scheduleId == schedule.id }
            let upcoming = r.occurrences(
                from: now, to: now.addingTimeInterval(400 * 86_400),
                exceptions: exceptions.compactMap(ScheduleMapping.exception), includeCancelled: true)
            let place = d.place(schedule.locationId)
            for weekday in r.weekdays.sorted() {
                var entry = base(d, place: place)
                entry.day = weekday.rawValue
                entry.time = r.startTime.description
                entry.endTime =
                    LocalTime(
                        hour: (r.startTime.minutesSinceMidnight + r.durationMinutes) / 60 % 24,
                        minute: (r.startTime.minutesSinceMidnight + r.durationMinutes) % 60)!.description
                entry.timezone = r.timeZone
                entry.updated = Self.updated([g.updatedAt, schedule.updatedAt])
                entry.notes = notes(
                    d, schedule: schedule, recurrence: r, weekday: weekday, today: today,
                    upcoming: upcoming.filter { $0.originalDate.weekday == weekday })
                found.append((entry, [weekday.name], schedule.id!))
            }
        }
        // A second meeting on the same weekday adds its time, and a third at the same time its schedule.
        return found.map { entry, key, scheduleId in
            let sameDay = found.filter { $0.0.day == entry.day }
            var key = key
            if sameDay.count > 1 { key.append(entry.time.replacingOccurrences(of: ":", with: "")) }
            if sameDay.filter({ $0.0.time == entry.time }).count > 1 { key.append(String(scheduleId)) }
            return (entry, key)
        }
    }

    /// The fields every meeting of a group shares; `slug` holds the group's slug until it is made unique.
    func base(_ d: GroupDetails, place: LocationRecord?) -> MeetingGuideEntry {
        let g = d.group
        let o = d.organization
        var e = MeetingGuideEntry(
            name: g.name, slug: g.slug, day: 0, time: "", endTime: "", timezone: "", types: [],
            group: g.name, updated: "", url: site.absolute("/groups/\(PercentDecoding.encode(g.slug))"),
            entity: o.name)
        e.entityEmail = o.email
        e.entityPhone = o.phone.map { DialInNumber.e164($0) ?? $0 }
        e.entityUrl = o.website
        e.entityWebsiteUrl = o.website
        let inPerson = g.format.meetsInPerson
        if inPerson, let place, let street = place.address, !street.isEmpty {
            e.address = street
            e.city = place.city
            e.state = place.state
            e.postalCode = place.zip
            e.country = place.country
            let stateZip = [place.state, place.zip].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " ")
            e.formattedAddress = [street, place.city ?? "", stateZip, place.country == "US" ? "USA" : place.country].filter { !$0.isEmpty }.joined(
                separator: ", ")
            e.approximate = "no"
            e.latitude = place.latitude.map { ($0 * 100_000).rounded() / 100_000 }
            e.longitude = place.longitude.map { ($0 * 100_000).rounded() / 100_000 }
            e.location = place.name
            let notes = [place.directions, place.accessibilityNotes].filter { !$0.isEmpty }.joined(separator: "\n")
            e.locationNotes = notes.isEmpty ? nil : notes
            e.region = place.city
        } else if let home = place ?? homePlaces[g.organizationId], let city = home.city, !city.isEmpty {
            // Online: where the meeting comes from, approximately (a city), as the spec asks.
            e.formattedAddress = [city, home.state ?? "", home.country == "US" ? "USA" : home.country].filter { !$0.isEmpty }.joined(separator: ", ")
            e.city = city
            e.state = home.state
            e.country = home.country
            e.approximate = "yes"
            e.region = city
        }
        let online = g.format.meetsRemotely
        if online && !g.onlineDetailsPrivate {
            e.conferenceUrl = g.onlineUrl
            // With its country code, as readers dial it; the text as written (an access code) in the notes.
            if let dialIn = g.dialIn, let phone = DialInNumber.e164(dialIn) {
                e.conferencePhone = phone
                if dialIn.filter({ $0.isNumber || $0 == "+" }) != phone { e.conferencePhoneNotes = dialIn }
            }
        }
        e.types = types(d, place: inPerson ? place : nil)
        return e
    }

    /// Type codes: the organization's tags that carry one, X and ASL from the place, the languages (not
    /// plain English) and the audiences that types.json names. Online is not a type in the current
    /// types.json: readers take it from `conference_url` and `conference_phone`.
    func types(_ d: GroupDetails, place: LocationRecord?) -> [String] {
        var codes = Set<String>()
        let tags = tagCodes[d.group.organizationId] ?? [:]
        for slug in d.links.tags { if let code = tags[slug], !code.isEmpty { codes.insert(code) } }
        if place?.wheelchairAccessible == true { codes.insert("X") }
        if place?.aslAvailable == true { codes.insert("ASL") }
        let languages = d.links.languages
        if languages != ["en"] {
            for language in languages {
                let primary = String(language.lowercased().split(separator: "-").first ?? "")
                if let code = Self.languageTypes[primary] { codes.insert(code) }
            }
        }
        for audience in d.links.audiences { if let code = Self.type(of: audience) { codes.insert(code) } }
        return codes.sorted()
    }

    /// What a person should know about this weekday's meeting that no other field says.
    func notes(
        _ d: GroupDetails, schedule: ScheduleRecord, recurrence r: Recurrence, weekday: Weekday, today: LocalDate,
        upcoming: [Occurrence]
    ) -> String? {
        let g = d.group
        var lines: [String] = []
        // A moved meeting comes first: it is what sends people to the wrong place when missed.
        if let moved = upcoming.first(where: { $0.status == .moved }) {
            let record = d.exceptions.first { $0.scheduleId == schedule.id && $0.occurrenceDate == moved.originalDate.description }
            let place = record?.movedLocationId.flatMap { $0 == (schedule.locationId ?? g.locationId) ? nil : d.place($0) }
            lines.append(
                "Moved: the \(Self.monthDay(moved.originalDate)) meeting moves to \(moved.date.weekday.englishName), \(Self.monthDay(moved.date)) at \(moved.startTime.englishText)"
                    + (place.map { ", at \($0.oneLine)" } ?? "") + (moved.note.isEmpty ? "." : ": \(moved.note)"))
        }
        if !g.summary.isEmpty { lines.append(g.summary) }
        if !schedule.notes.isEmpty { lines.append(schedule.notes) }
        if r.frequency == .biweekly {
            let next = upcoming.first { $0.status != .cancelled }
            lines.append("Every other \(weekday.englishName)" + (next.map { ", next on \(Self.monthDay($0.date))." } ?? "."))
        }
        if r.startsOn > today, let first = upcoming.first(where: { $0.status != .cancelled }) {
            lines.append("First meeting on \(Self.monthDay(first.date)).")
        }
        if let ends = r.endsOn { lines.append("Meets until \(ends.englishText).") }
        if let cancelled = upcoming.first(where: { $0.status == .cancelled }) {
            lines.append("No meeting on \(Self.monthDay(cancelled.originalDate))" + (cancelled.note.isEmpty ? "." : ": \(cancelled.note)"))
        }
        let online = g.format.meetsRemotely
        if online && g.onlineDetailsPrivate {
            lines.append("Contact the group for how to join online: " + site.absolute("/groups/\(PercentDecoding.encode(g.slug))"))
        } else if online, let dialIn = g.dialIn, DialInNumber.e164(dialIn) == nil {
            lines.append("Join by phone: " + dialIn)
        }
        if g.joinMode == .registration { lines.append("Please register before your first meeting.") }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    // MARK: helpers

    /// `base` trimmed so that `base-suffix…` fits in 64 characters, without a dangling hyphen.
    static func slug(_ base: String, suffix: [String]) -> String {
        let tail = suffix.map { "-" + $0 }.joined()
        var head = String(base.prefix(max(1, maxSlugLength - tail.count)))
        while head.hasSuffix("-") { head.removeLast() }
        return String((head + tail).prefix(maxSlugLength))
    }

    /// "December 24".
    static func monthDay(_ date: LocalDate) -> String {
        "\(LocalDate.englishMonths[date.month - 1]) \(date.day)"
    }

    /// The latest of some RFC 3339 times as "YYYY-MM-DD HH:MM:SS".
    static func updated(_ times: [Timestamp]) -> String {
        let latest = times.max() ?? .epoch
        return String(latest.text.dropLast().replacingOccurrences(of: "T", with: " "))
    }

    /// ISO 639-1 languages and the Meeting Guide codes for them (each one in types.json).
    static let languageTypes: [String: String] = [
        "af": "AF", "am": "AM", "ar": "AR", "bg": "BG", "da": "DA", "de": "DE", "el": "EL", "en": "EN", "fa": "FA",
        "fi": "FI", "fr": "FR", "he": "HE", "hi": "HI", "hr": "HR", "hu": "HU", "is": "IS", "it": "ITA", "ja": "JA",
        "ka": "KA", "ko": "KOR", "lt": "LT", "ml": "ML", "mt": "MT", "ne": "NE", "nl": "NL", "no": "NO", "nb": "NO",
        "pa": "PUN", "pl": "POL", "pt": "POR", "ru": "RUS", "es": "S", "sk": "SK", "sl": "SL", "sv": "SV", "th": "TH",
        "tl": "TL", "tr": "TUR", "uk": "UK", "ase": "ASL",
    ]

    /// The Meeting Guide type code of an audience, when types.json has one.
    static func type(of audience: Audience) -> String? {
        switch audience {
        case .men: "M"
        case .women: "W"
        case .lgbtq: "LGBTQ"
        case .youngAdults: "Y"
        case .seniors: "SEN"
        case .everyone, .adults, .youth, .families, .parents, .veterans: nil
        }
    }
}
