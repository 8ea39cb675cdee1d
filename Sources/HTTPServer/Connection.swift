import Foundation

/// One client connection, owned by a single event loop thread.
///
/// It handles one request at a time: a pipelined request waits in the buffer
/// until the response before it is queued, which keeps responses in order.
final class Connection: @unchecked Sendable {
    enum Phase {
        /// Between requests; nothing of the next one received.
        case idle
        case readingHead
        case readingBody
        /// A worker is running the handler.
        case processing
        /// The last answer is sent and our side shut: what the client still sends is read and
        /// dropped until it closes, so that its unread bytes do not turn our close into a reset
        /// that could destroy the answer before the client reads it.
        case lingering
    }

    /// Pipelined requests wait while this much output is queued for a client that does not read.
    static let maxQueuedOutput = 256 * 1024

    let fd: Int32
    let remoteAddress: String
    /// The loop outlives its connections (a worker's job keeps its loop alive), so no reference counting is needed.
    unowned(unsafe) let loop: EventLoop
    @exclusivity(unchecked) var buffer = ByteBuffer()
    @exclusivity(unchecked) var parser: RequestParser
    /// A new connection must send its first head within the header timeout.
    @exclusivity(unchecked) var phase: Phase = .readingHead
    /// When the current phase's clock started (monotonic ns).
    @exclusivity(unchecked) var phaseStarted: UInt64
    @exclusivity(unchecked) var lastWriteProgress: UInt64 = 0
    @exclusivity(unchecked) var output: [UInt8] = []
    @exclusivity(unchecked) var outputOffset = 0
    /// No further request is read: the connection closes once its output is sent.
    @exclusivity(unchecked) var closeAfterWrite = false
    @exclusivity(unchecked) var peerClosedReading = false
    @exclusivity(unchecked) var isClosed = false
    /// `processInput` stopped because too much output was queued; resume it once the output drains.
    @exclusivity(unchecked) var pausedForOutput = false
    @exclusivity(unchecked) var registeredEvents: UInt32 = 0
    /// When the current body started and how many bytes arrived since, for the minimum rate.
    @exclusivity(unchecked) var bodyStarted: UInt64 = 0
    @exclusivity(unchecked) var bodyBytes = 0
    /// When the output last became non-empty and how many bytes were written since, for the minimum rate.
    @exclusivity(unchecked) var writeStarted: UInt64 = 0
    @exclusivity(unchecked) var writtenBytes = 0

    /// The request being read or answered: its head and the route it resolved to.
    @exclusivity(unchecked) private var current: CurrentRequest?
    @exclusivity(unchecked) private var requestStarted: UInt64 = 0

    init(fd: Int32, remoteAddress: String, loop: EventLoop, limits: ParserLimits) {
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.loop = loop
        self.parser = RequestParser(limits: limits)
        self.phaseStarted = loop.now
    }

    var hasPendingOutput: Bool { outputOffset < output.count }

    /// Whether nothing of a request has arrived since the last answer.
    var isBetweenRequests: Bool {
        (phase == .idle || phase == .readingHead) && buffer.isEmpty && parser.isIdle
    }

    /// Parses and answers whatever complete requests the buffer holds.
    func processInput() {
        pausedForOutput = false
        while !isClosed && phase != .processing && phase != .lingering && !closeAfterWrite {
            // Do not run ahead of a client that is not reading its responses.
            if output.count - outputOffset > Self.maxQueuedOutput {
                pausedForOutput = true
                return
            }
            switch parser.parse(&buffer) {
            case .needMore:
                if phase == .idle && !(parser.isIdle && buffer.isEmpty) {
                    enter(.readingHead)
                }
                if peerClosedReading && !hasPendingOutput { loop.close(self) }
                return
            case .head(let head):
                requestStarted = phase == .readingHead ? phaseStarted : monotonicNanos()
                startBody(head)
            case .body(let body):
                guard let current else { return }
                dispatch(request(current.head, body: body), route: current.route)
            case .failure(let error):
                fail(error)
                return
            }
        }
    }

    private func startBody(_ head: RequestHead) {
        if let kept = loop.sameAnswers.answer(for: head, now: loop.now), parser.endWithoutBody() {
            respond(kept, head: head)
            enter(.idle)
            return
        }
        let route = loop.context.responder.resolve(head)
        current = CurrentRequest(head: head, route: route)
        let framing = parser.pendingFraming ?? .none
        var expectsContinue = false
        // RFC 9110 §10.1.1: a 100-continue in an HTTP/1.0 request is ignored; so are other
        // expectations, which HTTP/1.0 never defined.
        if head.minorVersion >= 1 && head.headers.contains("Expect") {
            let expectations = head.headers.values("Expect")
            if !expectations.isEmpty {
                guard expectations.count == 1, expectations[0].asciiCaseInsensitiveEquals("100-continue") else {
                    fail(ParseError(417, "Only the 100-continue expectation is supported."))
                    return
                }
                expectsContinue = true
            }
        }
        if route.answersBeforeBody && framing != .none {
            // The answer does not depend on the body: give it now, without reading the body, then close.
            closeAfterWrite = true
            dispatch(request(head, body: []), route: route)
            return
        }
        if let error = parser.beginBody(limit: route.bodyLimit) {
            fail(error)
            return
        }
        if expectsContinue && framing != .none && buffer.isEmpty {
            queue(Self.continueResponse)
        }
        enter(.readingBody)
        bodyStarted = phaseStarted
        bodyBytes = 0
    }

    private static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private func request(_ head: RequestHead, body: [UInt8]) -> Request {
        let client = loop.context.forwardedClient.address(peer: remoteAddress, headers: head.headers)
        return Request(head: head, body: body, remoteAddress: client, peerAddress: remoteAddress)
    }

    private func dispatch(_ request: Request, route: ResolvedRoute) {
        let head = request.head
        let context = loop.context
        switch route.execution {
        case .eventLoop:
            let response = context.finalize(route.run(request), for: head)
            if route.sameForEveryone { loop.sameAnswers.keep(response, for: head, route: route, now: loop.now) }
            respond(response, head: head, logPath: route.logPath)
            enter(.idle)
        case .workerPool, .computePool:
            enter(.processing)
            let loop = self.loop
            let pool = route.execution == .computePool ? context.computePool : context.pool
            let queued = pool.submit(limit: context.configuration.maxQueuedRequests) { [self] in
                let response = context.finalize(route.run(request), for: head)
                loop.execute { [self] in
                    guard !isClosed else {
                        // The client left while its request ran; record what was done all the same.
                        loop.log(
                            AccessLogEntry(
                                method: head.method, path: route.logPath ?? head.rawPath, status: response.status,
                                bytes: 0, durationMicros: elapsedMicros(), route: route.pattern ?? "-"))
                        return
                    }
                    respond(response, head: head, logPath: route.logPath)
                    enter(.idle)
                    processInput()
                    loop.flush(self)
                }
            }
            if !queued {
                var busy = HTTPError(503, detail: "The server is busy. Please try again in a moment.")
                busy.headers.add("Retry-After", "1")
                respond(context.finalize(busy.response, for: head), head: head, logPath: route.logPath)
                enter(.idle)
            }
        }
    }

    /// Answers a request that could not be parsed or timed out, then closes.
    func fail(_ error: ParseError) {
        let problem = HTTPError(error.status, detail: error.reason).response
        closeAfterWrite = true
        // A head that arrived was resolved: its route says how to log its path (never a secret one).
        if let current {
            respond(problem, head: current.head, logPath: current.route.logPath)
        } else {
            respond(problem, head: RequestHead(method: "-", target: "-", minorVersion: 1), logPath: "-")
        }
    }

    private func elapsedMicros() -> Int {
        requestStarted > 0 ? Int((monotonicNanos() &- requestStarted) / 1000) : 0
    }

    /// Serializes a response into the output queue and logs it.
    func respond(_ response: Response, head: RequestHead, logPath: String?) {
        // A handler cannot send an interim (1xx) answer, or a status HTTP does not have, as its final one.
        guard (200...599).contains(response.status) else {
            respond(HTTPError(500, detail: "The handler answered with an invalid status.").response, head: head, logPath: logPath)
            return
        }
        let keepAlive = keepsAlive(head) && !response.headers.hasToken("close", in: "Connection")
        let sendsBody = head.method != "HEAD" && ResponseWriter.allowsBody(response.status)
        queueAnswer(
            ResponseWriter.head(of: response, reserving: Self.perRequestBytes + (sendsBody ? response.body.count : 0)), body: response.body,
            status: response.status, sendsBody: sendsBody, keepAlive: keepAlive, head: head, logPath: logPath, route: current?.route.pattern)
    }

    /// Sends an answer kept by `SameAnswers`.
    private func respond(_ answer: SameAnswers.Answer, head: RequestHead) {
        var out: [UInt8] = []
        out.reserveCapacity(answer.head.count + Self.perRequestBytes + (answer.sendsBody ? answer.body.count : 0))
        out.append(contentsOf: answer.head)
        queueAnswer(
            out, body: answer.body, status: 200, sendsBody: answer.sendsBody, keepAlive: keepsAlive(head), head: head,
            logPath: answer.logPath, route: answer.pattern)
    }

    /// Whether the connection stays open after this answer, as far as the request and the server go.
    private func keepsAlive(_ head: RequestHead) -> Bool {
        head.wantsKeepAlive && !closeAfterWrite && !loop.isDraining && !(peerClosedReading && buffer.isEmpty)
    }

    /// Room for the fields written per request: `Date`, `Connection` and the empty line.
    private static let perRequestBytes = 64

    /// Completes a serialized head (`ResponseWriter.head`, with room for the rest) with the fields written per
    /// request and the body, queues it, and logs the answer.
    private func queueAnswer(
        _ fields: consuming [UInt8], body: [UInt8], status: Int, sendsBody: Bool, keepAlive: Bool, head: RequestHead, logPath: String?,
        route: String?
    ) {
        var out = fields
        out.append(contentsOf: ResponseWriter.dateName)
        out.append(contentsOf: loop.dateCache.current())
        out.append(13); out.append(10)
        if !keepAlive {
            out.append(contentsOf: ResponseWriter.connectionClose)
        } else if head.minorVersion == 0 {
            out.append(contentsOf: ResponseWriter.connectionKeepAlive)
        }
        out.append(13); out.append(10)
        if sendsBody { out.append(contentsOf: body) }
        queue(out)
        if !keepAlive { closeAfterWrite = true }
        loop.log(
            AccessLogEntry(
                method: head.method, path: logPath ?? head.rawPath, status: status, bytes: sendsBody ? body.count : 0,
                durationMicros: elapsedMicros(), route: route ?? "-"))
        loop.context.requestsServed.add(1, ordering: .relaxed)
        current = nil
        requestStarted = 0
    }

    func queue(_ bytes: [UInt8]) {
        if !hasPendingOutput {
            output = bytes
            outputOffset = 0
            lastWriteProgress = loop.now
            writeStarted = lastWriteProgress
            writtenBytes = 0
        } else {
            output.append(contentsOf: bytes)
        }
    }

    func enter(_ phase: Phase) {
        self.phase = phase
        phaseStarted = loop.now
    }

    /// Writes as much queued output as the socket takes. Returns false if the connection died.
    func writeOutput() -> Bool {
        while outputOffset < output.count {
            let n = output.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + outputOffset, raw.count - outputOffset, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                outputOffset += n
                writtenBytes += n
                lastWriteProgress = loop.now
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return true
            } else {
                return false
            }
        }
        // Each answer brings its own bytes (`queue`), so a sent one's memory is given back at once: an idle
        // connection holds none.
        if !output.isEmpty { output = [] }
        outputOffset = 0
        return true
    }

    /// The deadline of the current phase, if any (monotonic ns).
    func deadline(_ configuration: ServerConfiguration) -> UInt64? {
        if phase == .lingering { return phaseStarted + nanos(configuration.lingerTimeout) }
        if hasPendingOutput { return lastWriteProgress + nanos(configuration.writeTimeout) }
        switch phase {
        case .idle: return phaseStarted + nanos(configuration.idleTimeout)
        case .readingHead: return phaseStarted + nanos(configuration.headerTimeout)
        case .readingBody: return phaseStarted + nanos(configuration.bodyTimeout)
        case .processing, .lingering: return nil
        }
    }

    /// Whether a body arrives, or a response is read, slower on average than the configured minimum rate.
    func isTooSlow(_ now: UInt64, _ configuration: ServerConfiguration) -> Bool {
        let rate = configuration.minimumBytesPerSecond
        guard rate > 0 else { return false }
        if hasPendingOutput && writeStarted > 0 {
            let elapsed = Double(now &- writeStarted) / 1e9
            if elapsed > configuration.writeTimeout && Double(writtenBytes) / elapsed < rate { return true }
        }
        if phase == .readingBody && bodyStarted > 0 {
            let elapsed = Double(now &- bodyStarted) / 1e9
            if elapsed > configuration.bodyTimeout && Double(bodyBytes) / elapsed < rate { return true }
        }
        return false
    }

    /// Seconds as nanoseconds, clamped so that no setting (even infinity) can overflow a deadline.
    private func nanos(_ seconds: Double) -> UInt64 { UInt64(min(max(0, seconds), 1e9) * 1e9) }
}

/// Pieces of a serialized response head.
enum ResponseWriter {
    static let dateName = Array("Date: ".utf8)
    static let contentLengthName = Array("Content-Length: ".utf8)
    static let connectionClose = Array("Connection: close\r\n".utf8)
    static let connectionKeepAlive = Array("Connection: keep-alive\r\n".utf8)

    /// `HTTP/1.1 200 OK\r\n` for every status 100...599, built once.
    private static let statusLines: [[UInt8]] = (0..<600).map { code in
        code < 100 ? [] : Array("HTTP/1.1 \(code) \(HTTPStatus.reason(code))\r\n".utf8)
    }

    static func appendStatusLine(_ status: Int, to out: inout [UInt8]) {
        out.append(contentsOf: statusLines[status])
    }

    /// Whether an answer with this status has a body (and so a `Content-Length`): not 1xx, 204 or 304.
    static func allowsBody(_ status: Int) -> Bool {
        !(status == 204 || status == 304 || status < 200)
    }

    /// The status line, the handler's fields and `Content-Length`: everything of the head but the fields written
    /// per request, in an array with room for `reserving` more bytes.
    static func head(of response: Response, reserving: Int = 0) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96 + response.headers.fields.count * 48 + reserving)
        appendStatusLine(response.status, to: &out)
        for (name, value) in response.headers where !isManaged(name) {
            appendField(name, value, to: &out)
        }
        if allowsBody(response.status) {
            out.append(contentsOf: contentLengthName)
            JSONWriter.appendDecimal(response.body.count, to: &out)
            out.append(13); out.append(10)
        }
        return out
    }

    /// The fields the server writes itself; a handler's copies are dropped.
    static func isManaged(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: return name.asciiCaseInsensitiveEquals("Date")
        case 10: return name.asciiCaseInsensitiveEquals("Connection")
        case 14: return name.asciiCaseInsensitiveEquals("Content-Length")
        case 17: return name.asciiCaseInsensitiveEquals("Transfer-Encoding")
        default: return false
        }
    }

    /// Appends `name: value\r\n`. A name that is not a token is dropped, and control characters
    /// are removed from the value, so that no handler can split a response with data it echoes.
    static func appendField(_ name: String, _ value: String, to out: inout [UInt8]) {
        if let done = name.utf8.withContiguousStorageIfAvailable({ n in
            value.utf8.withContiguousStorageIfAvailable { v in appendField(n, v, to: &out) }
        }), done != nil {
            return
        }
        let n = Array(name.utf8), v = Array(value.utf8)
        n.withUnsafeBufferPointer { n in v.withUnsafeBufferPointer { v in appendField(n, v, to: &out) } }
    }

    private static func appendField(_ n: UnsafeBufferPointer<UInt8>, _ v: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard !n.isEmpty else { return }
        for byte in n where !isTokenChar(byte) { return }
        out.append(contentsOf: n)
        out.append(58); out.append(32)
        var clean = true
        for byte in v where byte < 0x20 || byte == 0x7F {
            if byte != 9 { clean = false; break }
        }
        if clean {
            out.append(contentsOf: v)
        } else {
            for byte in v where !((byte < 0x20 && byte != 9) || byte == 0x7F) { out.append(byte) }
        }
        out.append(13); out.append(10)
    }
}

/// A connection's request between its head and its answer. A class, so that an idle connection (most of
/// 10,000 open ones) holds one empty reference instead of room for a head and a route (about 150 bytes).
private final class CurrentRequest {
    let head: RequestHead
    let route: ResolvedRoute

    init(head: RequestHead, route: ResolvedRoute) {
        self.head = head
        self.route = route
    }
}
