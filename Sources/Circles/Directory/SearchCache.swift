import Foundation

/// Encoded answers of public group searches, reused while they are still exactly right.
///
/// An answer is kept with the directory generation it was computed at (a counter that triggers move
/// forward on every directory write, from any process) and a deadline: the start of the earliest
/// next meeting it shows, since a result's `next_meeting` becomes `happening_now` when that meeting
/// begins, or the end of one happening now, when the next takes its place; and at most `lifetime` seconds. It is served only while the generation is unchanged and the deadline is
/// ahead, so a cached answer is byte for byte the answer the search would compute. Only anonymous
/// searches are cached: what a signed-in caller sees (private online details) depends on who they are.
/// The cache holds at most `maximumBytes` of answers; when full it starts again empty.
final class SearchCache: @unchecked Sendable {
    struct Entry {
        var generation: Int64
        var expires: Date
        var body: [UInt8]
    }

    static let lifetime: TimeInterval = 60

    let maximumBytes: Int
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var bytes = 0

    init(maximumBytes: Int) {
        self.maximumBytes = maximumBytes
    }

    var isEnabled: Bool { maximumBytes > 0 }

    func body(for key: String, generation: Int64, now: Date) -> [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[key], entry.generation == generation, entry.expires > now else { return nil }
        return entry.body
    }

    func store(_ body: [UInt8], for key: String, generation: Int64, expires: Date) {
        let size = body.count + key.utf8.count
        guard isEnabled, size <= maximumBytes / 16 else { return }
        lock.lock()
        defer { lock.unlock() }
        if let old = entries[key] { bytes -= old.body.count + key.utf8.count }
        if bytes + size > maximumBytes {
            entries.removeAll(keepingCapacity: true)
            bytes = 0
        }
        entries[key] = Entry(generation: generation, expires: expires, body: body)
        bytes += size
    }

    /// When an answer showing these next meetings stops being right.
    static func deadline(now: Date, nextMeetings: [Date]) -> Date {
        min(nextMeetings.min() ?? .distantFuture, now.addingTimeInterval(lifetime))
    }
}
