import Foundation
import GRDB
import Store

/// Invented, realistic data for trying Circles out: six organizations from Los Angeles to a rural
/// Colorado county, about fifty peer-led groups, their meeting schedules and facilitators.
/// No real person, phone number (only 555-01xx) or e-mail address (only example.org).
public enum DemoData {
    /// Fills the database once, in one transaction; returns false when demo data was loaded before
    /// (the `demo_loaded_at` setting is present), and then changes nothing.
    @discardableResult
    public static func loadIfEmpty(into database: AppDatabase) throws -> Bool {
        try database.pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM settings WHERE key = 'demo_loaded_at'") == true {
                return false
            }
            try DemoDirectory.write(DemoWriter(db: db))
            try DemoListings.write(db)
            try db.execute(sql: "INSERT INTO settings (key, value) VALUES ('demo_loaded_at', ?)", arguments: [Timestamp.now()])
            return true
        }
    }

    /// Adds `groups` generated groups (spread over about 200 US cities, every topic, format, audience,
    /// language, weekday and time of day) for scale tests, in transactions of 5,000 groups; calls
    /// `progress` with the number done after each one. Creates organizations of its own with
    /// slugs unique to the run, so it can run on any database, and any number of times.
    public static func generate(groups: Int, into database: AppDatabase, progress: (Int) -> Void) throws {
        try DemoGenerator.run(groups: groups, into: database, progress: progress)
    }
}

/// Writes demo records through the Store's write functions, so that versions, timestamps,
/// search rows and weekday slots are exactly what the application itself would produce.
struct DemoWriter {
    let db: Database

    struct Organization {
        let id: Int64
        /// The host name under example.org: `hello@<domain>.example.org`.
        let domain: String
        let timeZone: String
        /// Today's date in the organization's time zone, as a day number.
        let today: Int
    }

    struct Group {
        let id: Int64
        let organization: Organization
        let timeZone: String
    }

    struct Schedule {
        let record: ScheduleRecord
        let today: Int

        var id: Int64 { record.id! }

        /// The first day after today on which this schedule meets.
        func nextOccurrence(skipping: Int = 0) -> Int {
            var found = 0
            let startsOn = DemoCalendar.parse(record.startsOn)!
            let endsOn = record.endsOn.flatMap(DemoCalendar.parse)
            for day in (today + 1)...(today + 400) where DemoCalendar.meets(
                frequency: record.frequency, weekdays: record.weekdays, weekOfMonth: record.weekOfMonth,
                startsOn: startsOn, endsOn: endsOn, on: day) {
                if found == skipping { return day }
                found += 1
            }
            preconditionFailure("demo schedule \(record.id ?? 0) never meets")
        }
    }

    struct Access: OptionSet {
        let rawValue: Int
        static let wheelchair = Access(rawValue: 1)
        static let asl = Access(rawValue: 2)
        static let parking = Access(rawValue: 4)
        static let transit = Access(rawValue: 8)
    }

    struct Training {
        var name: String
        var issuer: String
        /// How long ago it was completed, in days.
        var completedDaysAgo: Int
        /// How long it is valid after completion, in days; nil when it never expires.
        var validForDays: Int?
    }

    // MARK: organizations and places

    func organization(slug: String, name: String, domain: String, phone: String, timeZone: String, description: String) throws -> Organization {
        var record = OrganizationRecord(slug: slug, name: name)
        record.description = description
        record.website = "https://\(domain).example.org"
        record.email = "hello@\(domain).example.org"
        record.phone = phone
        let saved = try VersionedWrites.insert(record, in: db)
        return Organization(id: saved.id!, domain: domain, timeZone: timeZone, today: DemoCalendar.today(in: timeZone))
    }

    func tags(_ organization: Organization, _ tags: [(slug: String, name: String, code: String?)]) throws {
        for tag in tags {
            var record = TagRecord(organizationId: organization.id, slug: tag.slug, name: tag.name, code: tag.code)
            try record.insert(db)
        }
    }

    /// A place with a street address.
    func place(_ organization: Organization, _ name: String, kind: String, address: String, city: String, county: String,
               state: String, zip: String, latitude: Double, longitude: Double, access: Access = [],
               accessibilityNotes: String = "", directions: String = "") throws -> Int64 {
        var record = LocationRecord(organizationId: organization.id, name: name, kind: kind)
        record.address = address
        record.city = city
        record.county = county
        record.state = state
        record.zip = zip
        record.latitude = latitude
        record.longitude = longitude
        record.wheelchairAccessible = access.contains(.wheelchair)
        record.aslAvailable = access.contains(.asl)
        record.parking = access.contains(.parking)
        record.nearTransit = access.contains(.transit)
        record.accessibilityNotes = accessibilityNotes
        record.directions = directions
        return try VersionedWrites.insert(record, in: db).id!
    }

    /// An online room or a phone line: no address, but the region it serves.
    func virtualPlace(_ organization: Organization, _ name: String, kind: String, city: String?, state: String,
                      access: Access = [], accessibilityNotes: String = "", directions: String = "") throws -> Int64 {
        var record = LocationRecord(organizationId: organization.id, name: name, kind: kind)
        record.city = city
        record.state = state
        record.wheelchairAccessible = access.contains(.wheelchair)
        record.aslAvailable = access.contains(.asl)
        record.accessibilityNotes = accessibilityNotes
        record.directions = directions
        return try VersionedWrites.insert(record, in: db).id!
    }

    // MARK: facilitators

    func facilitator(_ organization: Organization, _ displayName: String, bio: String, livedExperience: [String],
                     languages: [String], email: String, phone: String?, trainings: [Training]) throws -> Int64 {
        var record = FacilitatorRecord(organizationId: organization.id, displayName: displayName)
        record.bio = bio
        record.livedExperience = json(livedExperience)
        record.languages = json(languages)
        record.privateEmail = "\(email)@\(organization.domain).example.org"
        record.privatePhone = phone
        let saved = try VersionedWrites.insert(record, in: db)
        try FacilitatorWrites.replaceTrainings(facilitatorId: saved.id!, with: trainings.map { training in
            var record = TrainingRecord(facilitatorId: saved.id!, name: training.name)
            record.issuer = training.issuer
            let completed = organization.today - training.completedDaysAgo
            record.completedOn = DemoCalendar.format(completed)
            record.expiresOn = training.validForDays.map { DemoCalendar.format(completed + $0) }
            return record
        }, in: db)
        return saved.id!
    }

    // MARK: groups

    enum Contact {
        case email(String)
        case phone(String)
        case both(String, String)
    }

    /// A group with its links. `registration` is a path under the organization's website;
    /// `online` a path under https://meet.example.org; `contact` a local part at the organization's domain.
    func group(_ organization: Organization, _ slug: String, _ name: String, summary: String, description: String,
               format: String = "in_person", at location: Int64?, topics: [String], tags: [String] = [],
               audiences: [String] = ["everyone"], languages: [String] = ["en"], facilitators: [Int64] = [],
               cost: String? = nil, registration: String? = nil, online: String? = nil, dialIn: String? = nil,
               onlineDetailsPrivate: Bool = false, contact: Contact? = nil, status: String = "active") throws -> Group {
        var record = GroupRecord(organizationId: organization.id, slug: slug, name: name, format: format, timeZone: organization.timeZone)
        record.locationId = location
        record.summary = summary
        record.description = description
        if let cost {
            record.isFree = false
            record.cost = cost
        }
        if let registration {
            record.joinMode = "registration"
            if !registration.isEmpty { record.registrationUrl = "https://\(organization.domain).example.org/\(registration)" }
        }
        record.onlineUrl = online.map { "https://meet.example.org/\($0)" }
        record.dialIn = dialIn
        record.onlineDetailsPrivate = onlineDetailsPrivate
        switch contact {
        case .email(let local): record.contactEmail = "\(local)@\(organization.domain).example.org"
        case .phone(let phone): record.contactPhone = phone
        case .both(let local, let phone):
            record.contactEmail = "\(local)@\(organization.domain).example.org"
            record.contactPhone = phone
        case nil: break
        }
        record.status = status
        var links = GroupLinks()
        links.topics = topics
        links.tags = tags
        links.audiences = audiences
        links.languages = languages
        links.facilitatorIds = facilitators
        let saved = try GroupWrites.save(record, links: links, expectedVersion: nil, in: db)
        return Group(id: saved.id!, organization: organization, timeZone: organization.timeZone)
    }

    // MARK: schedules

    /// Every week on `days` ("TU" or "MO,TH"), since about `weeksAgo` weeks.
    @discardableResult
    func weekly(_ group: Group, _ days: String, _ time: String, minutes: Int = 90, weeksAgo: Int = 60,
                endsInDays: Int? = nil, at location: Int64? = nil, notes: String = "") throws -> Schedule {
        let first = DemoCalendar.weekdays(days).first!
        let startsOn = DemoCalendar.onOrBefore(group.organization.today - 7 * weeksAgo, weekday: first)
        return try schedule(group, "weekly", days, nil, time, minutes, startsOn, endsInDays, location, notes)
    }

    /// Every other week on `day`, counted from a first meeting about `weeksAgo` weeks ago.
    @discardableResult
    func biweekly(_ group: Group, _ day: String, _ time: String, minutes: Int = 90, weeksAgo: Int = 40,
                  endsInDays: Int? = nil, at location: Int64? = nil, notes: String = "") throws -> Schedule {
        let startsOn = DemoCalendar.onOrBefore(group.organization.today - 7 * weeksAgo, weekday: DemoCalendar.weekdays(day)[0])
        return try schedule(group, "biweekly", day, nil, time, minutes, startsOn, endsInDays, location, notes)
    }

    /// On the `week`th (1–4, or -1 for the last) `day` of each month.
    @discardableResult
    func monthly(_ group: Group, _ week: Int, _ day: String, _ time: String, minutes: Int = 90, monthsAgo: Int = 14,
                 endsInDays: Int? = nil, at location: Int64? = nil, notes: String = "") throws -> Schedule {
        let (y, m, _) = DemoCalendar.civil(group.organization.today)
        let months = y * 12 + (m - 1) - monthsAgo
        let startsOn = DemoCalendar.day(months / 12, months % 12 + 1, 1)
        return try schedule(group, "monthly", day, week, time, minutes, startsOn, endsInDays, location, notes)
    }

    /// A single meeting `inDays` days from today.
    @discardableResult
    func once(_ group: Group, inDays: Int, _ time: String, minutes: Int = 120, at location: Int64? = nil, notes: String = "") throws -> Schedule {
        try schedule(group, "once", "", nil, time, minutes, group.organization.today + inDays, nil, location, notes)
    }

    private func schedule(_ group: Group, _ frequency: String, _ weekdays: String, _ weekOfMonth: Int?, _ time: String,
                          _ minutes: Int, _ startsOn: Int, _ endsInDays: Int?, _ location: Int64?, _ notes: String) throws -> Schedule {
        var record = ScheduleRecord(groupId: group.id, frequency: frequency, startTime: time, durationMinutes: minutes,
                                    timeZone: group.timeZone, startsOn: DemoCalendar.format(startsOn))
        record.weekdays = weekdays
        record.weekOfMonth = weekOfMonth
        record.endsOn = endsInDays.map { DemoCalendar.format(group.organization.today + $0) }
        record.locationId = location
        record.notes = notes
        return Schedule(record: try ScheduleWrites.insert(record, in: db), today: group.organization.today)
    }

    // MARK: exceptions

    /// Cancels the next meeting (or the one after `skipping` others).
    func cancel(_ schedule: Schedule, skipping: Int = 0, note: String) throws {
        var record = ScheduleExceptionRecord(scheduleId: schedule.id, occurrenceDate: DemoCalendar.format(schedule.nextOccurrence(skipping: skipping)), kind: "cancelled")
        record.note = note
        _ = try ScheduleWrites.saveException(record, in: db)
    }

    /// Moves the next meeting (or the one after `skipping` others) by `days`, to `time` and/or `location`.
    func move(_ schedule: Schedule, skipping: Int = 0, byDays days: Int = 0, to time: String? = nil, location: Int64? = nil, note: String) throws {
        let occurrence = schedule.nextOccurrence(skipping: skipping)
        var record = ScheduleExceptionRecord(scheduleId: schedule.id, occurrenceDate: DemoCalendar.format(occurrence), kind: "moved")
        record.movedToDate = DemoCalendar.format(occurrence + days)
        record.movedToTime = time ?? schedule.record.startTime
        record.movedLocationId = location
        record.note = note
        _ = try ScheduleWrites.saveException(record, in: db)
    }

    private func json(_ strings: [String]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: strings, options: [.withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}

extension DemoWriter {
    /// The labels organizations use, with the Meeting Guide type code each stands for (when one does).
    static let tagCatalog: [String: (name: String, code: String?)] = [
        "open": ("Open", "O"),
        "closed": ("Closed", "C"),
        "speaker": ("Speaker", "SP"),
        "step-study": ("Step study", "ST"),
        "discussion": ("Discussion", "D"),
        "newcomers": ("Newcomers welcome", "BE"),
        "women-only": ("Women only", "W"),
        "men-only": ("Men only", "M"),
        "wheelchair": ("Wheelchair access", "X"),
        "online": ("Online", "ONL"),
        "outdoor": ("Outdoor", "OUT"),
        "spanish": ("En español", "S"),
        "korean": ("Korean", "KOR"),
        "russian": ("Russian", "RUS"),
        "chinese": ("Chinese", nil),
        "arabic": ("Arabic", nil),
        "asl": ("American Sign Language", "ASL"),
        "young-people": ("Young people", "Y"),
        "seniors": ("Older adults", "SEN"),
        "lgbtq": ("LGBTQ+", "LGBTQ"),
        "children-welcome": ("Children welcome", "CF"),
        "childcare": ("Childcare available", "BA"),
    ]

    func tags(_ organization: Organization, _ slugs: [String]) throws {
        try tags(organization, slugs.map { slug in
            let entry = Self.tagCatalog[slug]!
            return (slug, entry.name, entry.code)
        })
    }
}
