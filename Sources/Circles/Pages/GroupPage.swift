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
        // The calendar of a group lives with the other feeds; this address forwards to it.
        if slug.hasSuffix(".ics"), FieldRules.slug(String(slug.dropLast(4))) == nil {
            var response = Response.redirect(to: "/calendars/groups/\(slug)", status: 301)
            response.headers.add("Cache-Control", "public, max-age=86400")
            return response
        }
        guard FieldRules.slug(slug) == nil, let id = try site.database.groupId(slug: slug),
            let d = try site.database.groupDetails(id: id)
        else {
            return try site.notFound(
                request, heading: "We couldn’t find that group",
                message: "There is no group at this address. It may have a new name, or the link may be mistyped. Search for it, or for another group like it.")
        }
        let topics = try site.database.topics()
        let extras = try site.database.groupPageExtras(groupId: d.group.id!, facilitatorIds: d.facilitators.map { $0.id! })
        let now = Date()
        let g = d.group
        let address = site.address(request)
        let origin = address.origin
        let pagePath = "/groups/\(g.slug)"
        let topicNames = Dictionary(uniqueKeysWithValues: topics.map { ($0.slug, $0.name) })

        var context: [String: TemplateValue] = [
            "name": .text(g.name),
            "contentLang": .optional(GroupCard.contentLanguage(d)),
            "slug": .text(g.slug),
            "organization": .text(d.organization.name),
            "summary": .optional(g.summary),
            "paragraphs": .list(Self.paragraphs(g.description).map { .text($0) }),
            "topics": .list(d.links.topics.map { ["name": .text(topicNames[$0] ?? $0), "url": .text("/topics/\($0)")] }),
            "format": .text(g.format.label),
            "audiences": .text(Words.list(d.links.audiences.map(\.label))),
            "languages": .text(Words.list(d.links.languages.map(Words.language))),
            "cost": .text(g.isFree ? "Free" : (g.cost.isEmpty ? "There is a cost: ask the organization" : g.cost)),
            "active": .bool(g.status == .active),
            "paused": .bool(g.status == .paused),
            "archived": .bool(g.status == .archived),
            "referUrl": .text("/refer?group=\(g.slug)"),
            "icsUrl": .text("/calendars\(pagePath).ics"),
            "webcalUrl": .text(address.origin(scheme: "webcal") + "/calendars\(pagePath).ics"),
            "pageUrl": .text(origin + pagePath),
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
        context["schedules"] = .list(Self.schedules(d, now: now))
        context["dates"] = .list(upcoming.map { Self.date($0, d, now: now) })
        context["next"] = false
        // The same meeting as the API's next_meeting: one happening now, else the next that is not cancelled.
        let nextMeeting = g.status == .active ? MeetingFinder.next(for: d, after: now) : nil
        if let next = nextMeeting {
            var words = MeetingWords(next, group: d, now: now).context
            if case .object(var fields) = words {
                fields["full"] = .text(Self.fullDate(next.occurrence, now: now))
                words = .object(fields)
            }
            context["next"] = words
        }
        context["zoneName"] = .text(Words.timeZone(g.timeZone))
        context["firstPlace"] = Self.firstPlace(d, next: nextMeeting)
        context["firstJoin"] = Self.firstJoin(d)

        context["join"] = Self.join(d)
        context["place"] = Self.place(d)
        context["facilitators"] = .list(d.facilitators.map { Self.facilitator($0, trainings: extras.trainings[$0.id!] ?? [], now: now) })
        context["feedback"] = Self.feedback(extras.ratings, comments: extras.comments)
        context["organizationInfo"] = Self.organization(d.organization)
        context["expect"] = Self.expect(d)
        context["stale"] = g.status == .archived ? false : .optional(site.api.freshness.note(g, now: now))
        context["confirmedOn"] = .optional(g.lastConfirmedAt.flatMap { site.api.freshness.isStale(g, now: now) ? nil : Words.confirmedOn($0) })
        context["full"] = .bool(g.status == .active && GroupSeats.isFull(g))
        context["correctionUrl"] = .text("/api/v1/groups/\(g.id!)/change-requests")
        let formState = form ?? GroupFormState(sent: request)
        context["feedbackForm"] = GroupFormState.context(
            formState, form: .feedback, fields: ["rating", "comment"],
            sentText: "Thank you. Your rating and comment appear after the group’s organization reviews them.")
        context["correctionForm"] = GroupFormState.context(
            formState, form: .correction, fields: ["kind", "proposed_value", "details", "reply_email"],
            sentText: "Thank you. \(d.organization.name) will look at it.")
        let chosenRating = formState?.form == .feedback ? formState?.values["rating"] : nil
        context["ratings"] = .list(
            [("5", "5, very good"), ("4", "4"), ("3", "3"), ("2", "2"), ("1", "1, not good")].map {
                ["value": .text($0.0), "label": .text($0.1), "checked": .bool($0.0 == chosenRating)]
            })
        let chosenKind = formState?.form == .correction ? formState?.values["kind"] : nil
        context["changeRequestKinds"] = .list(
            VocabularyWords.labels(ChangeRequestKind.allCases).map {
                ["value": .text($0.code), "label": .text($0.label), "checked": .bool($0.code == chosenKind)]
            })

        let description =
            g.summary.isEmpty
            ? "\(g.name): a peer support group run by \(d.organization.name). See when and where it meets, who leads it and how to join."
            : g.summary
        var title = "\(g.name) — Circles"
        if g.status == .archived { title = "\(g.name) (no longer meets) — Circles" }
        let shell = PageShell(
            title: title, description: String(description.prefix(300)), canonical: pagePath, section: nil,
            alternates: [
                ("application/json", "/api/v1/groups/\(g.id!)", "This group as JSON"),
                ("text/calendar", "/calendars\(pagePath).ics", "Meetings of this group (iCalendar)"),
            ]
                + (g.status == .archived
                    ? [] : [("application/json", "/hsds/services/\(HSDSIdentifier.make(.service, g.id!))", "This group as an Open Referral HSDS 3 service")]),
            jsonLD: GroupPage.jsonLD(d, upcoming: upcoming, origin: origin, now: now),
            scripts: ["/js/local-time.js", "/js/send-form.js", "/js/feedback.js", "/js/correction.js"], noindex: g.status == .archived, bodyClass: "page-group")
        return try site.page("group", context, shell: shell, request: request, status: status)
    }

    /// "Tuesday, December 8, 6:30 pm" (with the year only when it is not this year's), "Today, 6:30 pm".
    static func fullDate(_ o: Occurrence, now: Date) -> String {
        let today = Recurrence.ianaTimeZone(o.timeZone).map { ZonedTime(timeZone: $0).localDateAndTime(at: now).date } ?? o.date
        let prefix =
            switch today.days(to: o.date) {
            case 0: "Today, "
            case 1: "Tomorrow, "
            default: ""
            }
        return "\(prefix)\(o.date.weekday.englishName), \(Words.shortDate(o.date, today: today)), \(o.startTime.englishText)"
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

    static func schedules(_ d: GroupDetails, now: Date) -> [TemplateValue] {
        d.schedules.compactMap { s -> TemplateValue? in
            guard let r = ScheduleMapping.recurrence(s), let zone = Recurrence.ianaTimeZone(r.timeZone) else { return nil }
            let today = ZonedTime(timeZone: zone).localDateAndTime(at: now).date
            if let last = r.lastPossibleDate, last < today { return nil }
            let endMinutes = (r.startTime.minutesSinceMidnight + r.durationMinutes) % 1440
            let end = LocalTime(hour: endMinutes / 60, minute: endMinutes % 60)!
            var place: String?
            if let id = s.locationId, id != d.group.locationId, let l = d.scheduleLocations[id] { place = l.name + (l.address.map { ", \($0)" } ?? "") }
            return [
                "words": .text(r.englishDescription),
                "hours": .text("\(r.startTime.englishText) to \(end.englishText), \(Words.timeZone(r.timeZone))"),
                "notes": .optional(s.notes),
                "at": .optional(place),
            ]
        }
    }

    static func date(_ m: FoundMeeting, _ d: GroupDetails, now: Date) -> TemplateValue {
        let o = m.occurrence
        guard let zone = Recurrence.ianaTimeZone(o.timeZone) else { return [:] }
        let today = ZonedTime(timeZone: zone).localDateAndTime(at: now).date
        var item: [String: TemplateValue] = [
            "day": .text(o.date.weekday.englishName + ", " + Words.shortDate(o.date, today: today)),
            "time": .text(o.startTime.englishText),
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
                "\(o.originalDate.weekday.englishName), \(Words.shortDate(o.originalDate, today: today)) at \(recurrence.startTime.englishText)")
        }
        if let l = d.otherPlace(of: m) {
            item["at"] = .text(l.kind == .online ? l.kind.label : l.name + (l.address.map { ", \($0)" } ?? ""))
        }
        return .object(item)
    }

    /// Where the next meeting is, on the first screen: the place (the one it moved to, if it did), directions
    /// (a `geo:` link for the phone's map app, an OpenStreetMap link) and access in one line. Nothing for
    /// groups that meet only online or by phone, whose first screen has the way to join instead.
    static func firstPlace(_ d: GroupDetails, next: FoundMeeting?) -> TemplateValue {
        let g = d.group
        guard g.format == .inPerson || g.format == .hybrid, let l = next.flatMap({ d.place(of: $0) }) ?? d.location,
            l.kind != .online, l.kind != .phone
        else { return false }
        var line = [l.address, l.city].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: ", ")
        if g.format == .hybrid { line += line.isEmpty ? "and online" : ", and online" }
        var access: [String] = []
        if l.wheelchairAccessible { access.append("Wheelchair accessible") }
        if l.aslAvailable { access.append("ASL interpretation") }
        if l.parking { access.append("Parking nearby") }
        if l.nearTransit { access.append("Near public transit") }
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
        if !g.onlineDetailsPrivate {
            join["onlineUrl"] = .optional(Words.safeURL(g.onlineUrl))
            join["dialIn"] = .optional(g.dialIn)
            join["dialInTel"] = .optional(g.dialIn.map { "tel:" + $0.filter { $0.isNumber || $0 == "+" || $0 == "," } })
        }
        let email = g.contactEmail ?? d.organization.email
        let phone = g.contactPhone ?? d.organization.phone
        join["email"] = .optional(email)
        join["phone"] = .optional(phone)
        join["phoneTel"] = .optional(phone.map { "tel:" + $0.filter { $0.isNumber || $0 == "+" } })
        return .object(join)
    }

    /// What to expect, in short sentences: how to join, who may come, camera, childcare, ASL, seats,
    /// and the group's own note about a first meeting.
    static func expect(_ d: GroupDetails) -> TemplateValue {
        let g = d.group
        var facts: [String] = []
        facts.append(g.joinMode == .registration ? "Sign up before your first meeting." : "Drop in: no need to sign up.")
        facts.append(
            g.openTo == .livedExperience
                ? "Only for people who live with this themselves (not for family, friends or professionals)."
                : "Open to anyone who wants to come.")
        if g.format == .online || g.format == .hybrid {
            facts.append(g.cameraOptional ? "Online, your camera can stay off." : "Online, the group asks members to turn their camera on.")
        }
        if g.childcare { facts.append("Childcare is offered during meetings.") }
        if g.aslInterpretation || (d.location?.aslAvailable ?? false) { facts.append("American Sign Language (ASL) interpretation.") }
        if let capacity = g.capacity {
            if let seats = g.openSeats {
                facts.append(
                    seats == 0
                        ? "Full: all \(capacity) places are taken right now."
                        : "\(Words.count(seats, "open seat")) of \(capacity) places.")
            } else {
                facts.append("Up to \(capacity) people.")
            }
        }
        return ["facts": .list(facts.map { .text($0) }), "firstMeeting": .optional(g.firstMeetingNote)]
    }

    static func place(_ d: GroupDetails) -> TemplateValue {
        let g = d.group
        guard let l = d.location else {
            return [
                "online": .bool(g.format == .online), "phone": .bool(g.format == .phone), "hybrid": .bool(g.format == .hybrid),
                "physical": false, "name": "", "address": false, "cityLine": false, "access": [], "hasAccess": false,
                "notes": false, "directions": false, "mapUrl": false, "approximate": false,
            ]
        }
        var access: [String] = []
        if l.wheelchairAccessible { access.append(l.kind == .online ? "Accessible for people using assistive technology" : "Wheelchair accessible") }
        if l.aslAvailable { access.append("American Sign Language (ASL) interpretation") }
        if l.parking { access.append("Parking nearby") }
        if l.nearTransit { access.append("Near public transit") }
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
            "approximate": l.coordinatesApproximate ? .text("near " + (l.zip ?? l.city ?? "the town")) : false,
        ]
    }

    static func facilitator(_ f: FacilitatorRecord, trainings: [TrainingRecord], now: Date) -> TemplateValue {
        let today = String(Timestamp.format(now).prefix(10))
        let current = trainings.filter { ($0.expiresOn ?? "9999") >= today }
        let lived = JSONList.decode(f.livedExperience)
        let languages = JSONList.decode(f.languages).map { Words.language($0).components(separatedBy: " (")[0] }
        return [
            "name": .text(f.displayName),
            "bio": .optional(f.bio),
            "lived": .optional(lived.isEmpty ? nil : Words.list(lived)),
            "languages": .optional(languages.isEmpty ? nil : Words.list(languages)),
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

    static func feedback(_ ratings: RatingSummary, comments: [FeedbackRecord]) -> TemplateValue {
        var value: [String: TemplateValue] = [
            "hasRatings": .bool(ratings.count > 0),
            "comments": .list(
                comments.map { c in
                    let month = Int(c.createdAt.day.dropFirst(5).prefix(2)) ?? 1
                    return [
                        "text": .text(c.comment), "rating": .text(String(c.rating)),
                        "when": .text("\(LocalDate.englishMonths[max(0, min(11, month - 1))]) \(c.createdAt.day.prefix(4))"),
                    ]
                }),
        ]
        if let average = ratings.average {
            value["average"] = .text(String(format: "%.1f", average))
            value["count"] = .text(Words.count(ratings.count, "rating"))
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

    /// schema.org: the organization that runs the group, and an Event per coming meeting.
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
        let mode: String =
            switch g.format {
            case .online, .phone: "https://schema.org/OnlineEventAttendanceMode"
            case .hybrid: "https://schema.org/MixedEventAttendanceMode"
            case .inPerson: "https://schema.org/OfflineEventAttendanceMode"
            }
        for m in upcoming {
            let occurrence = m.occurrence
            var event: [String: Any] = [
                "@type": "Event",
                "name": g.name,
                "url": origin + "/groups/\(g.slug)",
                "startDate": Words.isoLocal(occurrence.start, zone: occurrence.timeZone),
                "endDate": Words.isoLocal(occurrence.end, zone: occurrence.timeZone),
                "eventAttendanceMode": mode,
                "organizer": ["@id": orgId],
                "isAccessibleForFree": g.isFree,
            ]
            switch occurrence.status {
            case .cancelled: event["eventStatus"] = "https://schema.org/EventCancelled"
            case .moved:
                event["eventStatus"] = "https://schema.org/EventRescheduled"
                event["previousStartDate"] = Words.isoLocal(occurrence.originalStart, zone: occurrence.timeZone)
            case .scheduled: event["eventStatus"] = "https://schema.org/EventScheduled"
            }
            if !g.summary.isEmpty { event["description"] = g.summary }
            let place = d.place(of: m)
            var locations: [Any] = []
            if let place, place.kind != .online, place.kind != .phone, let address = place.address {
                var postal: [String: Any] = ["@type": "PostalAddress", "streetAddress": address, "addressCountry": place.country]
                if let city = place.city { postal["addressLocality"] = city }
                if let state = place.state { postal["addressRegion"] = state }
                if let zip = place.zip { postal["postalCode"] = zip }
                locations.append(["@type": "Place", "name": place.name, "address": postal])
            }
            if g.format != .inPerson {
                var virtual: [String: Any] = ["@type": "VirtualLocation"]
                virtual["url"] = (!g.onlineDetailsPrivate ? Words.safeURL(g.onlineUrl) : nil) ?? origin + "/groups/\(g.slug)"
                locations.append(virtual)
            }
            if locations.count == 1 { event["location"] = locations[0] } else if !locations.isEmpty { event["location"] = locations }
            graph.append(event)
        }
        return HTML.jsonLD(["@context": "https://schema.org", "@graph": graph])
    }
}
