import Foundation
import HTTPServer
import Store

/// `/search`: the filters, and a page of results in the HTML itself (JavaScript only makes it live).
struct SearchPage {
    let site: Site
    static let pageSize = 20

    func respond(_ request: Request) throws -> Response {
        let form = SearchForm(request.query)
        if let redirect = site.tidyAddress(request, form: form, path: "/search") { return redirect }
        var (query, errors) = form.groupQuery()
        query.limit = Self.pageSize
        query.staleBefore = site.api.freshness.cutoff(Date())
        let position = Self.position(request, ordering: query.ordering)
        let topics = try site.database.topics()
        let topicNames = Dictionary(uniqueKeysWithValues: topics.map { ($0.slug, $0.name) })
        let page = try API.store { try site.database.searchGroups(query, after: position) }
        let details = try site.database.groupDetails(ids: page.ids)
        let now = Date()
        let cards = details.map { GroupCard.context($0, topicNames: topicNames, now: now, distanceKm: page.distances[$0.group.id!], freshness: site.api.freshness) }

        let phrase = form.phrase(topicNames: topicNames)
        let heading = phrase.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? "All support groups"
        let status: String
        if cards.isEmpty {
            status = position == nil ? "No groups match these filters." : "There are no more groups."
        } else if position != nil {
            status = "More groups: \(cards.count) on this page" + (page.next == nil ? "." : ", and more after them.")
        } else if page.next != nil {
            status = "Showing the first \(cards.count) groups. There are more on the next page."
        } else {
            status = Words.count(cards.count, "group") + " found."
        }
        var next = form.query
        if let position = page.next { next.add("cursor", Cursor.encode(position)) }
        errors = errors.filter { $0.field != "cursor" }

        var context = form.formContext(topics: topics)
        context["heading"] = .text(heading)
        context["status"] = .text(status)
        context["results"] = .list(cards)
        context["hasResults"] = .bool(!cards.isEmpty)
        context["nextUrl"] = page.next == nil ? .bool(false) : .text(next.url("/search"))
        context["firstUrl"] = position == nil ? .bool(false) : .text(form.query.url("/search"))
        context["errors"] = .list(errors.map { .text(Self.explain($0)) })
        context["printUrl"] = .text(form.query.url("/print"))
        context["todayUrl"] = .text(form.query.url("/today"))
        context["filtered"] = .bool(!form.isEmpty)
        context["suggestOnline"] = .bool(cards.isEmpty && form.format == nil)
        context["onlineUrl"] = .text({ var f = form; f.format = "online"; f.city = nil; f.state = nil; f.zip = nil; f.near = nil; return f.query.url("/search") }())

        let title = phrase.map { _ in "\(heading) — Circles" } ?? "Find a peer support group — Circles"
        let description = phrase.map { "Peer support groups on Circles: \($0). See where and when each group meets, who leads it and how to join." }
            ?? "Search peer support groups by topic, place, day and language: in person, online or by phone. Free to use, no account needed."
        let shell = PageShell(title: title, description: description, canonical: form.isEmpty ? "/search" : nil, section: "search",
                              scripts: ["/js/vocabulary.js", "/js/search.js", "/js/local-time.js"], noindex: !form.isEmpty || position != nil)
        return try site.page("search", context, shell: shell, request: request)
    }

    /// The page's starting point from `cursor`; an odd or stale cursor simply starts at the top.
    static func position(_ request: Request, ordering: SearchOrdering) -> SearchPosition? {
        guard let text = request.query["cursor"], let position = try? Cursor.decode(text, as: SearchPosition.self),
              position.ordering == ordering.rawValue else { return nil }
        return position
    }

    /// A filter the API refused, in words for the page.
    static func explain(_ error: FieldError) -> String {
        let names = ["near": "Your location", "radius_km": "The distance", "day": "The day", "time": "The time of day",
                     "format": "The meeting type", "language": "The language", "audience": "Who the group is for",
                     "organization_id": "The organization", "topic": "The topics", "free": "The cost filter",
                     "accessible": "The access filter", "join": "The joining filter", "open_to": "Who may come",
                     "camera_optional": "The camera filter", "childcare": "The childcare filter", "asl": "The ASL filter",
                     "open_seats": "The open seats filter", "state": "The state", "zip": "The ZIP code", "city": "The place", "q": "The search words"]
        return "\(names[error.field] ?? error.field) could not be used, so it was left out (it \(error.message))."
    }
}
