/// Every limit and timeout of the server, with production defaults.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port; `Server.port` tells which.
    public var port = 8080
    public var parserLimits = ParserLimits()
    /// Seconds allowed from a request's first byte to the end of its head.
    public var headerTimeout = 10.0
    /// Seconds a body may stall between two reads.
    public var bodyTimeout = 10.0
    /// Seconds an idle keep-alive connection is kept.
    public var idleTimeout = 30.0
    /// Seconds a client may take to read a response before it is dropped.
    public var writeTimeout = 30.0
    /// The slowest average rate, in bytes per second, at which a client may send a body or read
    /// a response once the transfer has lasted longer than `bodyTimeout` or `writeTimeout`: a
    /// client that trickles (a slow-body or slow-read attack) is dropped even though it never
    /// stalls for a whole timeout. 0 turns the check off.
    public var minimumBytesPerSecond = 1024.0
    /// Seconds to keep reading (and dropping) what a client still sends after the answer that
    /// closes its connection, so that its unread bytes do not reset the connection before it has
    /// read the answer. 0 closes at once.
    public var lingerTimeout = 2.0
    /// Connections beyond this get 503 and are closed.
    public var maxConnections = 20_000
    /// Event-loop threads; 0 means one per core.
    public var eventLoops = 0
    /// Threads that run handlers marked `.workerPool`.
    public var workerThreads = 16
    /// Threads that run handlers marked `.computePool`; 0 means two per core.
    public var computeThreads = 0
    /// Requests that may wait for a worker thread; beyond them a request gets `503` with
    /// `Retry-After` at once, instead of queueing without bound while the server falls behind.
    public var maxQueuedRequests = 1024
    /// Seconds to let requests in flight finish on shutdown.
    public var shutdownGracePeriod = 10.0
    /// Responses at least this large are gzipped when the client accepts it.
    public var gzipMinimumBytes = 1024
    /// Seconds an answer that is the same for everyone is given again without running its route
    /// (`SameAnswers`); 0 runs every request. A second, as long as `StaticFiles` trusts its copy of a file.
    public var sameAnswerLifetime = 1.0
    /// Listen backlog.
    public var backlog: Int32 = 4096
    /// A listening socket bound by a parent process (a supervisor), used instead of binding `host:port`.
    public var inheritedListener: Int32?
    /// Reverse proxies whose `X-Forwarded-For`/`Forwarded` name the client (see `ForwardedClient`);
    /// empty: the peer is the client, and those headers are ignored.
    public var trustedProxies: [IPNetwork] = []

    public init() {}
}
