import Foundation

/// Encoded answers of public group searches, by query (and language when not English), reused while
/// still exactly right (see `GenerationCache`). Only anonymous searches are kept: what a signed-in
/// caller sees (private online details) depends on who they are.
typealias SearchCache = GenerationCache<String, [UInt8]>

extension GenerationCache where Key == String, Value == [UInt8] {
    /// The longest an answer is kept, whatever its deadline.
    static var lifetime: TimeInterval { 60 }

    func body(for key: String, generation: Int64, now: Date) -> [UInt8]? {
        entry(for: key, generation: generation, now: now)?.value
    }

    func store(_ body: [UInt8], for key: String, generation: Int64, expires: Date) {
        store(body, size: body.count + key.utf8.count, for: key, generation: generation, expires: expires)
    }

    /// When an answer stops being right: when the first of its groups changes with time (a next meeting
    /// begins or ends, the freshness cut-off moves), and at most `lifetime` from now.
    static func deadline(now: Date, nextMeetings: [Date]) -> Date {
        min(nextMeetings.min() ?? .distantFuture, now.addingTimeInterval(lifetime))
    }
}
