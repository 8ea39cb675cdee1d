import Foundation
import HTTPServer
import Store

/// Browsing without searching: `/cities`, `/cities/:state/:city`, `/topics`, `/topics/:slug`.
struct ListingPages {
    let site: Site

    func cities(_ request: Request) throws -> Response {
        let t = site.catalogue(request)
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
                            state.cities.map {
                                ["name": .text($0.name), "url": .text($0.path), "count": .text(t.plural("places.count", count: $0.groupCount))]
                            }),
                    ]
                }),
            "hasCities": .bool(!states.isEmpty),
        ]
        let shell = PageShell(
            title: t.text("places.title"), description: t.text("places.description"),
            canonical: "/cities", section: "cities")
        return try site.page("cities", context, shell: shell, request: request)
    }

    func city(_ request: Request) throws -> Response {
        let t = site.catalogue(request)
        let stateCode = request.parameter("state").uppercased()
        let slug = request.parameter("city").lowercased()
        guard let city = try PageQueries.cities(in: site.database).first(where: { $0.state == stateCode && $0.slug == slug }) else {
            return try site.notFound(request, key: "not_found.city")
        }
        var form = SearchForm()
        form.city = city.name
        form.state = city.state
        let where_ = "\(city.name), \(city.state)"
        return try listing(
            request, form: form, path: city.path,
            heading: t.text("places.city_heading", ["place": where_]),
            intro: t.text("places.city_intro", ["city": city.name, "state": Words.state(city.state)]),
            title: t.text("places.city_title", ["place": where_]),
            description: t.plural("places.city_description", count: city.groupCount, ["place": where_]),
            section: "cities", crumb: (t.text("layout.nav.cities"), "/cities"))
    }

    func topics(_ request: Request) throws -> Response {
        let t = site.catalogue(request)
        let words = Wording(t)
        let topics = try site.database.topics()
        let context: [String: TemplateValue] = [
            "topics": .list(
                topics.map { topic in
                    [
                        "name": .text(words.topicName(topic.slug, stored: topic.name)), "url": .text("/topics/\(topic.slug)"),
                        "description": .text(words.topicDescription(topic.slug, stored: topic.description)),
                        "count": .text(topic.groupCount == 0 ? t.text("topic_pages.none_yet") : t.plural("places.count", count: topic.groupCount)),
                        "empty": .bool(topic.groupCount == 0),
                    ]
                })
        ]
        let shell = PageShell(
            title: t.text("topic_pages.title"), description: t.text("topic_pages.description"),
            canonical: "/topics", section: "topics")
        return try site.page("topics", context, shell: shell, request: request)
    }

    func topic(_ request: Request) throws -> Response {
        let t = site.catalogue(request)
        let words = Wording(t)
        let slug = request.parameter("slug")
        guard FieldRules.slug(slug) == nil, let topic = try site.database.topics(slug: slug).first else {
            return try site.notFound(request, key: "not_found.topic")
        }
        var form = SearchForm()
        form.topics = [topic.slug]
        let name = words.topicName(topic.slug, stored: topic.name)
        let about = words.topicDescription(topic.slug, stored: topic.description)
        return try listing(
            request, form: form, path: "/topics/\(topic.slug)",
            heading: t.text("topic_pages.topic_heading", ["topic": name]),
            intro: about,
            title: t.text("topic_pages.topic_title", ["topic": name]),
            description: t.plural(
                "topic_pages.topic_description", count: topic.groupCount, ["topic": name.lowercasedFirstWord(), "description": about]),
            section: "topics", crumb: (t.text("layout.nav.topics"), "/topics"))
    }

    /// A page of groups for fixed filters, with paging and links to narrow it down.
    private func listing(
        _ request: Request, form: SearchForm, path: String, heading: String, intro: String, title: String,
        description: String, section: String, crumb: (String, String)
    ) throws -> Response {
        var (query, _) = form.groupQuery(places: site.api.places)
        query.limit = SearchResults.pageSize
        query.staleBefore = site.api.freshness.cutoff(Date())
        let position = SearchResults.position(request, query: query, database: site.database)
        let topics = try site.database.topics()
        let t = site.catalogue(request)
        let words = Wording(t)
        let topicNames = words.topicNames(topics)
        let page = try API.store { try site.database.searchGroups(query, after: position) }
        let now = Date()
        let cards = try site.database.groupDetails(ids: page.ids).map {
            GroupCard.context($0, topicNames: topicNames, now: now, words: words, freshness: site.api.freshness)
        }
        var next = QueryString()
        if let position = page.next { next.add("cursor", Cursor.encode(position)) }
        let status =
            cards.isEmpty
            ? t.text("listing.none")
            : position == nil && page.next == nil
                ? t.plural("listing.count", count: cards.count)
                : t.text("listing.on_page", ["count": String(cards.count)])
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
