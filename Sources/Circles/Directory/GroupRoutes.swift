import Foundation
import GroupViews
import HTTPServer
import Places
import Schedules
import Store

/// Groups: search (answered from `SearchCache` while nothing changed), read by id or slug, create,
/// update, delete. Every `/api/v1/groups…` route of a group's own record lives here.
struct GroupRoutes: RouteCollection {
    static let fields: Set<String> = [
        "organization_id", "location_id", "slug", "name", "summary", "description", "topics", "tags",
        "audiences", "format", "languages", "is_free", "cost", "join_mode", "registration_url", "online_url",
        "dial_in", "online_details_private", "contact_email", "contact_phone", "status", "time_zone", "facilitator_ids",
        "open_to", "camera_optional", "childcare", "asl_interpretation", "first_meeting_note", "capacity", "open_seats",
        "content_language", "translations",
    ]

    let api: API
    let cache: SearchCache
    let watch: DirectoryGenerationWatch?

    init(_ context: RouteContext) {
        api = context.api
        cache = api.searchCache
        watch = api.generationWatch
    }

    static let routes: [Route<Self>] = [
        .get("/api/v1/groups", .identified, Self.search, execution: .computePool, eventLoopWhen: Self.answeredFromMemory),
        .get("/api/v1/groups/by-slug/:slug", .identified, Self.readBySlug),
        .get("/api/v1/groups/:id", .identified, Self.read),
        .post("/api/v1/groups", .managesOrganization, Self.create),
        .patch("/api/v1/groups/:id", .managesOrganization, Self.update),
        .delete("/api/v1/groups/:id", .managesOrganization, Self.delete),
    ]

    /// Whether a search is answered on the event loop: a public search whose answer is cached comes from
    /// memory, and handing it to a worker and back would cost more than the rest. Not when the client
    /// takes gzip: compressing ~50 KB would hold the loop up (the worker pool does it).
    func answeredFromMemory(_ head: RequestHead) -> Bool {
        guard let watch, head.headers["Authorization"] == nil, !Gzip.accepts(head.headers["Accept-Encoding"]),
            !head.headers.values("Cookie").contains(where: { $0.contains(Sessions.cookieName) })
        else { return false }
        let language = api.catalogues.negotiate(head.headers["Accept-Language"]) ?? api.catalogues.english
        return cache.body(for: Self.cacheKey(head.rawQuery, language), generation: watch.current, now: Date()) != nil
    }

    /// The cache key of a search: its query, and the language of its labels when not English.
    static func cacheKey(_ rawQuery: String, _ language: Catalogue) -> String {
        language.code == "en" ? rawQuery : language.code + "\n" + rawQuery
    }

    func search(_ request: Request, _ caller: Principal) throws -> Response {
        var place: PlaceMatch?
        var (query, position) = try searchQuery(request, place: &place)
        // Public searches are answered from the cache while the directory and the next meetings are unchanged.
        let cacheable = watch != nil && caller.role == .anonymous
        let now = Date()
        query.staleBefore = api.freshness.cutoff(now)
        let generation = watch?.current ?? 0
        let language = api.language(request)
        let key = Self.cacheKey(request.head.rawQuery, language)
        if cacheable, let body = cache.body(for: key, generation: generation, now: now) {
            return API.labelled(Self.searchResponse(body), language)
        }
        let found = try API.store {
            try SearchPageGroups.find(
                query, after: position, caller: caller, words: Wording(language), now: now,
                in: api.database, kept: api.groupJSONCache, freshness: api.freshness)
        }
        let next = found.next.map { Cursor.nextLink(request, cursor: Cursor.encode($0)) }
        let body = SearchPageJSON.encode(found.groups, next: next, place: Self.answerPlace(place, radiusKm: query.radiusKm))
        if cacheable {
            cache.store(body, for: key, generation: generation, expires: SearchCache.deadline(now: now, nextMeetings: [found.expires]))
        }
        return API.labelled(Self.searchResponse(body), language)
    }

    /// The same answer as GET /api/v1/groups/:id, for pages that only know the slug from their URL.
    func readBySlug(_ request: Request, _ caller: Principal) throws -> Response {
        let slug = request.parameter("slug")
        guard FieldRules.slug(slug) == nil, let details = try api.database.groupDetails(slug: slug) else {
            throw HTTPError.notFound("No group with that slug.")
        }
        return try answer(details, request, caller)
    }

    func read(_ request: Request, _ caller: Principal) throws -> Response {
        guard let details = try api.database.groupDetails(id: try API.id(request)) else { throw HTTPError.notFound("No group with that id.") }
        return try answer(details, request, caller)
    }

    /// A group as GET answers it: its labels in the language of `Accept-Language`.
    private func answer(_ details: GroupDetails, _ request: Request, _ caller: Principal) throws -> Response {
        let language = api.language(request)
        let view = GroupView(details, principal: caller, now: Date(), freshness: api.freshness)
            .withWarnings(details, principal: caller).localized(details, Wording(language))
        return API.labelled(
            try API.json(view, version: details.group.version, caller: caller, language: language.code), language)
    }

    func create(_ request: Request, _ caller: Principal) throws -> Response {
        var body = try JSONBody(request)
        body.rejectUnknown(Self.fields)
        var organizationId: Int64 = 0
        body.identifier("organization_id", into: &organizationId, required: true)
        // Access is decided before validation, so that nobody learns about another organization's rules.
        if organizationId > 0 { try API.requireManage(caller, organizationId: organizationId) }
        var group = GroupRecord(organizationId: organizationId, slug: "", name: "", format: .inPerson, timeZone: "")
        var links = GroupLinks()
        Self.apply(&body, to: &group, links: &links, creating: true)
        // A slug made from the name gets a number when another group has it already.
        let slugBase = body.has("slug") ? nil : FieldRules.slugify(group.name)
        try body.finish()
        try API.requireManage(caller, organizationId: organizationId)
        return try api.create(request, principal: caller) { claim in
            try api.database.createGroup(group, links: links, slugBase: slugBase, claim: claim) { details in
                StoredResponse(
                    status: 201, location: "/api/v1/groups/\(details.group.id!)",
                    body: try API.encode(GroupView(details, principal: caller, now: Date(), freshness: api.freshness).withWarnings(details, principal: caller)))
            }
        }
    }

    func update(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        let expected = try API.expectedVersion(request)
        var body = try JSONBody(request)
        body.rejectUnknown(Self.fields.subtracting(["organization_id"]))
        if body.has("organization_id") { body.fail("organization_id", "cannot be changed") }
        let details = try API.store {
            try VersionedChange.write(
                expected: expected, read: { try api.database.groupDetails(id: id) },
                version: \.group.version
            ) { current, version in
                try API.requireManage(caller, organizationId: current.group.organizationId)
                var group = current.group
                var links = current.links
                var changes = body
                Self.apply(&changes, to: &group, links: &links, creating: false)
                try changes.finish()
                return try api.database.updateGroup(group, links: links, expectedVersion: version)
            }
        }
        return try API.json(
            GroupView(details, principal: caller, now: Date(), freshness: api.freshness).withWarnings(details, principal: caller),
            version: details.group.version, caller: caller)
    }

    func delete(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        let expected = try API.expectedVersion(request)
        try API.store { try api.database.deleteGroup(id: id, expected: expected, mayManage: { caller.canManage(organizationId: $0) }) }
        return .empty(status: 204)
    }

    /// A search answer: the same headers as `API.json` gives a list.
    static func searchResponse(_ body: [UInt8]) -> Response {
        var response = Response.json(body)
        response.headers.add("Cache-Control", "no-cache")
        return response
    }

    /// A place from `where`: a ZIP code or a town is a point to measure distances from, a state a filter;
    /// a name several states share, or one nobody knows, is refused with the choices.
    static func apply(_ place: PlaceMatch?, to query: inout GroupQuery, _ reader: inout QueryReader) {
        switch place {
        case nil: break
        case .zip, .town:
            if query.near != nil { reader.fail("where", "cannot be given with near: give one of them") }
            query.near = place?.point
        case .state(let code):
            if let state = query.state, state != code { reader.fail("where", "names \(code), but state is \(state)") }
            query.state = code
        case .ambiguous(let towns):
            let labels = towns.prefix(12).map(\.label)
            reader.fail("where", "names a town in several states (\(labels.joined(separator: "; "))): add the state, as in “\(labels[0])”")
        case .unknown(let suggestions):
            let hint = suggestions.isEmpty ? "" : "; did you mean \(suggestions.map { "“\($0.label)”" }.joined(separator: " or "))?"
            reader.fail("where", "is not a US ZIP code, town or state we know\(hint)")
        }
    }

    /// The place `where` settled on, as the answer's `place`: nil without `where`, so that the answer is
    /// then what it always was.
    static func answerPlace(_ place: PlaceMatch?, radiusKm: Double) -> SearchPlace? {
        guard let place, let label = place.label else { return nil }
        return switch place {
        case .zip(let z): SearchPlace(label: label, name: z.city, state: z.state, zip: z.code, latitude: z.latitude, longitude: z.longitude, radiusKm: radiusKm)
        case .town(let t, _): SearchPlace(label: label, name: t.name, state: t.state, latitude: t.latitude, longitude: t.longitude, radiusKm: radiusKm)
        case .state(let code): SearchPlace(label: label, name: label, state: code)
        case .ambiguous, .unknown: nil
        }
    }

    /// Ends reading a search's query string (`QueryReader.finish`). When `where` named no one place, the
    /// 400 also gives, as data, the places it may mean (`candidates`: the towns of a shared name, or the
    /// closest spellings), each with the `label` to send back as `where`; the message says the same in English.
    static func finish(_ reader: inout QueryReader, place: PlaceMatch?) throws {
        do {
            try reader.finish()
        } catch var error as HTTPError {
            let towns: [Town]
            switch place {
            case .ambiguous(let found): towns = found
            case .unknown(let suggestions): towns = suggestions
            default: throw error
            }
            guard error.errors.contains(where: { $0.field == "where" }) else { throw error }
            let candidates = Array(towns.prefix(Self.candidateLimit))
            error.extensions = { json in
                json.fieldArray("candidates", candidates) { json, town in
                    json.object {
                        $0.field("label", town.label)
                        $0.key("latitude")
                        $0.value(town.latitude)
                        $0.key("longitude")
                        $0.value(town.longitude)
                        $0.field("name", town.name)
                        $0.field("state", town.state)
                    }
                }
            }
            throw error
        }
    }

    /// At most this many candidates (as many as the search page offers).
    static let candidateLimit = 24

    /// Copies a body's fields onto a group and its links.
    static func apply(_ body: inout JSONBody, to g: inout GroupRecord, links: inout GroupLinks, creating: Bool) {
        body.text("name", into: &g.name, required: creating, max: 150)
        if body.has("slug") {
            var slug = ""
            body.text("slug", into: &slug, max: 80)
            if let problem = FieldRules.slug(slug) { body.fail("slug", problem) } else { g.slug = slug }
        }
        body.text("summary", into: &g.summary, max: 300, allowEmpty: true)
        body.text("description", into: &g.description, max: 5000, allowEmpty: true)
        body.choice("format", into: &g.format, required: creating)
        body.flag("is_free", into: &g.isFree)
        body.text("cost", into: &g.cost, max: 200, allowEmpty: true)
        body.choice("join_mode", into: &g.joinMode)
        body.optionalText("registration_url", into: &g.registrationUrl, max: 500, validate: FieldRules.url)
        body.optionalText("online_url", into: &g.onlineUrl, max: 500, validate: FieldRules.url)
        body.optionalText("dial_in", into: &g.dialIn, max: 200, validate: DialInNumber.problem)
        body.flag("online_details_private", into: &g.onlineDetailsPrivate)
        body.optionalText("contact_email", into: &g.contactEmail, max: 200, validate: FieldRules.email)
        body.optionalText("contact_phone", into: &g.contactPhone, max: 40, validate: FieldRules.phone)
        body.choice("status", into: &g.status)
        var zone = g.timeZone
        body.text("time_zone", into: &zone, required: creating, max: 64)
        if body.has("time_zone") { if let problem = FieldRules.timeZone(zone) { body.fail("time_zone", problem) } else { g.timeZone = zone } }
        body.optionalIdentifier("location_id", into: &g.locationId)
        body.textList("topics", into: &links.topics, maxCount: 10, maxLength: 80)
        body.textList("tags", into: &links.tags, maxCount: 30, maxLength: 80)
        body.list("audiences", into: &links.audiences, maxCount: 11)
        body.textList(
            "languages", into: &links.languages, maxCount: 10, maxLength: 20, validate: FieldRules.language, rule: "is not a language tag such as en or es")
        body.identifierList("facilitator_ids", into: &links.facilitatorIds)
        body.choice("open_to", into: &g.openTo)
        body.flag("camera_optional", into: &g.cameraOptional)
        body.flag("childcare", into: &g.childcare)
        body.flag("asl_interpretation", into: &g.aslInterpretation)
        body.text("first_meeting_note", into: &g.firstMeetingNote, max: 1000, allowEmpty: true)
        Self.applyLanguages(&body, to: &g, links: &links)
        let seatsBefore = (g.capacity, g.openSeats)
        body.optionalInteger("capacity", into: &g.capacity, range: 1...10_000)
        body.optionalInteger("open_seats", into: &g.openSeats, range: 0...10_000)
        if g.capacity == nil && !body.has("open_seats") { g.openSeats = nil }
        if let seats = g.openSeats {
            if let capacity = g.capacity, seats > capacity { body.fail("open_seats", "cannot be more than capacity (\(capacity))") }
            if g.capacity == nil { body.fail("open_seats", "needs a capacity: a group without a cap has no count of open seats") }
        }
        if seatsBefore != (g.capacity, g.openSeats) { g.seatsUpdatedAt = Timestamp.now() }
        if creating && !body.has("audiences") { links.audiences = [.everyone] }
        if creating && !body.has("languages") { links.languages = ["en"] }
        if (g.format == .online || g.format == .hybrid) && g.onlineUrl == nil && g.dialIn == nil {
            body.fail("online_url", "is required for an online or hybrid group (or give dial_in)")
        }
        if g.format == .phone && g.dialIn == nil {
            body.fail("dial_in", "is required for a phone group")
        }
        if g.joinMode == .registration && g.registrationUrl == nil && g.contactEmail == nil && g.contactPhone == nil {
            body.fail("registration_url", "or a contact_email or contact_phone is required when join_mode is registration")
        }
    }

    /// At most this many languages besides the group's own.
    static let maxTranslations = 10

    /// `content_language` and `translations` (`{"es": {"name": "…", "summary": "…"}}`, replacing the
    /// group's translations when given): each text by the rule of the group's own field, named as
    /// `translations.es.name`; no translation into the language the group writes in.
    static func applyLanguages(_ body: inout JSONBody, to g: inout GroupRecord, links: inout GroupLinks) {
        if body.has("content_language") {
            var code = ""
            let before = body.errors.count
            body.text("content_language", into: &code, max: 20)
            if body.errors.count == before {
                if ContentLanguage.isTag(code) {
                    g.contentLanguage = code
                } else {
                    body.fail("content_language", "must be a lowercase language tag such as en, es or es-mx")
                }
            }
        }
        if let raw = body.object["translations"] {
            guard let given = raw as? [String: Any] else {
                return body.fail("translations", "must be an object of texts by language, such as {\"es\": {\"name\": \"…\"}}")
            }
            if given.count > maxTranslations { return body.fail("translations", "may give at most \(maxTranslations) languages") }
            var translations: [GroupTranslation] = []
            for language in given.keys.sorted() {
                let field = "translations.\(language)"
                guard ContentLanguage.isTag(language) else {
                    body.fail(field, "is not a lowercase language tag such as es or es-mx")
                    continue
                }
                guard let texts = given[language] as? [String: Any] else {
                    body.fail(field, "must be an object of texts (name, summary, description, first_meeting_note)")
                    continue
                }
                var part = JSONBody(object: texts)
                part.rejectUnknown(Set(GroupTranslation.Field.allCases.map(\.rawValue)))
                var translation = GroupTranslation(language: language)
                for text in GroupTranslation.Field.allCases {
                    var value: String? = nil
                    part.optionalText(text.rawValue, into: &value, max: text.maxLength)
                    translation[text] = value
                }
                for error in part.errors { body.fail("\(field).\(error.field)", error.message) }
                if part.errors.isEmpty && !translation.isEmpty { translations.append(translation) }
            }
            links.translations = translations
        }
        for translation in links.translations where translation.language == g.contentLanguage {
            if body.has("translations") {
                body.fail(
                    "translations.\(translation.language)",
                    "is the language the group's own texts are written in (content_language): give these texts as the group's own")
            } else {
                body.fail(
                    "content_language",
                    "is a language the group has a translation into (translations.\(translation.language)): remove it, or give the texts as the group's own")
            }
        }
    }

    /// Translations as a body gives them (`{"es": {"name": "…", "summary": "…"}}`), for the imports that
    /// are read by `applyLanguages` (CSV rows, HSDS's `circles.json`).
    static func translationsObject(_ translations: [GroupTranslation]) -> [String: Any] {
        var object: [String: Any] = [:]
        for t in translations {
            var texts: [String: Any] = [:]
            for field in GroupTranslation.Field.allCases { if let text = t[field] { texts[field.rawValue] = text } }
            object[t.language] = texts
        }
        return object
    }

    /// The search filters and page from the query string, and the place `where` named; 400 naming each bad parameter.
    func searchQuery(_ request: Request, place: inout PlaceMatch?) throws -> (GroupQuery, SearchPosition?) {
        try Self.searchQuery(request, places: api.places, database: api.database, place: &place)
    }

    /// The search filters and page from the query string, and the place `where` named (set even when the
    /// search is refused); 400 naming each bad parameter, and a cursor of another search (`AppDatabase.cursorFits`).
    static func searchQuery(
        _ request: Request, places: PlaceFinder, database: AppDatabase, place: inout PlaceMatch?
    ) throws -> (GroupQuery, SearchPosition?) {
        var reader = QueryReader(request)
        var query = filters(request, &reader, places: places, place: &place)
        query.limit = reader.limit()
        try finish(&reader, place: place)
        let position = try Cursor.decode(request.query["cursor"], as: SearchPosition.self)
        if let position, try !API.store({ try database.cursorFits(position, query) }) {
            throw HTTPError(
                400, detail: "cursor belongs to a different search.", errors: [FieldError(field: "cursor", message: "belongs to a different search")])
        }
        return (query, position)
    }

    /// The filters shared by group and meeting searches.
    static func filters(_ request: Request, _ reader: inout QueryReader, places: PlaceFinder) -> GroupQuery {
        var place: PlaceMatch?
        return filters(request, &reader, places: places, place: &place)
    }

    /// The filters, and the place `where` named (for a page to say which, or to ask).
    static func filters(_ request: Request, _ reader: inout QueryReader, places: PlaceFinder, place: inout PlaceMatch?) -> GroupQuery {
        var query = GroupQuery()
        query.text = reader.text("q")
        // Topic slugs are lower case; "Grief" means grief.
        query.topics = request.query.all("topic").filter { !$0.isEmpty }.map { $0.lowercased() }
        if query.topics.count > 10 { reader.fail("topic", "may be given at most 10 times") }
        query.format = reader.choice("format")
        query.remote = reader.bool("remote") ?? false
        query.audience = reader.choice("audience")
        if let language = reader.text("language", max: 20) {
            if FieldRules.language(language) { query.language = language } else { reader.fail("language", "must be a language tag such as en or es") }
        }
        // "Spanish" or "español" among the words: the groups that meet in Spanish.
        if query.language == nil, let text = query.text, let named = LanguageWords.find(in: text) {
            query.language = named.code
            query.text = named.rest.isEmpty ? nil : named.rest
        }
        query.free = reader.bool("free")
        query.city = reader.text("city", max: 100)
        query.state = reader.text("state", max: 2)?.uppercased()
        query.zip = reader.text("zip", max: 10)
        if let near = reader.text("near", max: 60) {
            let parts = near.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            if parts.count == 2, let lat = parts[0], let lng = parts[1], (-90...90).contains(lat), (-180...180).contains(lng) {
                query.near = (lat, lng)
            } else {
                reader.fail("near", "must be latitude,longitude such as 39.74,-104.99")
            }
        }
        if let radius = reader.text("radius_km", max: 32) {
            if let r = Double(radius), r > 0, r <= 500 {
                query.radiusKm = r
            } else {
                reader.fail("radius_km", "must be a number of kilometres above 0, at most 500")
            }
        }
        if let radius = reader.text("radius_mi", max: 32) {
            if query.radiusKm != GroupQuery.defaultRadiusKm || request.query["radius_km"]?.isEmpty == false {
                reader.fail("radius_mi", "cannot be given with radius_km: give one of them")
            } else if let r = Double(radius), r > 0, r <= 300 {
                query.radiusKm = r * 1.609344
            } else {
                reader.fail("radius_mi", "must be a number of miles above 0, at most 300")
            }
        }
        if let text = reader.text("where", max: 120) {
            place = places.find(text, radiusKm: query.radiusKm)
            Self.apply(place, to: &query, &reader)
        }
        if let day = reader.text("day", max: 10) {
            if let weekday = Weekday(name: day.lowercased()) {
                query.weekday = weekday.rawValue
            } else {
                reader.fail("day", "must be a weekday name such as tuesday")
            }
        }
        query.partOfDay = reader.choice("time", ["morning", "afternoon", "evening"])
        if let accessible = reader.choice("accessible", ["wheelchair"]) { query.wheelchairAccessible = accessible == "wheelchair" }
        if let org = reader.text("organization_id", max: 20) {
            if let id = Int64(org), id > 0 { query.organizationId = id } else { reader.fail("organization_id", "must be a positive whole number") }
        }
        if let status = reader.choice("status", GroupStatus.listed) { query.statuses = [status] }
        query.joinMode = reader.choice("join")
        query.openTo = reader.choice("open_to")
        query.cameraOptional = reader.bool("camera_optional") ?? false
        query.childcare = reader.bool("childcare") ?? false
        query.asl = reader.bool("asl") ?? false
        query.hasOpenSeats = reader.bool("open_seats") ?? false
        return query
    }
}
