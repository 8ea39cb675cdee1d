import Foundation
import HTTPServer
import Store

/// `/search`: the filters, and a page of results in the HTML itself; `/search/results`: the results
/// part alone, an HTML fragment the live search (`Public/js/search.js`) swaps in. Both draw the
/// results with `SearchResults` and `search-results.html`.
struct SearchPage {
    let site: Site

    func respond(_ request: Request) throws -> Response {
        let form = SearchForm(request.query)
        if let redirect = site.tidyAddress(request, form: form, path: "/search") { return redirect }
        let topics = try site.database.topics()
        let results = try SearchResults(form: form, request: request, topics: topics, site: site)
        let catalogue = site.catalogue(request)
        var context = form.formContext(topics: topics, words: Wording(catalogue))
        context.merge(results.context) { _, result in result }
        // After a search, phones see the count and the results first: the filters fold away.
        context["searched"] = .bool(!form.isEmpty)

        let description = results.phrase.map { catalogue.text("results.description", ["phrase": $0]) } ?? catalogue.text("results.description_all")
        let shell = PageShell(
            title: results.title, description: description, canonical: form.isEmpty ? "/search" : nil, section: "search",
            scripts: ["/js/search.js", "/js/local-time.js"], noindex: !form.isEmpty || results.isLaterPage)
        return try site.page("search", context, shell: shell, request: request)
    }

    /// The results part of the page for the same query, without the layout.
    func results(_ request: Request) throws -> Response {
        let form = SearchForm(request.query)
        let results = try SearchResults(form: form, request: request, topics: try site.database.topics(), site: site)
        return try site.fragment("search-results", results.context, request: request)
    }
}
