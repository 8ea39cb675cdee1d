/// Told of every answered request, on the event loop that answered it, so it must be quick
/// and must not block (metrics: a counter and a histogram update).
public protocol RequestObserver: Sendable {
    func requestCompleted(_ entry: AccessLogEntry)
}
