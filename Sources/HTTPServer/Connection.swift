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
    }

    let fd: Int32
    let remoteAddress: String
    unowned let loop: EventLoop
    var buffer = ByteBuffer()
    var parser: RequestParser
    /// A new connection must send its first head within the header timeout.
    var phase: Phase = .readingHead
    /// When the current phase's clock started (monotonic ns).
    var phaseStarted: UInt64
    var lastWriteProgress: UInt64 = 0
    var output: [UInt8] = []
    var outputOffset = 0
    var closeAfterWrite = false
    var peerClosedReading = false
    var isClosed = false
    var registeredEvents: UInt32 = 0

    private var head: RequestHead?
    private var route: ResolvedRoute?
    private var requestStarted: UInt64 = 0

    init(fd: Int32, remoteAddress: String, loop: EventLoop, limits: ParserLimits) {
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.loop = loop
        self.parser = RequestParser(limits: limits)
        self.phaseStarted = monotonicNanos()
    }

    var hasPendingOutput: Bool { outputOffset < output.count }

    /// Parses and answers whatever complete requests the buffer holds.
    func processInput() {
        while !isClosed && phase != .processing && !closeAfterWrite {
            // Do not run ahead of a client that is not reading its responses.
            if output.count - outputOffset > 256 * 1024 { break }
            switch parser.parse(&buffer) {
            case .needMore:
                if phase == .idle && !(parser.isIdle && buffer.isEmpty) {
                    enter(.readingHead)
                }
                if peerClosedReading && !hasPendingOutput { loop.close(self) }
                return
            case .head(let head):
                if requestStarted == 0 { requestStarted = monotonicNanos() }
                startBody(head)
            case .body(let body):
                guard let head, let route else { return }
                dispatch(Request(head: head, body: body, remoteAddress: remoteAddress), route: route)
            case .failure(let error):
                fail(error)
                return
            }
        }
    }

    private func startBody(_ head: RequestHead) {
        let route = loop.context.responder.resolve(head)
        self.head = head
        self.route = route
        if let expect = head.headers["Expect"] {
            guard expect.asciiCaseInsensitiveEquals("100-continue") else {
                fail(ParseError(417, "Only the 100-continue expectation is supported."))
                return
            }
        }
        let framing = parser.pendingFraming
        if let error = parser.beginBody(limit: route.bodyLimit) {
            fail(error)
            return
        }
        if head.headers["Expect"] != nil, head.minorVersion >= 1, let framing, framing != .none, buffer.isEmpty {
            queue(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        enter(.readingBody)
    }

    private func dispatch(_ request: Request, route: ResolvedRoute) {
        let head = request.head
        let context = loop.context
        switch route.execution {
        case .eventLoop:
            let response = context.finalize(route.run(request), for: head)
            respond(response, head: head, logPath: route.logPath)
            enter(.idle)
        case .workerPool:
            enter(.processing)
            loop.updateInterest(self)
            let loop = self.loop
            context.pool.submit { [self] in
                let response = context.finalize(route.run(request), for: head)
                loop.execute { [self] in
                    guard !isClosed else { return }
                    respond(response, head: head, logPath: route.logPath)
                    enter(.idle)
                    processInput()
                    loop.flush(self)
                }
            }
        }
    }

    /// Answers a request that could not be parsed, then closes.
    func fail(_ error: ParseError) {
        let problem = HTTPError(error.status, detail: error.reason).response
        let head = self.head ?? RequestHead(method: "-", target: "-", minorVersion: 1)
        closeAfterWrite = true
        respond(problem, head: head, logPath: nil, forceClose: true)
    }

    /// Serializes a response into the output queue and logs it.
    func respond(_ response: Response, head: RequestHead, logPath: String?, forceClose: Bool = false) {
        var keepAlive = head.wantsKeepAlive && !forceClose && !loop.isDraining
            && !response.headers.hasToken("close", in: "Connection")
        if peerClosedReading && buffer.isEmpty { keepAlive = false }
        let isHead = head.method == "HEAD"
        let status = response.status
        let bodyAllowed = !(status == 204 || status == 304 || (status >= 100 && status < 200))
        var out: [UInt8] = []
        out.reserveCapacity(192 + response.headers.fields.count * 32 + (isHead ? 0 : response.body.count))
        out.append(contentsOf: "HTTP/1.1 \(status) \(HTTPStatus.reason(status))\r\n".utf8)
        for (name, value) in response.headers {
            if name.asciiCaseInsensitiveEquals("Content-Length") || name.asciiCaseInsensitiveEquals("Connection")
                || name.asciiCaseInsensitiveEquals("Date") || name.asciiCaseInsensitiveEquals("Transfer-Encoding") { continue }
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: [58, 32])
            out.append(contentsOf: value.utf8)
            out.append(contentsOf: [13, 10])
        }
        out.append(contentsOf: "Date: ".utf8)
        out.append(contentsOf: loop.dateCache.current())
        out.append(contentsOf: [13, 10])
        if bodyAllowed {
            out.append(contentsOf: "Content-Length: \(response.body.count)\r\n".utf8)
        }
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if head.minorVersion == 0 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: [13, 10])
        if bodyAllowed && !isHead {
            out.append(contentsOf: response.body)
        }
        let sent = bodyAllowed && !isHead ? response.body.count : 0
        queue(out)
        if !keepAlive { closeAfterWrite = true }
        let elapsed = requestStarted > 0 ? Int((monotonicNanos() - requestStarted) / 1000) : 0
        loop.log(AccessLogEntry(method: head.method, path: logPath ?? head.rawPath, status: status, bytes: sent, durationMicros: elapsed))
        loop.context.requestsServed.add(1, ordering: .relaxed)
        self.head = nil
        self.route = nil
        requestStarted = 0
    }

    func queue(_ bytes: [UInt8]) {
        if outputOffset == output.count {
            output = bytes
            outputOffset = 0
        } else {
            output.append(contentsOf: bytes)
        }
        if lastWriteProgress == 0 || !hasPendingOutput { lastWriteProgress = monotonicNanos() }
    }

    func enter(_ phase: Phase) {
        self.phase = phase
        phaseStarted = monotonicNanos()
    }

    /// Writes as much queued output as the socket takes. Returns false if the connection died.
    func writeOutput() -> Bool {
        while outputOffset < output.count {
            let n = output.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + outputOffset, raw.count - outputOffset, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                outputOffset += n
                lastWriteProgress = monotonicNanos()
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return true
            } else {
                return false
            }
        }
        output = []
        outputOffset = 0
        return true
    }

    /// The deadline of the current phase, if any (monotonic ns).
    func deadline(_ configuration: ServerConfiguration) -> UInt64? {
        if hasPendingOutput { return lastWriteProgress + UInt64(configuration.writeTimeout * 1e9) }
        switch phase {
        case .idle: return phaseStarted + UInt64(configuration.idleTimeout * 1e9)
        case .readingHead: return phaseStarted + UInt64(configuration.headerTimeout * 1e9)
        case .readingBody: return phaseStarted + UInt64(configuration.bodyTimeout * 1e9)
        case .processing: return nil
        }
    }
}
