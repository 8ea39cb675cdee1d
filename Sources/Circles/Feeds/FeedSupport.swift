import Crypto
import Foundation
import HTTPServer
import Store

/// Answers for feeds: cacheable by anyone, with a strong ETag from the body and `Last-Modified`.
enum FeedResponse {
    /// How long a client or a shared cache may keep a feed.
    static let cacheControl = "public, max-age=900"

    /// The feed, or `304 Not Modified` when `If-None-Match` names its ETag (plain or gzip form).
    static func make(_ body: [UInt8], contentType: String, request: Request, lastModified: Date?, filename: String? = nil) -> Response {
        let digest = SHA256.hash(data: body).prefix(12).map { String(format: "%02x", $0) }.joined()
        let etag = "\"f\(digest)\""
        var headers = HTTPHeaders()
        headers.add("ETag", etag)
        headers.add("Cache-Control", cacheControl)
        if let lastModified { headers.add("Last-Modified", HTTPDate.format(Int(lastModified.timeIntervalSince1970))) }
        if let inm = request.headers["If-None-Match"], matches(inm, etag) {
            return Response(status: 304, headers: headers)
        }
        headers.add("Content-Type", contentType)
        if let filename { headers.add("Content-Disposition", "attachment; filename=\"\(filename)\"") }
        return Response(status: 200, headers: headers, body: body)
    }

    /// Whether an `If-None-Match` list names `etag`, weakly compared, in its plain or `-gz` form.
    static func matches(_ header: String, _ etag: String) -> Bool {
        let gzip = String(etag.dropLast()) + "-gz\""
        return header.split(separator: ",").contains { part in
            var tag = part.trimmingSpaces()
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
            return tag == etag || tag == gzip
        }
    }
}

/// Loads groups for feeds: every page of a search, then their details in batches.
enum FeedGroups {
    /// The most groups one feed holds; a larger directory is cut here, in the search's order.
    static let maxGroups = 10_000

    static func search(_ query: GroupQuery, database: AppDatabase, limit: Int = maxGroups) throws -> [GroupDetails] {
        var query = query
        query.limit = 500
        var ids: [Int64] = []
        var position: SearchPosition?
        repeat {
            let page = try API.store { try database.searchGroups(query, after: position) }
            ids += page.ids
            position = page.next
        } while position != nil && ids.count < limit
        var details: [GroupDetails] = []
        for start in stride(from: 0, to: min(ids.count, limit), by: 500) {
            details += try database.groupDetails(ids: Array(ids[start..<min(start + 500, ids.count, limit)]))
        }
        return details
    }
}

extension GroupDetails {
    /// The later of the group's and its schedules' last changes.
    var lastModified: Date? {
        ([group.updatedAt] + schedules.map(\.updatedAt)).max()?.date
    }
}

extension LocationRecord {
    /// "Name, 1 Main St, Denver, CO 80202": what a person or a map needs, blanks left out.
    var oneLine: String {
        let stateZip = [state, zip].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " ")
        return [name, address ?? "", city ?? "", stateZip].filter { !$0.isEmpty }.joined(separator: ", ")
    }
}
