import Foundation
import Store

/// Generates a large invented directory for scale tests, written through the Store's
/// `BulkDirectoryWriter` in transactions of `batchSize` groups.
enum DemoGenerator {
    static let batchSize = 5_000

    struct Topic {
        let id: Int64
        let slug: String
        let name: String
    }

    /// A generated organization in one city, with the places and tags its groups use.
    struct Organization {
        let id: Int64
        let domain: String
        let city: DemoCity
        let places: [Int64]
        let online: Int64
        let phone: Int64
        let tags: [String: Int64]
    }

    static func run(groups total: Int, into database: AppDatabase, progress: (Int) -> Void) throws {
        guard total > 0 else { return }
        var random = SplitMix64(seed: UInt64(UInt32.random(in: .min ... .max)) << 32 | UInt64(UInt32.random(in: .min ... .max)))
        let topics = try database.topicRecords().map { Topic(id: $0.id!, slug: $0.slug, name: $0.name) }
        var run = ""
        repeat {
            run = String((0..<5).map { _ in "abcdefghijkmnpqrstuvwxyz23456789".randomElement(using: &random)! })
        } while try database.hasOrganization(slugPrefix: "generated-\(run)-")
        guard !topics.isEmpty else { throw StoreFailure.invalidReference(field: "topics") }
        let cities = DemoCity.all
        var organizations: [Int: Organization] = [:]
        let generator = Generator(run: run, topics: topics, today: DemoCalendar.today(in: "UTC"))
        let longAgo = Timestamp(Date().addingTimeInterval(-90 * 86_400))
        try database.withLargeWriteCache {
            var done = 0
            while done < total {
                let count = min(batchSize, total - done)
                try database.bulkWrite { writer in
                    for i in 0..<count {
                        let cityIndex = random.below(cities.count)
                        let organization: Organization
                        if let existing = organizations[cityIndex] {
                            organization = existing
                        } else {
                            organization = try generator.organization(number: organizations.count + 1, city: cities[cityIndex], writer: writer, random: &random)
                            organizations[cityIndex] = organization
                        }
                        let group = generator.group(number: done + i + 1, of: organization, now: writer.now, longAgo: longAgo, random: &random)
                        _ = try writer.insert(group)
                    }
                }
                done += count
                progress(done)
            }
            try database.mergeSearchIndex()
        }
    }

    struct Generator {
        let run: String
        let topics: [Topic]
        let today: Int

        // MARK: organizations

        func organization(number: Int, city: DemoCity, writer: BulkDirectoryWriter, random: inout SplitMix64) throws -> Organization {
            let domain = "generated-\(run)-\(number)"
            var record = OrganizationRecord(slug: domain, name: "Generated Org \(number): \(city.name) Peer Support Network")
            record.description = "An invented organization for scale tests, running peer-led support groups in and around \(city.name), \(city.state)."
            record.website = "https://\(domain).example.org"
            record.email = "hello@\(domain).example.org"
            record.phone = phone(&random)
            let organizationId = try writer.insert(record)

            var tags: [String: Int64] = [:]
            for (slug, name, code) in Self.tags {
                tags[slug] = try writer.insert(TagRecord(organizationId: organizationId, slug: slug, name: name, code: code))
            }

            var places: [Int64] = []
            var kinds: [LocationKind] = [.communityCenter, .library, .park, .clinic, .placeOfWorship, .other].shuffled(using: &random)
            for _ in 0..<3 {
                let kind = kinds.removeLast()
                var location = LocationRecord(organizationId: organizationId, name: placeName(kind, city: city, &random), kind: kind)
                location.address = "\(random.between(10, 9_899)) \(random.element(Self.streets))"
                location.city = city.name
                location.county = city.county
                location.state = city.state
                location.zip = city.zip
                location.latitude = ((city.latitude + random.fraction(0.04)) * 10_000).rounded() / 10_000
                location.longitude = ((city.longitude + random.fraction(0.05)) * 10_000).rounded() / 10_000
                location.wheelchairAccessible = random.below(10) < 7
                location.aslAvailable = random.oneIn(10)
                location.parking = random.coin()
                location.nearTransit = random.coin()
                location.accessibilityNotes =
                    location.wheelchairAccessible ? "Step-free entrance and an accessible restroom." : "A few steps at the entrance; ask us about alternatives."
                location.directions = random.element(Self.directions)
                places.append(try writer.insert(location))
            }
            var online = LocationRecord(organizationId: organizationId, name: "\(city.name) Online Room", kind: .online)
            online.city = city.name
            online.state = city.state
            var line = LocationRecord(organizationId: organizationId, name: "\(city.name) Peer Phone Line", kind: .phone)
            line.city = city.name
            line.state = city.state
            return Organization(
                id: organizationId, domain: domain, city: city, places: places,
                online: try writer.insert(online), phone: try writer.insert(line), tags: tags)
        }

        func placeName(_ kind: LocationKind, city: DemoCity, _ random: inout SplitMix64) -> String {
            let area = random.element(Self.areas)
            switch kind {
            case .communityCenter: return "\(area) Community Center"
            case .library: return "\(area) Branch Library"
            case .park: return "\(area) Park Fieldhouse"
            case .clinic: return "\(city.name) \(area) Health Clinic"
            case .placeOfWorship: return "\(area) Community Church, Fellowship Hall"
            case .other, .online, .phone: return "\(area) Recovery Hall"
            }
        }

        // MARK: groups

        /// One group with its links and schedules, for the bulk writer.
        func group(number: Int, of organization: Organization, now: Timestamp, longAgo: Timestamp, random: inout SplitMix64) -> BulkGroup {
            let city = organization.city
            // Every topic in turn, so that even a small run covers them all.
            let topic = topics[number % topics.count]
            var groupTopics = [topic]
            if random.oneIn(3), let other = Optional(random.element(topics)), other.id != topic.id {
                groupTopics.append(other)
            }
            let format = pick(Self.formats, &random)
            // Groups about a people are mostly for those people; the others for anyone, or a random audience.
            var audiences = [
                Self.topicAudiences[topic.slug].flatMap { !random.oneIn(5) ? random.element($0) : nil }
                    ?? random.element(Self.audiences)
            ]
            if random.oneIn(3), let second = Optional(random.element(Self.audiences)), second != audiences[0] {
                audiences.append(second)
            }
            var languages = [pick(Self.languages, &random)]
            if languages[0] != "en" && random.coin() { languages.append("en") }
            let noun = random.element(Self.nouns)
            let area = random.oneIn(3) ? random.element(Self.areas) : city.name
            let name = "\(area) \(Self.shortNames[topic.slug] ?? topic.name) \(noun)"
            var record = GroupRecord(
                organizationId: organization.id, slug: slugify(name) + "-\(run)-\(number)", name: name,
                format: format, timeZone: city.timeZone)
            let phrase = Self.phrases[topic.slug] ?? "dealing with \(topic.name.lowercased())"
            record.summary =
                "A \(noun.contains("Peer") ? "" : "peer-led ")\(noun.lowercased()) for \(Self.audiencePhrases[audiences[0]] ?? "people") \(phrase)."
            record.description = [
                random.element(Self.openers[format]!),
                random.element(Self.middles),
                random.element(Self.closers),
            ].joined(separator: " ")

            switch format {
            case .online: record.locationId = organization.online
            case .phone: record.locationId = organization.phone
            case .inPerson, .hybrid: record.locationId = random.element(organization.places)
            }
            let paid = random.oneIn(12)
            let registration = random.oneIn(7)
            let online = format == .online || format == .hybrid
            let roll = random.below(50)
            record.status = roll == 0 ? .archived : roll < 3 ? .paused : .active
            record.isFree = !paid
            record.cost = paid ? random.element(Self.costs) : ""
            record.joinMode = registration ? .registration : .dropIn
            record.registrationUrl = registration ? "https://\(organization.domain).example.org/register/\(number)" : nil
            record.onlineUrl = online ? "https://meet.example.org/\(run)-\(number)" : nil
            record.dialIn = format == .phone ? "\(phone(&random)), code \(random.between(100_000, 999_999))" : nil
            record.onlineDetailsPrivate = online && random.oneIn(5)
            record.contactEmail = random.oneIn(3) ? "groups@\(organization.domain).example.org" : nil
            record.contactPhone = random.oneIn(5) ? phone(&random) : nil
            // One listing in ten was last confirmed three months ago, so stale ranking has work to do.
            record.lastConfirmedAt = number % 10 == 0 ? longAgo : now

            var group = BulkGroup(record)
            group.topicIds = groupTopics.map(\.id)
            group.audiences = audiences
            group.languages = languages
            var tags: Set<String> = [random.coin() ? "open" : "closed"]
            if online { tags.insert("online") }
            if languages.contains("es") { tags.insert("spanish") }
            if random.oneIn(4) { tags.insert("newcomers") }
            group.tagIds = tags.map { organization.tags[$0]! }

            for index in 0..<(random.below(10) < 7 ? 1 : 2) {
                let frequency = pick(Self.frequencies, &random)
                let time = random.element(Self.times)
                var weekdays: [Int] = [random.below(7)]
                if frequency == .weekly && random.oneIn(5) {
                    weekdays.append((weekdays[0] + random.between(2, 4)) % 7)
                    weekdays.sort()
                }
                var weekOfMonth: Int?
                var startsOn = DemoCalendar.onOrBefore(today - random.between(14, 700), weekday: weekdays[0])
                var endsOn: Int?
                var codes = weekdays.map { DemoCalendar.weekdayCodes[$0] }.joined(separator: ",")
                switch frequency {
                case .monthly:
                    weekOfMonth = random.element([1, 2, 3, 4, -1])
                case .once:
                    startsOn = today + random.between(3, 60)
                    codes = ""
                case .weekly, .biweekly:
                    if random.oneIn(10) { endsOn = today + random.between(30, 200) }
                }
                var schedule = ScheduleRecord(
                    groupId: 0, frequency: frequency, startTime: time, durationMinutes: random.element(Self.durations),
                    timeZone: city.timeZone, startsOn: DemoCalendar.format(startsOn))
                schedule.weekdays = codes
                schedule.weekOfMonth = weekOfMonth
                schedule.endsOn = endsOn.map(DemoCalendar.format)
                schedule.locationId = index == 1 && format == .inPerson && random.coin() ? random.element(organization.places) : nil
                schedule.notes = frequency == .once ? "A one-time workshop; please arrive a few minutes early." : ""
                group.schedules.append(schedule)
            }
            return group
        }

        func phone(_ random: inout SplitMix64) -> String {
            // Kept for fiction in every area code; the area code makes it a number meeting-list readers keep.
            let n = random.below(100)
            return "(" + ["213", "303", "312", "212", "607", "719"][n % 6] + ") 555-01" + (n < 10 ? "0" : "") + String(n)
        }

        func pick<Value>(_ weighted: [(Value, Int)], _ random: inout SplitMix64) -> Value {
            var roll = random.below(weighted.reduce(0) { $0 + $1.1 })
            for (value, weight) in weighted {
                if roll < weight { return value }
                roll -= weight
            }
            return weighted[0].0
        }

        func slugify(_ text: String) -> String {
            var slug = ""
            var dash = false
            for scalar in text.lowercased().unicodeScalars {
                if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                    if dash && !slug.isEmpty { slug.append("-") }
                    slug.unicodeScalars.append(scalar)
                    dash = false
                } else {
                    dash = true
                }
            }
            return slug
        }

        // MARK: vocabulary

        /// Every generated organization's tags, with the Meeting Guide type code each stands for.
        static let tags = [
            ("open", "Open", "O"), ("closed", "Closed", "C"), ("newcomers", "Newcomers welcome", "BE"),
            ("online", "Online", "ONL"), ("spanish", "En español", "S"),
        ]
        static let formats: [(GroupFormat, Int)] = [(.inPerson, 55), (.online, 20), (.hybrid, 15), (.phone, 10)]
        static let frequencies: [(ScheduleFrequency, Int)] = [(.weekly, 60), (.biweekly, 15), (.monthly, 20), (.once, 5)]
        static let languages = [("en", 72), ("es", 14), ("zh", 3), ("vi", 2), ("ko", 2), ("ru", 2), ("ar", 2), ("ase", 1), ("fr", 1), ("ht", 1)]
        static let audiences: [Audience] = [
            .everyone, .everyone, .adults, .adults, .youngAdults, .youth, .seniors, .families, .parents, .men, .women, .lgbtq, .veterans,
        ]
        static let times = [
            "07:00", "07:30", "08:00", "09:00", "09:30", "10:00", "10:30", "11:00", "12:00", "12:30", "13:00", "14:00",
            "15:00", "16:00", "17:00", "17:30", "18:00", "18:30", "19:00", "19:30", "20:00", "20:30", "21:00",
        ]
        static let durations = [45, 60, 60, 75, 90, 90, 120]
        static let topicAudiences: [String: [Audience]] = [
            "youth": [.youth, .youngAdults], "seniors": [.seniors], "veterans": [.veterans], "mens-groups": [.men],
            "womens-groups": [.women], "lgbtq": [.lgbtq], "parenting": [.parents], "postpartum": [.parents, .women],
            "families-of-people-in-recovery": [.families, .parents], "caregivers": [.adults, .families],
            "domestic-violence": [.women, .adults], "immigrants": [.everyone, .families],
        ]
        static let costs = ["$5 suggested donation, no one turned away", "$10 per session, sliding scale", "$3 for coffee and snacks, optional"]
        static let nouns = ["Support Group", "Peer Circle", "Support Circle", "Peer Group", "Check-In", "Coffee Hour", "Meetup", "Circle"]
        static let areas = [
            "Northside", "Southside", "Eastside", "Westside", "Downtown", "Midtown", "Uptown", "Riverside", "Lakeside",
            "Hillcrest", "Oak Park", "Maple Grove", "Cedar Hills", "Brookside", "Fairview", "Pleasant Valley", "Old Town", "Harbor",
        ]
        static let streets = [
            "Main Street", "Oak Avenue", "Maple Street", "Park Avenue", "Washington Street", "Elm Street", "Lincoln Avenue",
            "Church Street", "Market Street", "River Road", "Lake Street", "Broadway", "Jefferson Avenue", "Cedar Lane",
            "Pine Street", "Highland Avenue", "Center Street", "Franklin Boulevard", "Mill Road", "College Avenue",
        ]
        static let directions = [
            "Room 204, second floor; elevator by the front desk.", "Community room on the ground floor, to the left of the entrance.",
            "Lower level; follow the signs for the peer group.", "Meeting room B at the end of the main hallway.",
            "Use the side door after 6 pm; the room is just inside.", "Second-floor lounge; take the stairs or the elevator behind reception.",
        ]
        static let shortNames = [
            "mental-health": "Mental Health", "addiction-recovery": "Recovery", "alcohol": "Sober", "substance-use": "Recovery",
            "families-of-people-in-recovery": "Family Recovery", "grief": "Grief", "chronic-illness": "Chronic Illness",
            "seniors": "Seniors", "isolation": "Friendship", "immigrants": "Newcomers", "mens-groups": "Men's", "womens-groups": "Women's",
            "lgbtq": "LGBTQ+", "suicide-loss": "Suicide Loss", "eating-disorders": "Eating Disorder Recovery", "postpartum": "New Parents",
            "domestic-violence": "Survivors", "youth": "Teen", "parenting": "Parents", "caregivers": "Caregivers",
        ]
        static let phrases = [
            "mental-health": "living with a mental health condition", "depression": "living with depression",
            "anxiety": "living with anxiety or panic", "addiction-recovery": "in recovery from addiction",
            "alcohol": "who want to stop drinking", "substance-use": "in recovery from drug use",
            "families-of-people-in-recovery": "who love someone with an addiction", "parenting": "raising children and teens",
            "caregivers": "caring for a relative or friend", "grief": "grieving the death of someone close",
            "chronic-illness": "living with chronic illness or pain", "trauma": "healing after trauma",
            "youth": "growing up under pressure", "seniors": "looking for company and support later in life",
            "isolation": "who feel lonely or isolated", "immigrants": "settling into a new country",
            "veterans": "adjusting to life after military service", "mens-groups": "who want to talk honestly with other men",
            "womens-groups": "who want support from other women", "lgbtq": "finding community, coming out or questioning",
            "suicide-loss": "who lost someone to suicide", "eating-disorders": "in recovery from an eating disorder",
            "postpartum": "during pregnancy and after birth", "dementia": "affected by dementia",
            "cancer": "living with cancer or after treatment", "domestic-violence": "who survived domestic violence",
        ]
        static let audiencePhrases: [Audience: String] = [
            .everyone: "anyone", .adults: "adults", .youngAdults: "young adults", .youth: "teens", .seniors: "older adults",
            .families: "families", .parents: "parents", .men: "men", .women: "women", .lgbtq: "LGBTQ+ people", .veterans: "veterans",
        ]
        static let openers: [GroupFormat: [String]] = [
            .inPerson: [
                "We meet in person and start with a short check-in round.", "We sit in a circle, share how the week has been and listen to each other.",
                "Coffee is on ten minutes before we start, and there is always a seat for someone new.",
            ],
            .online: [
                "We meet by video; cameras are optional and the chat is always open.",
                "Join from anywhere on a computer or phone; we start with a short check-in.",
            ],
            .phone: ["Call in from wherever you are; no video, no app, just a phone.", "A phone meeting for people who cannot easily get to a room."],
            .hybrid: [
                "Join us in the room or online; both are part of the same circle.", "Some of us meet in person and some join by video, in one conversation.",
            ],
        ]
        static let middles = [
            "Nobody has to share, and nobody gives advice unless you ask for it.",
            "We talk about what has been hard, what has helped and the small wins along the way.",
            "What is said in the group stays in the group.",
            "We share practical tips as well as feelings, and we keep it judgment-free.",
            "Members come for a week or for years; both are welcome.",
        ]
        static let closers = [
            "Peer-led by people with lived experience; newcomers are always welcome.",
            "Led by trained peer facilitators who have been there themselves.",
            "It is not therapy, but it is a good place to feel less alone. Peer-led.",
        ]
    }
}

/// A small, fast, seedable random number generator (Vigna's SplitMix64), with plain (non-generic)
/// helpers that stay fast in debug builds, where the generic `random(in:using:)` is not specialized.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<n (the tiny modulo bias is fine for test data).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func between(_ low: Int, _ high: Int) -> Int { low + below(high - low + 1) }
    /// True once in `n` times.
    mutating func oneIn(_ n: Int) -> Bool { below(n) == 0 }
    mutating func coin() -> Bool { next() & 1 == 0 }
    mutating func element<T>(_ array: [T]) -> T { array[below(array.count)] }
    mutating func fraction(_ spread: Double) -> Double { (Double(next() >> 11) / Double(1 << 53) * 2 - 1) * spread }
}
