/// RFC 9110 §13.1: a GET or HEAD whose `If-None-Match` (or, without it, `If-Modified-Since`) matches
/// the validators of the 200 a handler made is answered 304 here, once for every route. The 304
/// keeps what that 200 would have told caches (§15.4.5: `Cache-Control`, `Content-Location`, `ETag`,
/// `Expires`, `Vary`; also `Last-Modified` and `Link`), so a cache that refreshes its copy with it
/// keys and keeps it exactly as before.
enum ConditionalGet {
    static let keptHeaders = ["Cache-Control", "Content-Location", "ETag", "Expires", "Vary", "Last-Modified", "Link"]

    /// The 304 standing for `response`, or nil when the request's conditions do not match it.
    static func notModified(_ response: Response, for head: RequestHead) -> Response? {
        guard response.status == 200, head.method == "GET" || head.method == "HEAD" else { return nil }
        let ifNoneMatch = head.headers["If-None-Match"]
        guard ifNoneMatch != nil || head.headers.contains("If-Modified-Since") else { return nil }
        let etag = response.headers["ETag"]
        let lastModified = response.headers["Last-Modified"].flatMap(HTTPDate.parse)
        guard etag != nil || lastModified != nil else { return nil }
        // Both forms of a tag name the same representation: `finalize` adds "-gz" to a compressed one.
        let gzipTag = etag.map { String($0.dropLast()) + "-gz\"" }
        let forms = [etag, gzipTag].compactMap { $0 }
        guard StaticFiles.notModified(head.headers, etags: forms, lastModified: lastModified ?? Int.max) else { return nil }
        var headers = HTTPHeaders()
        for name in keptHeaders {
            for value in response.headers.values(name) {
                // The tag the client holds: the compressed form when that is what it named.
                if name == "ETag", let gzipTag, ifNoneMatch?.contains(gzipTag) == true { headers.add(name, gzipTag) } else { headers.add(name, value) }
            }
        }
        return Response(status: 304, headers: headers)
    }
}
