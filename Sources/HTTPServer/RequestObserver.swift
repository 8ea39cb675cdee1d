/// Told of answered requests, in batches: each event loop hands over what it answered in one turn
/// when the turn ends, so that an observer (metrics) takes its locks once per turn, not once per
/// request — two loops meeting on one lock for every request cost more than the request itself.
/// Called on the event loop: it must be quick and must not block.
public protocol RequestObserver: Sendable {
    func requestsCompleted(_ entries: [AccessLogEntry])
}
