import Synchronization

/// What every event loop of one server shares.
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    let responder: any Responder
    let pool: WorkerPool
    let computePool: WorkerPool
    let accessLog: AccessLog
    let observer: (any RequestObserver)?
    let forwardedClient: ForwardedClient
    let openConnections = Atomic<Int>(0)
    let requestsServed = Atomic<Int>(0)

    init(
        configuration: ServerConfiguration, responder: any Responder, pool: WorkerPool, computePool: WorkerPool, accessLog: AccessLog,
        observer: (any RequestObserver)?
    ) {
        self.configuration = configuration
        self.responder = responder
        self.pool = pool
        self.computePool = computePool
        self.accessLog = accessLog
        self.observer = observer
        self.forwardedClient = ForwardedClient(trustedProxies: configuration.trustedProxies)
    }

    /// Answers a matching conditional GET with 304 (`ConditionalGet`), else compresses a response when the
    /// client accepts gzip and it pays; runs on the thread that made the response.
    func finalize(_ response: Response, for head: RequestHead) -> Response {
        guard let type = response.headers["Content-Type"], Gzip.isCompressible(contentType: type) else {
            return ConditionalGet.notModified(response, for: head) ?? response
        }
        var response = response
        if !response.headers.hasToken("Accept-Encoding", in: "Vary") {
            response.headers.add("Vary", "Accept-Encoding")
        }
        if let notModified = ConditionalGet.notModified(response, for: head) { return notModified }
        guard response.body.count >= configuration.gzipMinimumBytes,
            Gzip.accepts(head.headers["Accept-Encoding"]),
            !response.headers.contains("Content-Encoding"),
            let compressed = Gzip.compress(response.body, level: 5),
            compressed.count < response.body.count
        else { return response }
        response.body = compressed
        response.headers.add("Content-Encoding", "gzip")
        if let etag = response.headers["ETag"], etag.hasSuffix("\"") {
            response.headers.set("ETag", String(etag.dropLast()) + "-gz\"")
        }
        return response
    }
}
