import Foundation
import HTTPServer
import Store

/// Browsing without searching: `/cities`, `/cities/:state/:city`, `/topics`, `/topics/:slug`.
struct ListingPages {
    let site: Site

    func cities(_ request: Request) throws -> Response {
        let cities = try PageQueries.cities(in: site.database)
        var states: [(code: String, cities: [PageQueries.City])] = []
        for city in cities {
            if states.last?.code == city.state { states[states.count - 1].cities.append(city) } else { states.append((city.state, [city])) }
        }
        states.sort { Words.state($0.code) < Words.state($1.code) }
        let context: [String: TemplateValue] = [
            "states": .list(
                states.map { state in
                    [
                        "name": .text(Words.state(state.code)), "code": .text(state.code),
                        "cities": .list(
                            state.cities.map { ["name": .text($0.name), "url": .text($0.path), "count": .text(Words.count($0.groupCount, "group"))] }),
                    ]
                }),
            "hasCities": .bool(!states.isEmpty),
        ]
        let shell = PageShell(
            title: "Peer support groups by place — Circles",
            description:
                "Every town and city with peer support groups on Circles, by state. Groups online and by phone are open to anyone, wherever they live.",
            canonical: "/cities", section: "cities")
        return try site.page("cities", context, shell: shell, request: request)
    }

    func city(_ request: Request) throws -> Response {
        let stateCode = request.parameter("state").uppercased()
        let slug = request.parameter("city").lowercased()
        guard let city = try PageQueries.cities(in: site.database).first(where: { $0.state == stateCode && $0.slug == slug }) else {
            return try site.notFound(
                request, heading: "No groups listed in that place yet",
                message:
                    "Circles has no groups meeting in that town or city at the moment. Groups that meet online or by phone are open to anyone, wherever they live."
            )
        }
        var form = SearchForm()
        form.city = city.name
        form.state = city.state
        let where_ = "\(city.name), \(city.state)"
        return try listing(
            request, form: form, path: city.path,
            heading: "Peer support groups in \(where_)",
            intro: "Groups that meet in and around \(city.name), \(Words.state(city.state)), led by people who have been there themselves.",
            title: "Peer support groups in \(where_) — Circles",
            description:
                "\(Words.count(city.groupCount, "peer support group")) in \(where_): when and where each meets, who leads it and how to join. Free to search.",
            section: "cities", crumb: ("Places", "/cities"))
    }

    func topics(_ request: Request) throws -> Response {
        let topics = try site.database.topics()
        let context: [String: TemplateValue] = [
            "topics": .list(
                topics.map { t in
                    [
                        "name": .text(t.name), "url": .text("/topics/\(t.slug)"), "description": .text(t.description),
                        "count": .text(t.groupCount == 0 ? "No groups yet" : Words.count(t.groupCount, "group")), "empty": .bool(t.groupCount == 0),
                    ]
                })
        ]
        let shell = PageShell(
            title: "Peer support groups by topic — Circles",
            description:
                "Peer support groups for mental health, addiction recovery, grief, caregiving, parenting, veterans and more: choose a topic to see groups near you, online or by phone.",
            canonical: "/topics", section: "topics")
        return try site.page("topics", context, shell: shell, request: request)
    }

    func topic(_ request: Request) throws -> Response {
        let slug = request.parameter("slug")
        guard FieldRules.slug(slug) == nil, let topic = try site.database.topics(slug: slug).first else {
            return try site.notFound(
                request, heading: "We couldn’t find that topic",
                message: "There is no topic at this address. Browse all topics, or search for the words you have in mind.")
        }
        var form = SearchForm()
        form.topics = [topic.slug]
        return try listing(
            request, form: form, path: "/topics/\(topic.slug)",
            heading: "\(topic.name): peer support groups",
            intro: topic.description,
            title: "\(topic.name) support groups — Circles",
            description:
                "\(Words.count(topic.groupCount, "peer support group")) for \(topic.name.lowercasedFirstWord()): \(topic.description) In person, online and by phone.",
            section: "topics", crumb: ("Topics", "/topics"))
    }

    /// A page of groups for fixed filters, with paging and links to narrow it down.
    private func listing(
        _ request: Request, form: SearchForm, path: String, heading: String, intro: String, title: String,
        description: String, section: String, crumb: (String, String)
    ) throws -> Response {
        var (query, _) = form.groupQuery(places: site.api.places)
        query.limit = SearchResults.pageSize
        query.staleBefore = site.api.freshness.cutoff(Date())
        let position = SearchResults.position(request, ordering: query.ordering)
        let topics = try site.database.topics()
        let topicNames = Dictionary(uniqueKeysWithValues: topics.map { ($0.slug, $0.name) })
        let page = try API.store { try site.database.searchGroups(query, after: position) }
        let now = Date()
        let cards = try site.database.groupDetails(ids: page.ids).map { GroupCard.context($0, topicNames: topicNames, now: now, freshness: site.api.freshness) }
        var next = QueryString()
        if let position = page.next { next.add("cursor", Cursor.encode(position)) }
        let status =
            cards.isEmpty
            ? "There are no groups here at the moment."
            : position == nil && page.next == nil
                ? Words.count(cards.count, "group") + "."
                : "\(cards.count) groups on this page."
        let context: [String: TemplateValue] = [
            "heading": .text(heading),
            "intro": .text(intro),
            "crumbLabel": .text(crumb.0),
            "crumbUrl": .text(crumb.1),
            "status": .text(status),
            "results": .list(cards),
            "hasResults": .bool(!cards.isEmpty),
            "nextUrl": page.next == nil ? false : .text(next.url(path)),
            "firstUrl": position == nil ? false : .text(path),
            "searchUrl": .text(form.query.url("/search")),
            "printUrl": .text(form.query.url("/print")),
            "todayUrl": .text(form.query.url("/today")),
            "onlineUrl": .text(
                {
                    var f = form; f.city = nil; f.state = nil; f.format = nil; f.remote = true; return f.query.url("/search")
                }()),
            "isPlace": .bool(form.city != nil),
        ]
        let shell = PageShell(
            title: title, description: description, canonical: position == nil ? path : nil, section: section,
            scripts: ["/js/local-time.js"], noindex: position != nil)
        return try site.page("listing", context, shell: shell, request: request)
    }
}
