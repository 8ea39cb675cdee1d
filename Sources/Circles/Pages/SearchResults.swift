import Foundation
import HTTPServer
import Store

/// The results part of `/search`: heading, count, cards, paging, the empty state and the links that
/// keep the filters. One template (`search-results.html`) draws it inside the page and alone at
/// `/search/results` (the live search swaps that fragment in), so the two cannot drift apart.
struct SearchResults {
    static let pageSize = 20

    /// "Groups in Colorado", or "All support groups" without filters.
    let heading: String
    /// The document's title: "Groups in Colorado — Circles".
    let title: String
    /// The filters in words, nil without filters (`SearchForm.phrase`).
    let phrase: String?
    /// A later page (from `cursor`) rather than the first.
    let isLaterPage: Bool
    /// What `search-results.html` needs.
    let context: [String: TemplateValue]

    /// Searches with `form` from the request's `cursor`; `topics` names the topics of the cards.
    init(form: SearchForm, request: Request, topics: [TopicSummary], site: Site) throws {
        var (query, errors) = form.groupQuery()
        query.limit = Self.pageSize
        query.staleBefore = site.api.freshness.cutoff(Date())
        let position = Self.position(request, ordering: query.ordering)
        let topicNames = Dictionary(uniqueKeysWithValues: topics.map { ($0.slug, $0.name) })
        let page = try API.store { try site.database.searchGroups(query, after: position) }
        let details = try site.database.groupDetails(ids: page.ids)
        let now = Date()
        let cards = details.map {
            GroupCard.context($0, topicNames: topicNames, now: now, distanceKm: page.distances[$0.group.id!], freshness: site.api.freshness)
        }

        let phrase = form.phrase(topicNames: topicNames)
        let heading = phrase.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? "All support groups"
        self.phrase = phrase
        self.heading = heading
        title = phrase == nil ? "Find a peer support group — Circles" : "\(heading) — Circles"
        isLaterPage = position != nil
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

        context = [
            "heading": .text(heading),
            "pageTitle": .text(title),
            "status": .text(status),
            "results": .list(cards),
            "hasResults": .bool(!cards.isEmpty),
            "nextUrl": page.next == nil ? .bool(false) : .text(next.url("/search")),
            "firstUrl": position == nil ? .bool(false) : .text(form.query.url("/search")),
            "errors": .list(errors.map { .text(Self.explain($0)) }),
            "printUrl": .text(form.query.url("/print")),
            "todayUrl": .text(form.query.url("/today")),
            "onlineUrl": .text(
                {
                    var f = form; f.format = "online"; f.city = nil; f.state = nil; f.zip = nil; f.near = nil; return f.query.url("/search")
                }()),
            "moreFilters": .text(String(form.moreFilterCount)),
        ]
    }

    /// The page's starting point from `cursor`; an odd or stale cursor simply starts at the top.
    static func position(_ request: Request, ordering: SearchOrdering) -> SearchPosition? {
        guard let text = request.query["cursor"], let position = try? Cursor.decode(text, as: SearchPosition.self),
            position.ordering == ordering.rawValue
        else { return nil }
        return position
    }

    /// A filter the API refused, in words for the page.
    static func explain(_ error: FieldError) -> String {
        let names = [
            "near": "Your location", "radius_km": "The distance", "day": "The day", "time": "The time of day",
            "format": "The meeting type", "language": "The language", "audience": "Who the group is for",
            "organization_id": "The organization", "topic": "The topics", "free": "The cost filter",
            "accessible": "The access filter", "join": "The joining filter", "open_to": "Who may come",
            "camera_optional": "The camera filter", "childcare": "The childcare filter", "asl": "The ASL filter",
            "open_seats": "The open seats filter", "state": "The state", "zip": "The ZIP code", "city": "The place", "q": "The search words",
        ]
        return "\(names[error.field] ?? error.field) could not be used, so it was left out (it \(error.message))."
    }
}
