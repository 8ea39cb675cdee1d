/// Keeps a reader in their language: in a page rendered for `/es/…`, every link and form to another
/// public page (`href="/search…"`, `action="/search"`, `href="/"`) gets the language's prefix
/// (`/es/search…`), and so does the calendar a page offers (`/es/calendars/groups/x.ics`, in Spanish).
/// Addresses of files, the other feeds, the API and the console stay as they are.
///
/// Why one pass over the finished HTML rather than a prefix in each template and link builder: the
/// links are written in some forty places (templates, `QueryString.url`, cards, paging, breadcrumbs),
/// and one forgotten place would drop a Spanish reader into English pages without a sound. One
/// function, tested against every page, cannot forget; it costs one scan of the page's bytes.
enum LocalizedLinks {
    /// The first path segments of the pages served in every language (`Route.page`), and `""` for `/`;
    /// `calendars`, the group calendars for people, served in every language too (`CalendarRoutes`).
    static let pageRoots: Set<String> = ["", "search", "groups", "cities", "topics", "today", "print", "refer", "referrals", "calendars"]

    /// `html` with the links to pages prefixed by `/<code>`; unchanged for English (`prefix` empty).
    static func prefix(_ html: String, with prefix: String) -> String {
        guard !prefix.isEmpty else { return html }
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 256)
        let prefixBytes = Array(prefix.utf8)
        let markers: [[UInt8]] = [Array("href=\"/".utf8), Array("action=\"/".utf8)]
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "h") || bytes[i] == UInt8(ascii: "a"),
                let marker = markers.first(where: { matches($0, in: bytes, at: i) })
            {
                let slash = i + marker.count - 1
                out.append(contentsOf: bytes[i..<slash])
                if isPage(bytes, from: slash + 1) { out.append(contentsOf: prefixBytes) }
                i = slash
                out.append(bytes[i])
                i += 1
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the address after a leading `/` (at `start`) is a page: its first segment is a page root,
    /// and it is not protocol-relative (`//host`).
    private static func isPage(_ bytes: [UInt8], from start: Int) -> Bool {
        var end = start
        while end < bytes.count, !"/?#\"".utf8.contains(bytes[end]) { end += 1 }
        let segment = String(decoding: bytes[start..<end], as: UTF8.self)
        if segment.isEmpty { return end < bytes.count && bytes[end] != UInt8(ascii: "/") }
        // `/groups/x.ics` forwards to the calendar: a file, not a page.
        return pageRoots.contains(segment)
    }

    private static func matches(_ marker: [UInt8], in bytes: [UInt8], at i: Int) -> Bool {
        guard i + marker.count <= bytes.count else { return false }
        for k in 0..<marker.count where bytes[i + k] != marker[k] { return false }
        // Only an attribute: `data-href="/…"` is not one of ours to change.
        return i == 0 || bytes[i - 1] == UInt8(ascii: " ") || bytes[i - 1] == UInt8(ascii: "\n") || bytes[i - 1] == UInt8(ascii: "\t")
    }
}
