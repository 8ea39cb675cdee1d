import Foundation
import GroupViews
import HTTPServer
import Places
import Schedules
import Store

/// The filters of the search, today and print pages, as they appear in the address bar.
///
/// The parameter names are the JSON API's (`q`, `topic`, `format`, `day`, `time`, `city`, `state`,
/// `zip`, `near`, `radius_km`, `language`, `audience`, `free`, `accessible`, `organization_id`), so a
/// page's query string can be passed to `/api/v1/groups` as it is. The place box is the API's `where`
/// (a ZIP code, a town, a state, read by `PlaceTable.parse`) with `radius_mi`; the older `city` box of
/// saved links is still read, taking a ZIP code ("80202") or a city with its state ("Denver, CO").
struct SearchForm {
    var q: String?
    var topics: [String] = []
    var format: String?
    /// Online, hybrid or by phone: groups one joins from anywhere.
    var remote = false
    var day: String?
    var time: String?
    var city: String?
    var state: String?
    var zip: String?
    var near: String?
    var radiusKm: String?
    /// "Where?" as typed, and the distance around it in miles.
    var whereText: String?
    var radiusMi: String?
    var language: String?
    var audience: String?
    var free = false
    var accessible = false
    var organizationId: String?
    // What to expect.
    var join: String?
    var openTo: String?
    var cameraOptional = false
    var childcare = false
    var asl = false
    var openSeats = false

    init() {}

    init(_ query: QueryParameters) {
        func value(_ key: String) -> String? {
            guard let v = query[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
            return String(v.prefix(200))
        }
        q = value("q")
        topics = Array(query.all("topic").filter { !$0.isEmpty }.prefix(10))
        format = value("format")
        remote = ["true", "1", "yes", "on"].contains(value("remote")?.lowercased() ?? "")
        day = value("day")?.lowercased()
        time = value("time")
        state = value("state")?.uppercased()
        zip = value("zip")
        if let box = value("city") {
            if box.range(of: #"^\d{5}(-\d{4})?$"#, options: .regularExpression) != nil {
                zip = String(box.prefix(5))
            } else if let comma = box.lastIndex(of: ","), case let code = box[box.index(after: comma)...].trimmingCharacters(in: .whitespaces).uppercased(),
                Words.states[code] != nil
            {
                city = box[..<comma].trimmingCharacters(in: .whitespaces)
                state = code
            } else {
                city = box
            }
        }
        near = value("near")
        radiusKm = value("radius_km")
        whereText = value("where")
        radiusMi = value("radius_mi")
        language = value("language")?.lowercased()
        audience = value("audience")
        free = ["true", "1", "yes", "on"].contains(value("free")?.lowercased() ?? "")
        accessible = value("accessible") == "wheelchair"
        organizationId = value("organization_id")
        func yes(_ key: String) -> Bool { ["true", "1", "yes", "on"].contains(value(key)?.lowercased() ?? "") }
        join = value("join")
        openTo = value("open_to")
        cameraOptional = yes("camera_optional")
        childcare = yes("childcare")
        asl = yes("asl")
        openSeats = yes("open_seats")
    }

    /// The filters as API parameters, in a stable order (for links, the API, the print page).
    var query: QueryString {
        var s = QueryString()
        s.add("q", q)
        for topic in topics { s.add("topic", topic) }
        s.add("format", format)
        if remote { s.add("remote", "true") }
        s.add("audience", audience)
        s.add("language", language)
        s.add("day", day)
        s.add("time", time)
        s.add("city", city)
        s.add("state", state)
        s.add("zip", zip)
        s.add("where", whereText)
        s.add("near", near)
        if near != nil { s.add("radius_km", radiusKm) }
        if near != nil || whereText != nil { s.add("radius_mi", radiusMi) }
        if free { s.add("free", "true") }
        if accessible { s.add("accessible", "wheelchair") }
        s.add("organization_id", organizationId)
        s.add("join", join)
        s.add("open_to", openTo)
        if cameraOptional { s.add("camera_optional", "true") }
        if childcare { s.add("childcare", "true") }
        if asl { s.add("asl", "true") }
        if openSeats { s.add("open_seats", "true") }
        return s
    }

    /// What the place box shows: the ZIP code, or the city with its state.
    var placeBox: String {
        if let whereText { return whereText }
        if let zip { return zip }
        guard let city else { return "" }
        return state.map { "\(city), \($0)" } ?? city
    }

    var isEmpty: Bool { query.pairs.isEmpty }

    /// How many filters behind "More filters" are set (the summary says so; the section stays
    /// closed, so that on a phone the results are not pushed far down).
    var moreFilterCount: Int {
        [
            !topics.isEmpty, format != nil || remote, day != nil, time != nil, language != nil, audience != nil, free, accessible,
            join != nil, openTo != nil, cameraOptional, childcare, asl, openSeats,
        ].filter { $0 }.count
    }

    /// The store query, read by the API's own rules; invalid filters are left out and explained.
    func groupQuery(places: PlaceFinder) -> (GroupQuery, [FieldError]) {
        let (query, errors, _) = groupQueryAndPlace(places: places)
        return (query, errors)
    }

    /// The store query and the place "Where?" named, if any.
    func groupQueryAndPlace(places: PlaceFinder) -> (GroupQuery, [FieldError], PlaceMatch?) {
        let request = Request(head: RequestHead(method: "GET", target: query.url("/search")))
        var reader = QueryReader(request)
        var place: PlaceMatch?
        let query = GroupRoutes.filters(request, &reader, places: places, place: &place)
        return (query, reader.errors, place)
    }

    /// A short description of the filters for headings and titles: "grief and loss groups in Denver, CO",
    /// "grupos de duelo y pérdida en Denver, CO".
    /// `noun` names what is listed: `groups` (and `topic_groups`), or `meetings` for the printed list.
    func phrase(topicNames: [String: String], words: Wording, noun: String = "groups", place: PlaceMatch? = nil) -> String? {
        let t = words.catalogue
        var parts: [String] = []
        let names = topics.compactMap { topicNames[$0] }
        var subject =
            names.isEmpty ? t.text("phrase." + noun) : t.text("phrase.topic_" + noun, ["topics": words.list(names).lowercasedFirstWord()])
        if let format, t.has("phrase.format." + format) { subject = t.text("phrase.format." + format, ["groups": subject]) }
        if remote && format == nil { subject = t.text("phrase.remote", ["groups": subject]) }
        if let q { subject = t.text("phrase.matching", ["groups": subject, "q": q]) }
        parts.append(subject)
        if let city {
            parts.append(t.text("phrase.in_place", ["place": city + (state.map { ", \($0)" } ?? "")]))
        } else if let state {
            parts.append(t.text("phrase.in_place", ["place": Words.state(state)]))
        }
        if let zip { parts.append(t.text("phrase.near_zip", ["zip": zip])) }
        switch place {
        case .zip(let z): parts.append(t.text("phrase.near_zip", ["zip": "\(z.code), \(z.city), \(z.state)"]))
        case .town(let town, _): parts.append(t.text("phrase.near_zip", ["zip": town.label]))
        case .state(let code) where self.state == nil: parts.append(t.text("phrase.in_place", ["place": Words.state(code)]))
        default: break
        }
        if near != nil { parts.append(t.text("phrase.near_you")) }
        if let day, let weekday = Weekday(name: day) { parts.append(t.text("phrase.on_day", ["days": words.weekdays(weekday)])) }
        if let time, t.has("phrase.time." + time) { parts.append(t.text("phrase.time." + time)) }
        guard parts.count > 1 || !names.isEmpty || format != nil || remote || q != nil else { return nil }
        return parts.joined(separator: " ")
    }

    // MARK: what the form template needs

    func formContext(topics allTopics: [TopicSummary], words: Wording) -> [String: TemplateValue] {
        func options(_ list: [(code: String, label: String)], selected: String?) -> TemplateValue {
            .list(list.map { ["value": .text($0.code), "label": .text($0.label), "selected": .bool($0.code == selected)] })
        }
        let radiusChoices: [(code: String, label: String)] = ["5", "10", "25", "50", "100"].map {
            ($0, words.catalogue.text("filters.within", ["miles": $0]))
        }
        return [
            "q": .text(q ?? ""),
            "place": .text(placeBox),
            "hiddenState": .bool(city == nil && zip == nil && state != nil),
            "state": .text(state ?? ""),
            "near": .optional(near),
            "radiusOptions": options(radiusChoices, selected: radiusMi ?? "25"),
            "clearNearUrl": .text(
                {
                    var f = self; f.near = nil; f.radiusKm = nil; return f.query.url("/search")
                }()),
            "topicOptions": .list(
                allTopics.map {
                    ["value": .text($0.slug), "label": .text(words.topicName($0.slug, stored: $0.name)), "selected": .bool(topics.first == $0.slug)]
                }),
            "extraTopics": .list(topics.dropFirst().map { .text($0) }),
            "format": .optional(format),
            "remote": .bool(remote),
            "formatOptions": options(words.choices(GroupFormat.allCases, in: "group_format"), selected: format),
            "dayOptions": options(Words.weekdays.map { ($0.name, words.weekday($0)) }, selected: day),
            "timeOptions": options(Words.partsOfDay.map { ($0.code, words.catalogue.text("parts_of_day." + $0.code)) }, selected: time),
            "languageOptions": options(words.languageChoices, selected: language),
            "audienceOptions": options(words.choices(Audience.allCases.filter { $0 != .everyone }, in: "audience"), selected: audience),
            "free": .bool(free),
            "accessible": .bool(accessible),
            "organizationId": .optional(organizationId),
            "joinOptions": options(words.choices(JoinMode.allCases, in: "join_mode"), selected: join),
            "openToOptions": options(words.choices(OpenTo.allCases, in: "open_to"), selected: openTo),
            "cameraOptional": .bool(cameraOptional),
            "childcare": .bool(childcare),
            "asl": .bool(asl),
            "openSeats": .bool(openSeats),
            "moreCount": moreFilterCount == 0 ? false : .text(words.catalogue.text("filters.chosen", ["count": String(moreFilterCount)])),
        ]
    }
}

extension String {
    /// "Grief and loss" → "grief and loss", but "LGBTQ+" stays.
    func lowercasedFirstWord() -> String {
        guard let first = first, first.isUppercase else { return self }
        let word = prefix { $0 != " " }
        if word.count > 1 && word.dropFirst().contains(where: \.isUppercase) { return self }
        return first.lowercased() + dropFirst()
    }
}

/// A group as a search result, city or topic listing shows it.
enum GroupCard {
    static func context(
        _ d: GroupDetails, topicNames: [String: String], now: Date, words: Wording, distanceKm: Double? = nil, freshness: Freshness? = nil,
        placeZone: TimeZone? = nil
    ) -> TemplateValue {
        let g = d.group
        let texts = GroupTexts(d, words)
        var card: [String: TemplateValue] = [
            "slug": .text(g.slug),
            "name": .text(texts.name.text),
            "nameLang": texts.name.lang,
            "url": .text("/groups/\(g.slug)"),
            "summary": texts.summary.value,
            "summaryLang": texts.summary.lang,
            "format": .text(words.format(g.format)),
            "place": .text(g.format == .online || g.format == .phone ? d.organization.name : place(d, words: words, sayOnline: false)),
            "topics": .list(d.links.topics.map { ["name": .text(topicNames[$0] ?? $0), "url": .text("/topics/\($0)")] }),
            "free": .bool(g.isFree),
            "paused": .bool(g.status == .paused),
            "full": .bool(GroupSeats.isFull(g)),
            "stale": .bool(freshness?.isStale(g, now: now) ?? false),
            // Every key is always present, so that a missing one never finds a namesake in an outer scope.
            "languages": false, "distance": false, "next": false,
        ]
        let otherLanguages = d.links.languages.filter { $0 != "en" }
        if !otherLanguages.isEmpty {
            card["languages"] = .text(words.catalogue.text("card.in_languages", ["languages": words.list(d.links.languages.map(words.language))]))
        }
        if let km = distanceKm { card["distance"] = .text(distanceWords(km, words: words)) }
        if g.status == .active, let next = MeetingFinder.next(for: d, after: now) {
            card["next"] = MeetingWords(next, group: d, now: now, words: words, placeZone: placeZone).context
        }
        return .object(card)
    }

    /// "0.4 mi away", "2.3 mi away", "170 mi away": tenths while they matter.
    static func distanceWords(_ km: Double, words: Wording) -> String {
        let miles = km / 1.609344
        let number = miles < 9.95 ? String(format: "%.1f", miles) : String(format: "%.0f", miles.rounded())
        return words.catalogue.text("card.distance", ["miles": number])
    }

    /// "Eastside Community Center, Los Angeles, CA", "Online", "By phone", or both for hybrid groups.
    static func place(_ d: GroupDetails, words: Wording, sayOnline: Bool = true) -> String {
        switch d.group.format {
        case .online, .phone: return words.format(d.group.format)
        case .inPerson, .hybrid:
            guard let l = d.location else { return d.group.format == .hybrid ? words.format(d.group.format) : words.catalogue.text("card.place_tbc") }
            var parts = [l.name]
            if let city = l.city, !city.isEmpty { parts.append(city + (l.state.map { ", \($0)" } ?? "")) }
            let text = parts.joined(separator: ", ")
            return d.group.format == .hybrid && sayOnline ? words.catalogue.text("card.and_online", ["place": text]) : text
        }
    }
}
