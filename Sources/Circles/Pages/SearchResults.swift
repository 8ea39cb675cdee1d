import Foundation
import HTTPServer
import Places
import Store

/// The results part of `/search`: heading, count, cards, paging, the empty state and the links that
/// keep the filters. One template (`search-results.html`) draws it inside the page and alone at
/// `/search/results` (the live search swaps that fragment in), so the two cannot drift apart.
///
/// With a place ("Where?"), the groups within the radius come nearest first, the groups one joins
/// from anywhere (online, by phone) are offered beside them, and when none is within the radius the
/// nearest beyond it are shown with ways to widen the search: never an empty page.
struct SearchResults {
    static let pageSize = 20
    /// How many groups online and by phone are offered beside a place's, and how many beyond its radius.
    static let remoteCount = 5
    static let beyondCount = 3

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
        var (query, errors, place) = form.groupQueryAndPlace(places: site.api.places)
        query.limit = Self.pageSize
        query.staleBefore = site.api.freshness.cutoff(Date())
        let position = Self.position(request, query: query, database: site.database)
        let words = Wording(site.catalogue(request))
        let t = words.catalogue
        let topicNames = words.topicNames(topics)
        // A place that could not be read asks instead of searching without it.
        let placeUnread = Self.placeUnread(place)
        let page = placeUnread ? GroupSearchPage.empty : try API.store { try site.database.searchGroups(query, after: position) }
        let now = Date()
        let placeZone = site.api.places.timeZone(of: place)
        func cardsOf(_ page: GroupSearchPage) throws -> [TemplateValue] {
            try site.database.groupDetails(ids: page.ids).map {
                GroupCard.context(
                    $0, topicNames: topicNames, now: now, words: words, distanceKm: page.distances[$0.group.id!], freshness: site.api.freshness,
                    placeZone: placeZone)
            }
        }
        let cards = try cardsOf(page)

        // Beside a place's groups: the ones that meet online or by phone, and the nearest beyond the radius.
        let nearPlace = query.near != nil && place?.point != nil && position == nil
        var remote: [TemplateValue] = []
        var beyond: [TemplateValue] = []
        var nearest: String?
        if nearPlace && query.format == nil && !query.remote {
            var elsewhere = query
            elsewhere.near = nil
            elsewhere.remote = true
            elsewhere.limit = Self.remoteCount
            remote = try cardsOf(try API.store { try site.database.searchGroups(elsewhere, after: nil) })
        }
        if nearPlace && cards.isEmpty {
            var wider = query
            wider.radiusKm = 20_000
            wider.limit = Self.beyondCount
            let far = try API.store { try site.database.searchGroups(wider, after: nil) }
            beyond = try cardsOf(far)
            if let first = far.ids.first, let details = try site.database.groupDetails(ids: [first]).first, let km = far.distances[first] {
                nearest = Self.nearestSentence(details, km: km, form: form, topicNames: topicNames, words: words)
            }
        }

        let phrase = form.phrase(topicNames: topicNames, words: words, place: place)
        let heading = phrase.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? t.text("results.all")
        self.phrase = phrase
        self.heading = heading
        title = phrase == nil ? t.text("results.title_all") : t.text("results.title", ["heading": heading])
        isLaterPage = position != nil
        let count = ["count": String(cards.count)]
        let status: String
        if placeUnread {
            status = t.text("place_search.which_place")
        } else if cards.isEmpty && nearPlace {
            status = t.text(
                "place_search.none_within",
                ["distance": Self.miles(query.radiusKm, words: words), "place": place?.label ?? t.text("place_search.there")])
        } else if cards.isEmpty {
            status = t.text(position == nil ? "results.none" : "results.no_more")
        } else if position != nil {
            status = t.text(page.next == nil ? "results.more_page_end" : "results.more_page", count)
        } else if page.next != nil {
            status = t.text("results.first_page", count)
        } else {
            status = t.plural("results.found", count: cards.count)
        }
        var next = form.query
        if let position = page.next { next.add("cursor", Cursor.encode(position)) }
        errors = errors.filter { $0.field != "cursor" && !(placeUnread && $0.field == "where") }

        context = [
            "heading": .text(heading),
            "pageTitle": .text(title),
            "status": .text(status),
            "results": .list(cards),
            "hasResults": .bool(!cards.isEmpty),
            "nextUrl": page.next == nil ? .bool(false) : .text(next.url("/search")),
            "firstUrl": position == nil ? .bool(false) : .text(form.query.url("/search")),
            "errors": .list(errors.map { .text(Self.explain($0, t)) }),
            "printUrl": .text(form.query.url("/print")),
            "todayUrl": .text(form.query.url("/today")),
            "moreFilters": .text(String(form.moreFilterCount)),
            "onlineUrl": .text(Self.joinFromAnywhere(form, path: "/search")),
            "placeQuestion": Self.placeQuestion(place, form: form, words: words, path: "/search"),
            "remote": remote.isEmpty ? .bool(false) : .list(remote),
            "beyond": beyond.isEmpty ? .bool(false) : .object(["nearest": .optional(nearest), "groups": .list(beyond)]),
            "widen": cards.isEmpty && nearPlace ? .list(Self.widerSearches(form, radiusKm: query.radiusKm, words: words)) : .bool(false),
            "showEmpty": .bool(cards.isEmpty && !placeUnread && !nearPlace),
            "understood": .optional(try Self.understood(form, searched: placeUnread ? nil : page, database: site.database, words: words)),
        ]
    }

    /// What the search understood, when it changed the words: "Showing results for “grief”." (typed
    /// “greif”), "… for “duelo” and “grief”.", "Showing groups that meet in Spanish."
    /// `searched`: the page the search answered, which says whether it mended the words; without it (the
    /// search did not run) they are looked at here.
    static func understood(_ form: SearchForm, searched: GroupSearchPage?, database: AppDatabase, words: Wording) throws -> String? {
        guard var text = form.q else { return nil }
        var sentences: [String] = []
        if form.language == nil, let named = LanguageWords.find(in: text) {
            sentences.append(words.catalogue.text("place_search.understood_language", ["language": words.language(named.code)]))
            text = named.rest
        }
        if !GroupSearch.matchesEverything(text), !text.isEmpty {
            let mended = try searched.map { $0.mendedText } ?? database.correctedSearchText(text)
            let meanings = SearchWords.meanings(mended ?? text)
            if mended != nil || !meanings.isEmpty {
                let looked = [mended ?? text] + meanings
                let quoted = looked.map { words.catalogue.text("place_search.quoted", ["words": $0]) }
                sentences.append(words.catalogue.text("place_search.understood_words", ["words": words.list(quoted)]))
            }
        }
        return sentences.isEmpty ? nil : sentences.joined(separator: " ")
    }

    /// "25 miles".
    static func miles(_ km: Double, words: Wording) -> String {
        words.catalogue.plural("place_search.miles", count: Int((km / 1.609344).rounded()))
    }

    /// "The nearest grief and loss group is in Lamar, CO, 170 mi away."
    static func nearestSentence(_ d: GroupDetails, km: Double, form: SearchForm, topicNames: [String: String], words: Wording) -> String {
        let t = words.catalogue
        let town = d.location.flatMap { l in l.city.map { $0 + (l.state.map { ", \($0)" } ?? "") } } ?? t.text("place_search.another_town")
        let distance = GroupCard.distanceWords(km, words: words)
        guard let topic = form.topics.first.flatMap({ topicNames[$0] }) else {
            return t.text("place_search.nearest", ["town": town, "distance": distance])
        }
        return t.text("place_search.nearest_topic", ["topic": topic.lowercasedFirstWord(), "town": town, "distance": distance])
    }

    /// One tap to a larger radius, and one to the same place without the other filters.
    static func widerSearches(_ form: SearchForm, radiusKm: Double, words: Wording) -> [TemplateValue] {
        var links: [TemplateValue] = []
        for miles in [50, 100] where Double(miles) * 1.609344 > radiusKm + 0.01 {
            var f = form
            f.radiusMi = String(miles)
            if f.near != nil { f.radiusKm = nil }
            links.append(["label": .text(words.catalogue.text("place_search.look_within", ["miles": String(miles)])), "url": .text(f.query.url("/search"))])
        }
        var fewer = SearchForm()
        (fewer.whereText, fewer.near, fewer.radiusMi, fewer.radiusKm) = (form.whereText, form.near, form.radiusMi, form.radiusKm)
        if fewer.query.pairs.count < form.query.pairs.count {
            links.append(["label": .text(words.catalogue.text("place_search.without_filters")), "url": .text(fewer.query.url("/search"))])
        }
        return links
    }

    /// Whether "Where?" named no one place (several, or none known): the page asks instead of searching without it.
    static func placeUnread(_ place: PlaceMatch?) -> Bool {
        switch place {
        case .ambiguous, .unknown: true
        default: false
        }
    }

    /// For a name several states share, the choice of each, one tap away; for a place nobody knows,
    /// the closest spellings and the groups anyone joins from anywhere; for a town, the others of its
    /// name. Each link leads to the same page (`path`: `/search`, `/today`) with the other filters kept.
    static func placeQuestion(_ place: PlaceMatch?, form: SearchForm, words: Wording, path: String) -> TemplateValue {
        let t = words.catalogue
        func choices(_ towns: [Town]) -> TemplateValue {
            .list(
                towns.prefix(24).map { town in
                    var f = form
                    f.whereText = town.label
                    return ["label": .text(town.label), "url": .text(f.query.url(path))]
                })
        }
        let typed = form.whereText ?? ""
        switch place {
        case .ambiguous(let towns):
            return ["text": .text(t.text("place_search.ambiguous", ["name": towns[0].name])), "choices": choices(towns), "unknown": false]
        case .unknown(let suggestions):
            let text =
                suggestions.isEmpty
                ? t.text("place_search.unknown", ["typed": typed]) : t.text("place_search.unknown_suggest", ["typed": typed])
            return ["text": .text(text), "choices": choices(suggestions), "unknown": true, "onlineUrl": .text(joinFromAnywhere(form, path: path))]
        case .town(let town, let others) where !others.isEmpty:
            return ["text": .text(t.text("place_search.other_town", ["place": town.label, "name": town.name])), "choices": choices(others), "unknown": false]
        default:
            return false
        }
    }

    /// The same filters without the place, for the groups that meet online or by phone.
    static func joinFromAnywhere(_ form: SearchForm, path: String) -> String {
        var f = form
        (f.format, f.remote, f.city, f.state, f.zip, f.near, f.whereText) = (nil, true, nil, nil, nil, nil, nil)
        return f.query.url(path)
    }

    /// The page's starting point from `cursor`; an odd or stale cursor simply starts at the top.
    static func position(_ request: Request, query: GroupQuery, database: AppDatabase) -> SearchPosition? {
        guard let text = request.query["cursor"], let position = try? Cursor.decode(text, as: SearchPosition.self),
            (try? database.cursorFits(position, query)) == true
        else { return nil }
        return position
    }

    /// A filter the API refused, in words for the page.
    static func explain(_ error: FieldError, _ t: Catalogue) -> String {
        let key = "results.fields." + error.field
        return t.text("results.explain", ["field": t.has(key) ? t.text(key) : error.field, "message": error.message])
    }
}
