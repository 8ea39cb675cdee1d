import Foundation
import GroupViews
import HTTPServer
import Schedules
import Store

/// `/groups/:slug`: everything a person needs to decide to go, and how to get there.
struct GroupPage {
    let site: Site

    /// How many coming dates the page lists.
    static let upcomingCount = 6

    /// The page; `form` is the outcome of a form posted without JavaScript (else the thanks after its redirect).
    func respond(_ request: Request, form: GroupFormState? = nil, status: Int = 200) throws -> Response {
        let slug = request.parameter("slug")
        // The calendar of a group lives with the other feeds; this address forwards to it, in the same language.
        if slug.hasSuffix(".ics"), FieldRules.slug(String(slug.dropLast(4))) == nil {
            var response = Response.redirect(to: site.catalogues.path("/calendars/groups/\(slug)", in: site.catalogue(request)), status: 301)
            response.headers.add("Cache-Control", "public, max-age=86400")
            return response
        }
        guard FieldRules.slug(slug) == nil, let id = try site.database.groupId(slug: slug),
            let d = try site.database.groupDetails(id: id)
        else {
            return try site.notFound(request, key: "not_found.group")
        }
        let topics = try site.database.topics()
        let extras = try site.database.groupPageExtras(groupId: d.group.id!, facilitatorIds: d.facilitators.map { $0.id! })
        let now = Date()
        let g = d.group
        let address = site.address(request)
        let origin = address.origin
        let pagePath = "/groups/\(g.slug)"
        let t = site.catalogue(request)
        let words = Wording(t)
        let topicNames = words.topicNames(topics)

        let texts = GroupTexts(d, words)
        var context: [String: TemplateValue] = [
            "name": .text(texts.name.text),
            "nameLang": texts.name.lang,
            "slug": .text(g.slug),
            "organization": .text(d.organization.name),
            "summary": texts.summary.value,
            "summaryLang": texts.summary.lang,
            "paragraphs": .list(Self.paragraphs(texts.description.text).map { .text($0) }),
            "descriptionLang": texts.description.lang,
            "topics": .list(d.links.topics.map { ["name": .text(topicNames[$0] ?? $0), "url": .text("/topics/\($0)")] }),
            "format": .text(words.format(g.format)),
            "audiences": .text(words.list(d.links.audiences.map(words.audience))),
            "languages": .text(words.list(d.links.languages.map { words.catalogue.has("languages.\($0).option") ? t.text("languages.\($0).option") : $0 })),
            "cost": .text(g.isFree ? t.text("group.free") : (g.cost.isEmpty ? t.text("group.cost_ask") : g.cost)),
            // The organization's own words for the cost (not "Free"), in the group's language.
            "costLang": .optional(g.isFree || g.cost.isEmpty ? nil : texts.othersLanguage),
            // The language of every other text of the organization's on the page, when it is not the page's.
            "ownLang": .optional(texts.othersLanguage),
            "active": .bool(g.status == .active),
            "paused": .bool(g.status == .paused),
            "archived": .bool(g.status == .archived),
            "referUrl": .text("/refer?group=\(g.slug)"),
            "icsUrl": .text("/calendars\(pagePath).ics"),
            // Absolute, so not prefixed by `LocalizedLinks`: in the page's language here.
            "webcalUrl": .text(address.origin(scheme: "webcal") + site.catalogues.path("/calendars\(pagePath).ics", in: t)),
            "pageUrl": .text(origin + site.catalogues.path(pagePath, in: t)),
            "apiUrl": .text("/api/v1/groups/\(g.id!)"),
        ]
        var similar = QueryString()
        similar.add("topic", d.links.topics.first)
        similar.add("city", d.location?.city)
        similar.add("state", d.location?.state)
        context["similarUrl"] = .text(similar.url("/search"))
        let printFilters: QueryString = {
            var q = QueryString()
            q.add("organization_id", String(g.organizationId))
            return q
        }()
        context["organizationPrintUrl"] = .text(printFilters.url("/print"))

        // When: the rules in words, then the coming dates with their changes.
        let upcoming = g.status == .active ? Self.upcoming(d, now: now) : []
        context["schedules"] = .list(Self.schedules(d, now: now, words: words))
        context["dates"] = .list(upcoming.map { Self.date($0, d, now: now, words: words) })
        context["next"] = false
        // The same meeting as the API's next_meeting: one happening now, else the next that is not cancelled.
        let nextMeeting = g.status == .active ? MeetingFinder.next(for: d, after: now) : nil
        if let next = nextMeeting {
            var meeting = MeetingWords(next, group: d, now: now, words: words).context
            if case .object(var fields) = meeting {
                fields["full"] = .text(Self.fullDate(next.occurrence, now: now, words: words))
                meeting = .object(fields)
            }
            context["next"] = meeting
        }
        context["zoneName"] = .text(words.timeZone(g.timeZone))
        context["firstPlace"] = Self.firstPlace(d, next: nextMeeting, words: words)
        context["firstJoin"] = Self.firstJoin(d)

        context["join"] = Self.join(d)
        context["place"] = Self.place(d, words: words)
        context["facilitators"] = .list(d.facilitators.map { Self.facilitator($0, trainings: extras.trainings[$0.id!] ?? [], now: now, words: words) })
        context["organizationInfo"] = Self.organization(d.organization)
        context["feedback"] = Self.feedback(extras.ratings, comments: extras.comments, words: words)
        context["expect"] = Self.expect(d, words: words, note: texts.firstMeetingNote)
        context["stale"] = g.status == .archived ? false : .optional(site.api.freshness.note(g, now: now))
        context["confirmedOn"] = .optional(
            g.lastConfirmedAt.flatMap { stamp in
                guard !site.api.freshness.isStale(g, now: now), let date = LocalDate(stamp.day) else { return nil }
                return t.text("group.confirmed_on", ["date": words.date(date, withYear: true)])
            })
        context["full"] = .bool(g.status == .active && GroupSeats.isFull(g))
        context["correctionUrl"] = .text("/api/v1/groups/\(g.id!)/change-requests")
        let formState = form ?? GroupFormState(sent: request)
        context["feedbackForm"] = GroupFormState.context(
            formState, form: .feedback, fields: ["rating", "comment"], sentText: t.text("group.feedback_sent"), words: words)
        context["correctionForm"] = GroupFormState.context(
            formState, form: .correction, fields: ["kind", "proposed_value", "details", "reply_email"],
            sentText: t.text("group.correction_sent", ["organization": d.organization.name]), words: words)
        let chosenRating = formState?.form == .feedback ? formState?.values["rating"] : nil
        context["ratings"] = .list(
            [("5", t.text("group.very_good")), ("4", "4"), ("3", "3"), ("2", "2"), ("1", t.text("group.not_good"))].map {
                ["value": .text($0.0), "label": .text($0.1), "checked": .bool($0.0 == chosenRating)]
            })
        let chosenKind = formState?.form == .correction ? formState?.values["kind"] : nil
        context["changeRequestKinds"] = .list(
            words.choices(ChangeRequestKind.allCases, in: "change_request_kind").map {
                ["value": .text($0.code), "label": .text($0.label), "checked": .bool($0.code == chosenKind)]
            })

        let description =
            texts.summary.text.isEmpty ? t.text("group.description", ["name": texts.name.text, "organization": d.organization.name]) : texts.summary.text
        let title = t.text(g.status == .archived ? "group.title_archived" : "group.title", ["name": texts.name.text])
        let shell = PageShell(
            title: title, description: String(description.prefix(300)), canonical: pagePath, section: nil,
            alternates: [
                ("application/json", "/api/v1/groups/\(g.id!)", t.text("group.as_json")),
                ("text/calendar", "/calendars\(pagePath).ics", t.text("group.as_ics")),
            ]
                + (g.status == .archived
                    ? [] : [("application/json", "/hsds/services/\(HSDSIdentifier.make(.service, g.id!))", t.text("group.as_hsds"))]),
            jsonLD: GroupPage.jsonLD(d, upcoming: upcoming, origin: origin, now: now),
            scripts: ["/js/local-time.js", "/js/send-form.js", "/js/feedback.js", "/js/correction.js"], noindex: g.status == .archived, bodyClass: "page-group")
        return try site.page("group", context, shell: shell, request: request, status: status)
    }

    /// "Tuesday, December 8, 6:30 pm" (with the year only when it is not this year's), "Today, 6:30 pm".
    static func fullDate(_ o: Occurrence, now: Date, words: Wording) -> String {
        let today = Recurrence.ianaTimeZone(o.timeZone).map { ZonedTime(timeZone: $0).localDateAndTime(at: now).date } ?? o.date
        let full = words.full(o.date, o.startTime, today: today)
        switch today.days(to: o.date) {
        case 0: return words.catalogue.text("dates.today", ["time": full])
        case 1: return words.catalogue.text("dates.tomorrow", ["time": full])
        default: return full
        }
    }

    /// Paragraphs of a description typed with blank lines or single line breaks.
    static func paragraphs(_ text: String) -> [String] {
        text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The next meetings, cancelled and moved ones included, starting with one in progress.
    static func upcoming(_ d: GroupDetails, now: Date) -> [FoundMeeting] {
        var found: [FoundMeeting] = []
        for days in [70.0, 400.0] {
            found = MeetingFinder.meetings(for: d, from: now.addingTimeInterval(-6 * 3600), to: now.addingTimeInterval(days * 86_400))
                .filter { $0.occurrence.end > now }
            if found.count >= upcomingCount { break }
        }
        return Array(found.prefix(upcomingCount))
    }

    static func schedules(_ d: GroupDetails, now: Date, words: Wording) -> [TemplateValue] {
        d.schedules.compactMap { s -> TemplateValue? in
            guard let r = ScheduleMapping.recurrence(s), let zone = Recurrence.ianaTimeZone(r.timeZone) else { return nil }
            let today = ZonedTime(timeZone: zone).localDateAndTime(at: now).date
            if let last = r.lastPossibleDate, last < today { return nil }
            let endMinutes = (r.startTime.minutesSinceMidnight + r.durationMinutes) % 1440
            let end = LocalTime(hour: endMinutes / 60, minute: endMinutes % 60)!
            var place: String?
            if let id = s.locationId, id != d.group.locationId, let l = d.scheduleLocations[id] { place = l.name + (l.address.map { ", \($0)" } ?? "") }
            return [
                "words": .text(words.schedule(r)),
                "hours": .text(
                    words.catalogue.text(
                        "dates.time_range", ["start": words.time(r.startTime), "end": words.time(end), "zone": words.timeZone(r.timeZone)])),
                "notes": .optional(s.notes),
                "at": .optional(place),
            ]
        }
    }

    static func date(_ m: FoundMeeting, _ d: GroupDetails, now: Date, words: Wording) -> TemplateValue {
        let o = m.occurrence
        guard let zone = Recurrence.ianaTimeZone(o.timeZone) else { return [:] }
        let today = ZonedTime(timeZone: zone).localDateAndTime(at: now).date
        var item: [String: TemplateValue] = [
            "day": .text(words.weekdayDate(o.date, today: today)),
            "time": .text(words.time(o.startTime)),
            "datetime": .text(Words.isoLocal(o.start, zone: o.timeZone)),
            "zone": .text(o.timeZone),
            "remote": .bool(d.group.format == .online || d.group.format == .phone),
            "cancelled": .bool(o.status == .cancelled),
            "moved": .bool(o.status == .moved),
            "now": .bool(m.isHappening(at: now)),
            "note": .optional(o.note),
            "confirmed": .bool(
                o.status != .cancelled && d.confirmations.contains { $0.scheduleId == m.schedule.id && $0.occurrenceDate == o.originalDate.description }),
            "was": false,
            "at": false,
        ]
        if o.status == .moved, let recurrence = ScheduleMapping.recurrence(m.schedule) {
            item["was"] = .text(
                words.catalogue.text("group.was", ["date": words.weekdayDate(o.originalDate, today: today), "time": words.time(recurrence.startTime)]))
        }
        if let l = d.otherPlace(of: m) {
            item["at"] = .text(l.kind == .online ? words.label(l.kind, in: "location_kind") : l.name + (l.address.map { ", \($0)" } ?? ""))
        }
        return .object(item)
    }

    /// Where the next meeting is, on the first screen: the place (the one it moved to, if it did), directions
    /// (a `geo:` link for the phone's map app, an OpenStreetMap link) and access in one line. Nothing for
    /// groups that meet only online or by phone, whose first screen has the way to join instead.
    static func firstPlace(_ d: GroupDetails, next: FoundMeeting?, words: Wording) -> TemplateValue {
        let g = d.group
        guard g.format == .inPerson || g.format == .hybrid, let l = next.flatMap({ d.place(of: $0) }) ?? d.location,
            l.kind != .online, l.kind != .phone
        else { return false }
        let t = words.catalogue
        var line = [l.address, l.city].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: ", ")
        if g.format == .hybrid { line = line.isEmpty ? t.text("group.first_and_online_alone") : t.text("group.first_and_online", ["place": line]) }
        var access: [String] = []
        if l.wheelchairAccessible { access.append(t.text("group.access_wheelchair")) }
        if l.aslAvailable { access.append(t.text("group.first_asl")) }
        if l.parking { access.append(t.text("group.access_parking")) }
        if l.nearTransit { access.append(t.text("group.access_transit")) }
        var place: [String: TemplateValue] = [
            "name": .text(l.name), "line": .optional(line), "access": .optional(access.isEmpty ? nil : access.joined(separator: " · ")),
            "mapUrl": false, "geoUrl": false,
        ]
        if let lat = l.latitude, let lng = l.longitude {
            place["mapUrl"] = .text("https://www.openstreetmap.org/?mlat=\(lat)&mlon=\(lng)#map=17/\(lat)/\(lng)")
            place["geoUrl"] = .text("geo:\(lat),\(lng)?q=\(lat),\(lng)")
        }
        return .object(place)
    }

    /// The first screen's way in: "Just come along" and the public link or number to join a drop-in
    /// group; "Ask to join" (the referral) for a group that asks people to sign up.
    static func firstJoin(_ d: GroupDetails) -> TemplateValue {
        let g = d.group
        let dropIn = g.joinMode == .dropIn
        let showJoin = dropIn && !g.onlineDetailsPrivate && g.format != .inPerson
        return [
            "justCome": .bool(dropIn),
            "inPerson": .bool(g.format == .inPerson || g.format == .hybrid),
            "askToJoin": .bool(!dropIn),
            "onlineUrl": .optional(showJoin && g.format != .phone ? Words.safeURL(g.onlineUrl) : nil),
            "dialInTel": .optional(showJoin ? g.dialIn.map { "tel:" + $0.filter { $0.isNumber || $0 == "+" || $0 == "," } } : nil),
        ]
    }

    static func join(_ d: GroupDetails) -> TemplateValue {
        let g = d.group
        var join: [String: TemplateValue] = [
            "dropIn": .bool(g.joinMode == .dropIn),
            "registration": .bool(g.joinMode == .registration),
            "registrationUrl": .optional(Words.safeURL(g.registrationUrl)),
            "remote": .bool(g.format != .inPerson),
            "private": .bool(g.onlineDetailsPrivate && (g.onlineUrl != nil || g.dialIn != nil)),
            "cameraOptional": .bool(g.cameraOptional),
        ]
        // Private details are never on the page; the keys are there (false) all the same, as strict templates ask.
        let shown = !g.onlineDetailsPrivate
        join["onlineUrl"] = .optional(shown ? Words.safeURL(g.onlineUrl) : nil)
        join["dialIn"] = .optional(shown ? g.dialIn : nil)
        join["dialInTel"] = .optional(shown ? g.dialIn.map { "tel:" + $0.filter { $0.isNumber || $0 == "+" || $0 == "," } } : nil)
        let email = g.contactEmail ?? d.organization.email
        let phone = g.contactPhone ?? d.organization.phone
        join["email"] = .optional(email)
        join["phone"] = .optional(phone)
        join["phoneTel"] = .optional(phone.map { "tel:" + $0.filter { $0.isNumber || $0 == "+" } })
        return .object(join)
    }

    /// What to expect, in short sentences: how to join, who may come, camera, childcare, ASL, seats,
    /// and the group's own note about a first meeting.
    static func expect(_ d: GroupDetails, words: Wording, note: GroupTexts.Text) -> TemplateValue {
        let g = d.group
        let t = words.catalogue
        var facts: [String] = []
        facts.append(t.text(g.joinMode == .registration ? "group.expect_sign_up" : "group.expect_drop_in"))
        facts.append(t.text(g.openTo == .livedExperience ? "group.expect_lived" : "group.expect_anyone"))
        if g.format == .online || g.format == .hybrid {
            facts.append(t.text(g.cameraOptional ? "group.expect_camera_off" : "group.expect_camera_on"))
        }
        if g.childcare { facts.append(t.text("group.expect_childcare")) }
        if g.aslInterpretation || (d.location?.aslAvailable ?? false) { facts.append(t.text("group.expect_asl")) }
        if let capacity = g.capacity {
            let places = ["capacity": String(capacity)]
            if let seats = g.openSeats {
                facts.append(seats == 0 ? t.text("group.expect_full", places) : t.plural("group.expect_seats", count: seats, places))
            } else {
                facts.append(t.text("group.expect_up_to", places))
            }
        }
        return ["facts": .list(facts.map { .text($0) }), "firstMeeting": note.value, "firstMeetingLang": note.lang]
    }

    static func place(_ d: GroupDetails, words: Wording) -> TemplateValue {
        let g = d.group
        guard let l = d.location else {
            return [
                "online": .bool(g.format == .online), "phone": .bool(g.format == .phone), "hybrid": .bool(g.format == .hybrid),
                "physical": false, "name": "", "address": false, "cityLine": false, "access": [], "hasAccess": false,
                "notes": false, "directions": false, "mapUrl": false, "approximate": false,
            ]
        }
        var access: [String] = []
        let t = words.catalogue
        if l.wheelchairAccessible { access.append(t.text(l.kind == .online ? "group.access_assistive" : "group.access_wheelchair")) }
        if l.aslAvailable { access.append(t.text("group.access_asl")) }
        if l.parking { access.append(t.text("group.access_parking")) }
        if l.nearTransit { access.append(t.text("group.access_transit")) }
        var cityLine = l.city ?? ""
        if let state = l.state, !state.isEmpty { cityLine += cityLine.isEmpty ? state : ", \(state)" }
        if let zip = l.zip, !zip.isEmpty { cityLine += " \(zip)" }
        var map: String?
        if let lat = l.latitude, let lng = l.longitude, g.format != .online, g.format != .phone {
            map = "https://www.openstreetmap.org/?mlat=\(lat)&mlon=\(lng)#map=17/\(lat)/\(lng)"
        }
        let virtual = l.kind == .online || l.kind == .phone || l.address == nil
        return [
            "online": .bool(g.format == .online),
            "phone": .bool(g.format == .phone),
            "hybrid": .bool(g.format == .hybrid),
            "physical": .bool(!virtual && g.format != .online && g.format != .phone),
            "name": .text(l.name),
            "address": .optional(l.address),
            "cityLine": .optional(cityLine),
            "access": .list(access.map { .text($0) }),
            "hasAccess": .bool(!access.isEmpty),
            "notes": .optional(l.accessibilityNotes),
            "directions": .optional(l.directions),
            "mapUrl": .optional(map),
            // Placed at its ZIP code's or town's centre: "near 80202".
            "approximate": l.coordinatesApproximate ? .text(l.zip ?? l.city ?? t.text("group.the_town")) : false,
        ]
    }

    static func facilitator(_ f: FacilitatorRecord, trainings: [TrainingRecord], now: Date, words: Wording) -> TemplateValue {
        let today = String(Timestamp.format(now).prefix(10))
        let current = trainings.filter { ($0.expiresOn ?? "9999") >= today }
        // Free text of the organization's (not a vocabulary): each in an element of its own, for its `lang`
        // (the page's `ownLang`), the catalogue's "and" between them.
        let lived = words.listPieces(JSONList.decode(f.livedExperience))
        let languages = JSONList.decode(f.languages).map(words.language)
        return [
            "name": .text(f.displayName),
            "bio": .optional(f.bio),
            "hasLived": .bool(!lived.isEmpty),
            "lived": .list(lived.map { ["text": .text($0.text), "after": .text($0.after)] }),
            "languages": .optional(languages.isEmpty ? nil : words.list(languages)),
            "hasTrainings": .bool(!current.isEmpty),
            "trainings": .list(
                current.map { t in
                    var text = t.name
                    if !t.issuer.isEmpty { text += ", " + t.issuer }
                    if let year = t.completedOn?.prefix(4) { text += " (\(year))" }
                    return .text(text)
                }),
        ]
    }

    static func feedback(_ ratings: RatingSummary, comments: [FeedbackRecord], words: Wording) -> TemplateValue {
        var value: [String: TemplateValue] = [
            "hasRatings": .bool(ratings.count > 0),
            "comments": .list(
                comments.map { c in
                    let month = Int(c.createdAt.day.dropFirst(5).prefix(2)) ?? 1
                    return [
                        "text": .text(c.comment), "rating": .text(String(c.rating)),
                        "when": .text(words.catalogue.text("dates.month_year", ["month": words.month(month), "year": String(c.createdAt.day.prefix(4))])),
                    ]
                }),
        ]
        if let average = ratings.average {
            value["average"] = .text(String(format: "%.1f", average))
            value["count"] = .text(words.catalogue.plural("group.ratings", count: ratings.count))
            value["stars"] = .text(String(repeating: "★", count: Int(average.rounded())) + String(repeating: "☆", count: 5 - Int(average.rounded())))
        }
        return .object(value)
    }

    static func organization(_ o: OrganizationRecord) -> TemplateValue {
        [
            "name": .text(o.name),
            "description": .optional(o.description),
            "website": .optional(Words.safeURL(o.website)),
            "email": .optional(o.email),
            "phone": .optional(o.phone),
            "phoneTel": .optional(o.phone.map { "tel:" + $0.filter { $0.isNumber || $0 == "+" } }),
        ]
    }

    /// schema.org: the organization that runs the group, and an Event per coming meeting, as Google's
    /// Event rules read them: the attendance mode follows the places the meeting really has (a `Place`
    /// with its address, a `VirtualLocation`, or both for a mixed one); a meeting moved to a new time is
    /// `EventRescheduled` with `previousStartDate`, one moved online at its usual time `EventMovedOnline`.
    static func jsonLD(_ d: GroupDetails, upcoming: [FoundMeeting], origin: String, now: Date) -> HTML {
        let g = d.group
        let o = d.organization
        let orgId = origin + "/groups/\(g.slug)#organization"
        var organization: [String: Any] = ["@type": "Organization", "@id": orgId, "name": o.name]
        if !o.description.isEmpty { organization["description"] = o.description }
        if let website = Words.safeURL(o.website) { organization["url"] = website }
        if let email = o.email { organization["email"] = email }
        if let phone = o.phone { organization["telephone"] = phone }
        var graph: [Any] = [organization]
        for m in upcoming {
            let occurrence = m.occurrence
            var event: [String: Any] = [
                "@type": "Event",
                "name": g.name,
                "url": origin + "/groups/\(g.slug)",
                "startDate": Words.isoLocal(occurrence.start, zone: occurrence.timeZone),
                "endDate": Words.isoLocal(occurrence.end, zone: occurrence.timeZone),
                "organizer": ["@id": orgId],
                "isAccessibleForFree": g.isFree,
            ]
            if !g.summary.isEmpty { event["description"] = g.summary }
            let place = d.place(of: m)
            let physical = place.flatMap { $0.kind.isVirtual ? nil : $0 }
            // A meeting moved to an online or phone "place" is online, whatever the group's usual format.
            let movedOnline = occurrence.status == .moved && place?.kind.isVirtual == true && g.format != .online && g.format != .phone
            var locations: [Any] = []
            if let physical, !movedOnline {
                var postal: [String: Any] = ["@type": "PostalAddress", "addressCountry": physical.country]
                if let address = physical.address { postal["streetAddress"] = address }
                if let city = physical.city { postal["addressLocality"] = city }
                if let state = physical.state { postal["addressRegion"] = state }
                if let zip = physical.zip { postal["postalCode"] = zip }
                locations.append(["@type": "Place", "name": physical.name, "address": postal])
            }
            if g.format != .inPerson || movedOnline || (physical == nil && place != nil) {
                var virtual: [String: Any] = ["@type": "VirtualLocation"]
                virtual["url"] = (!g.onlineDetailsPrivate ? Words.safeURL(g.onlineUrl) : nil) ?? origin + "/groups/\(g.slug)"
                locations.append(virtual)
            }
            if locations.count == 1 { event["location"] = locations[0] } else if !locations.isEmpty { event["location"] = locations }
            let hasPlace = locations.contains { ($0 as? [String: Any])?["@type"] as? String == "Place" }
            let hasVirtual = locations.contains { ($0 as? [String: Any])?["@type"] as? String == "VirtualLocation" }
            event["eventAttendanceMode"] =
                hasPlace && hasVirtual
                ? "https://schema.org/MixedEventAttendanceMode"
                : hasPlace || locations.isEmpty ? "https://schema.org/OfflineEventAttendanceMode" : "https://schema.org/OnlineEventAttendanceMode"
            switch occurrence.status {
            case .cancelled: event["eventStatus"] = "https://schema.org/EventCancelled"
            case .moved where occurrence.start != occurrence.originalStart:
                event["eventStatus"] = "https://schema.org/EventRescheduled"
                event["previousStartDate"] = Words.isoLocal(occurrence.originalStart, zone: occurrence.timeZone)
            case .moved where movedOnline: event["eventStatus"] = "https://schema.org/EventMovedOnline"
            case .moved, .scheduled: event["eventStatus"] = "https://schema.org/EventScheduled"
            }
            graph.append(event)
        }
        return HTML.jsonLD(["@context": "https://schema.org", "@graph": graph])
    }
}
