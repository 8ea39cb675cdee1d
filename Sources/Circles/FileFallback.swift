import HTTPServer

/// What the router answers when no route matches: a static file from `Public/`, else a real 404
/// (the page for browsers, a problem document for API clients), or 405 for a write to a file.
/// `Application` installs it as the router's fallback, on the event loop: files are served from memory.
struct FileFallback {
    let files: StaticFiles
    let catalogues: Catalogues

    func respond(_ request: Request) -> Response {
        if !Self.isPrivate(request.path), let response = files.response(for: request) { return response }
        return notFound(request)
    }

    /// `Public/templates/` holds the HTML templates of the server-rendered pages: they are read by
    /// the server, never served as files (encoded or not: `/%74emplates/` is the same folder).
    static func isPrivate(_ rawPath: String) -> Bool {
        let path = PercentDecoding.decode(rawPath) ?? rawPath
        return path == "/templates" || path.hasPrefix("/templates/")
    }

    /// API clients get a problem document; browsers get the 404 page.
    private func notFound(_ request: Request) -> Response {
        if request.method != "GET" && request.method != "HEAD" && !Self.isPrivate(request.path) {
            if files.response(
                for: Request(
                    head: RequestHead(
                        method: "GET", target: request.head.target, minorVersion: 1,
                        headers: request.headers))) != nil
            {
                var error = HTTPError(405, detail: "\(request.method) is not allowed here. Allowed: GET, HEAD.")
                error.headers.add("Allow", "GET, HEAD")
                return error.response
            }
        }
        let wantsHTML = (request.headers["Accept"] ?? "").contains("text/html") && !request.path.hasPrefix("/api/")
        let catalogue = catalogues.for(request)
        let page404 = catalogue.code == catalogues.english.code ? "404.html" : catalogue.code + "/404.html"
        if wantsHTML, let page = files.contents(of: page404) {
            var response = Response(status: 404, body: page)
            response.headers.add("Content-Type", "text/html; charset=utf-8")
            response.headers.add("Content-Language", catalogue.code)
            response.headers.add("Cache-Control", "no-cache")
            return response
        }
        return HTTPError.notFound("Nothing is found at this address.").response
    }
}
