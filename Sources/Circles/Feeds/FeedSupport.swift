import Crypto
import Foundation
import HTTPServer
import Store
import Synchronization

/// Answers for feeds (and the HSDS API): cacheable by anyone, with a strong ETag from the body and a
/// `Last-Modified`; the server answers `If-None-Match` and `If-Modified-Since` with a 304 that keeps
/// these headers (`ConditionalGet`).
enum FeedResponse {
    /// How long a client or a shared cache may keep a feed.
    static let cacheControl = "public, max-age=900"

    /// `lastModified`: the latest change the records show, a lower bound (see `FirstServed`).
    static func make(
        _ body: [UInt8], contentType: String, lastModified: Date?, filename: String? = nil, cacheControl: String = cacheControl
    ) -> Response {
        let digest = Hex.string(SHA256.hash(data: body).prefix(12))
        let etag = "\"f\(digest)\""
        var headers = HTTPHeaders()
        headers.add("ETag", etag)
        headers.add("Cache-Control", cacheControl)
        let served = FirstServed.shared.time(of: etag, now: Int(Date().timeIntervalSince1970))
        headers.add("Last-Modified", HTTPDate.format(max(served, Int(lastModified?.timeIntervalSince1970 ?? 0))))
        headers.add("Content-Type", contentType)
        if let filename { headers.add("Content-Disposition", "attachment; filename=\"\(filename)\"") }
        return Response(status: 200, headers: headers, body: body)
    }
}

/// When this process first served each body, by its ETag: a `Last-Modified` never earlier than the
/// body's last change. The records' own times are not enough: a deleted or unpublished group changes a
/// feed although no remaining row is newer, and `If-Modified-Since` would then keep the old feed.
final class FirstServed: Sendable {
    /// One per process: a body's first serving is a fact of the process, whichever request made it.
    static let shared = FirstServed()
    private let seen = Mutex<[String: Int]>([:])
    /// Past this many bodies the memory starts again (a later time is still correct, only less often 304).
    static let capacity = 20_000

    func time(of etag: String, now: Int) -> Int {
        seen.withLock { seen in
            if let time = seen[etag] { return time }
            if seen.count >= Self.capacity { seen.removeAll(keepingCapacity: true) }
            seen[etag] = now
            return now
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
