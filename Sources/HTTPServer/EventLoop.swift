import CPosix
import Foundation
import Synchronization

/// One thread running epoll over its own connections.
///
/// Every loop watches the shared listening socket (with `EPOLLEXCLUSIVE`, so one
/// loop wakes per new client) and keeps the connections it accepted.
final class EventLoop: @unchecked Sendable {
    let context: ServerContext
    private let epfd: Int32
    private let wakeFD: Int32
    private let listenFD: Int32
    @exclusivity(unchecked) private var connections: [Int32: Connection] = [:]
    /// Connections this loop owns, read by the other loops when they accept (`LoopSet.leastLoaded`).
    let connectionCount = Atomic<Int>(0)
    /// Every loop of the server, set before any runs.
    var siblings = LoopSet()
    /// Guards `tasks`, `wakePending` and `stopped`, and the wake descriptor's life.
    private let taskLock = NSLock()
    private var tasks: [() -> Void] = []
    /// Accepted clients another loop handed to this one (`handOver`), not yet watched.
    private var handedOver: [(fd: Int32, remoteAddress: String)] = []
    private var wakePending = false
    private var stopped = false
    @exclusivity(unchecked) var dateCache = DateCache()
    let sameAnswers: SameAnswers
    @exclusivity(unchecked) private var logClock = LogClock()
    @exclusivity(unchecked) private var logBatch: [UInt8] = []
    /// When the first line of `logBatch` was written (monotonic ns).
    @exclusivity(unchecked) private var logBatchStarted: UInt64 = 0
    /// This turn's answered requests, handed to the observer in one call when the turn ends.
    @exclusivity(unchecked) private var observed: [AccessLogEntry] = []
    @exclusivity(unchecked) private var readScratch = [UInt8](repeating: 0, count: 64 * 1024)
    /// The monotonic time (ns) when the loop last woke up: precise enough for timeouts, and free.
    @exclusivity(unchecked) private(set) var now: UInt64 = monotonicNanos()
    @exclusivity(unchecked) private(set) var isDraining = false
    private var drainDeadline: UInt64 = 0
    private var listening = true
    /// When accepting paused for lack of descriptors, the time to try again.
    private var resumeAcceptingAt: UInt64 = 0
    private let tickMillis: Int32
    private var nextSweep: UInt64 = 0
    private let overloadResponse = Array(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 40\r\nRetry-After: 5\r\nConnection: close\r\n\r\nThe server is busy. Please retry soon.\r\n"
            .utf8)

    init(context: ServerContext, listenFD: Int32) throws {
        self.context = context
        self.listenFD = listenFD
        sameAnswers = SameAnswers(lifetime: context.configuration.sameAnswerLifetime)
        epfd = cposix_epoll_create()
        wakeFD = cposix_eventfd()
        guard epfd >= 0, wakeFD >= 0 else {
            let reason = String(cString: strerror(errno))
            if epfd >= 0 { Glibc.close(epfd) }
            if wakeFD >= 0 { Glibc.close(wakeFD) }
            throw Socket.Failure(description: "cannot create epoll: \(reason)")
        }
        let c = context.configuration
        let shortest = min(c.headerTimeout, c.bodyTimeout, c.idleTimeout, c.writeTimeout, c.lingerTimeout)
        tickMillis = Int32(max(5, min(500, shortest.isNaN ? 500 : shortest * 250)))
        add(wakeFD, events: Events.read)
        add(listenFD, events: Events.read | Events.exclusive)
    }

    /// Releases the descriptors of a loop that never ran.
    func discard() {
        taskLock.lock()
        stopped = true
        Glibc.close(epfd)
        Glibc.close(wakeFD)
        taskLock.unlock()
    }

    /// Runs a closure on this loop's thread; dropped once the loop has stopped.
    func execute(_ task: @escaping () -> Void) {
        taskLock.lock()
        defer { taskLock.unlock() }
        guard !stopped else { return }
        tasks.append(task)
        wakeLocked()
    }

    /// Wakes the loop from `epoll_wait`; called with `taskLock` held.
    private func wakeLocked() {
        guard !wakePending else { return }
        wakePending = true
        // Written under the lock: the loop closes this descriptor under the same lock.
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    /// Stops accepting and lets connections finish for up to `grace` seconds.
    func beginDraining(grace: Double) {
        execute { [self] in
            isDraining = true
            drainDeadline = monotonicNanos() + UInt64(min(max(0, grace), 1e9) * 1e9)
            stopListening()
            for connection in Array(connections.values) where connection.isBetweenRequests && !connection.hasPendingOutput {
                close(connection)
            }
        }
    }

    func run() {
        var readyData = [UInt64](repeating: 0, count: 256)
        var readyEvents = [UInt32](repeating: 0, count: 256)
        while true {
            // Lines waiting in the log are written within about 100 ms even when no client wakes the loop.
            let timeout = logBatch.isEmpty ? tickMillis : min(tickMillis, Int32(Self.logBatchNanos / 1_000_000))
            let count = cposix_epoll_wait(epfd, &readyData, &readyEvents, 256, timeout)
            now = monotonicNanos()
            if count > 0 {
                for i in 0..<Int(count) {
                    let fd = Int32(truncatingIfNeeded: readyData[i])
                    let flags = readyEvents[i]
                    if fd == listenFD {
                        if listening { acceptClients() }
                    } else if fd == wakeFD {
                        var value: UInt64 = 0
                        _ = read(wakeFD, &value, 8)
                    } else if let connection = connections[fd] {
                        handle(connection, flags: flags)
                    }
                }
            }
            runTasks()
            if now >= nextSweep {
                sweep(now)
                nextSweep = now + UInt64(tickMillis) * 1_000_000
            }
            flushLog()
            if isDraining && (now >= drainDeadline || connections.values.allSatisfy({ $0.phase == .lingering })) {
                for connection in Array(connections.values) { close(connection) }
                flushLog(force: true)
                taskLock.lock()
                stopped = true
                tasks.removeAll()
                // Clients handed over by another loop that this one never started to watch.
                for (fd, _) in handedOver {
                    Glibc.close(fd)
                    context.openConnections.subtract(1, ordering: .relaxed)
                }
                handedOver.removeAll()
                Glibc.close(epfd)
                Glibc.close(wakeFD)
                taskLock.unlock()
                return
            }
        }
    }

    // MARK: - Accepting

    private func acceptClients() {
        for _ in 0..<64 {
            var storage = sockaddr_storage()
            var length = UInt32(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) { cposix_accept(listenFD, $0, &length) }
            if fd < 0 {
                switch errno {
                case EINTR, ECONNABORTED, EPROTO:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors: the listening socket stays readable, so stop watching it
                    // for a moment instead of spinning; the clients wait in the backlog.
                    stopListening()
                    resumeAcceptingAt = now + 100_000_000
                    return
                default:
                    return
                }
            }
            let open = context.openConnections.add(1, ordering: .relaxed).newValue
            if open > context.configuration.maxConnections || isDraining {
                refuse(fd)
                continue
            }
            Socket.setNoDelay(fd)
            let remoteAddress = Socket.address(of: storage)
            // The loop with the fewest connections takes it: which loop the kernel wakes is chance, and
            // keep-alive clients would otherwise leave one core busy and the other idle.
            let owner = siblings.leastLoaded(besides: self)
            owner.connectionCount.add(1, ordering: .relaxed)
            if owner === self {
                adopt(fd, remoteAddress: remoteAddress)
            } else if !owner.handOver(fd, remoteAddress: remoteAddress) {
                // That loop has stopped (the server is stopping): this one keeps the client.
                owner.connectionCount.subtract(1, ordering: .relaxed)
                connectionCount.add(1, ordering: .relaxed)
                adopt(fd, remoteAddress: remoteAddress)
            }
        }
    }

    /// Gives this loop a client another loop accepted; false once this loop has stopped.
    func handOver(_ fd: Int32, remoteAddress: String) -> Bool {
        taskLock.lock()
        defer { taskLock.unlock() }
        guard !stopped else { return false }
        handedOver.append((fd, remoteAddress))
        wakeLocked()
        return true
    }

    /// Starts watching an accepted client on this loop (its `connectionCount` already counts it).
    /// A loop that began draining since another loop accepted the client answers it 503, as it would
    /// have itself, so that an idle newcomer does not hold its shutdown for the whole grace period.
    private func adopt(_ fd: Int32, remoteAddress: String) {
        if isDraining {
            refuse(fd)
            connectionCount.subtract(1, ordering: .relaxed)
            return
        }
        let connection = Connection(fd: fd, remoteAddress: remoteAddress, loop: self, limits: context.configuration.parserLimits)
        connections[fd] = connection
        connection.registeredEvents = Events.read | Events.readHangup
        add(fd, events: connection.registeredEvents)
    }

    /// Answers 503 to a connection over the cap (or arriving while the server drains), closes it, and logs it.
    private func refuse(_ fd: Int32) {
        overloadResponse.withUnsafeBytes { _ = send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        shutdown(fd, Int32(SHUT_WR))
        // Read what the client already sent, so that closing does not reset the connection
        // (and destroy the answer) because of unread bytes.
        readScratch.withUnsafeMutableBytes { raw in
            for _ in 0..<4 where recv(fd, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT)) > 0 {}
        }
        Glibc.close(fd)
        context.openConnections.subtract(1, ordering: .relaxed)
        // Logged, so that an operator sees the load being shed.
        log(AccessLogEntry(method: "-", path: "-", status: 503, bytes: 40, durationMicros: 0))
    }

    private func stopListening() {
        guard listening else { return }
        cposix_epoll_del(epfd, listenFD)
        listening = false
    }

    // MARK: - Connection events

    private func handle(_ connection: Connection, flags: UInt32) {
        if flags & (Events.error | Events.hangup) != 0
            && (flags & Events.read == 0 || connection.phase == .processing || connection.phase == .lingering)
        {
            // The client is gone in both directions (or reset): nothing more can be said to it.
            close(connection)
            return
        }
        if flags & (Events.read | Events.readHangup) != 0 && connection.phase != .processing {
            readAvailable(connection)
            if connection.isClosed { return }
            if connection.phase != .lingering && !connection.closeAfterWrite {
                connection.processInput()
                if connection.isClosed { return }
            }
        }
        flush(connection)
    }

    private func readAvailable(_ connection: Connection) {
        // After the last answer, whatever the client sends is dropped, never buffered.
        let discard = connection.phase == .lingering || connection.closeAfterWrite
        for _ in 0..<4 {
            let n = readScratch.withUnsafeMutableBytes { read(connection.fd, $0.baseAddress, $0.count) }
            if n > 0 {
                if !discard {
                    readScratch.withUnsafeBytes { connection.buffer.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                    if connection.phase == .readingBody {
                        connection.phaseStarted = now
                        connection.bodyBytes += n
                    }
                }
                if n < readScratch.count { return }
            } else if n == 0 {
                connection.peerClosedReading = true
                if connection.phase == .lingering || (connection.buffer.isEmpty && !connection.hasPendingOutput) {
                    close(connection)
                }
                return
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return
            } else {
                close(connection)
                return
            }
        }
    }

    /// Writes what is queued, resumes requests that waited for the output to drain,
    /// closes when done, and sets the events to watch.
    func flush(_ connection: Connection) {
        while !connection.isClosed {
            guard connection.writeOutput() else { close(connection); return }
            if connection.hasPendingOutput { break }
            if connection.closeAfterWrite {
                if connection.phase != .lingering { finish(connection) }
                if connection.phase == .lingering { break }
                return
            }
            let resumable =
                connection.phase != .processing && connection.phase != .lingering
                && (connection.pausedForOutput || connection.peerClosedReading)
            guard resumable else { break }
            connection.processInput()
        }
        if connection.isClosed { return }
        if isDraining && connection.isBetweenRequests && !connection.hasPendingOutput {
            close(connection)
            return
        }
        updateInterest(connection)
    }

    /// Ends a connection whose last answer is written: shuts our side, then lingers until the client closes.
    private func finish(_ connection: Connection) {
        if connection.peerClosedReading || context.configuration.lingerTimeout <= 0 {
            close(connection)
            return
        }
        shutdown(connection.fd, Int32(SHUT_WR))
        connection.buffer.discardAll()
        connection.enter(.lingering)
    }

    func updateInterest(_ connection: Connection) {
        var events: UInt32 = 0
        if connection.hasPendingOutput { events |= Events.write }
        if connection.phase != .processing && !connection.peerClosedReading
            && connection.output.count - connection.outputOffset <= Connection.maxQueuedOutput
        {
            events |= Events.read | Events.readHangup
        }
        if events != connection.registeredEvents {
            connection.registeredEvents = events
            cposix_epoll_mod(epfd, connection.fd, events, UInt64(UInt32(bitPattern: connection.fd)))
        }
    }

    func close(_ connection: Connection) {
        guard !connection.isClosed else { return }
        connection.isClosed = true
        connectionCount.subtract(1, ordering: .relaxed)
        connections[connection.fd] = nil
        cposix_epoll_del(epfd, connection.fd)
        Glibc.close(connection.fd)
        connection.buffer.discardAll()
        connection.output = []
        context.openConnections.subtract(1, ordering: .relaxed)
    }

    /// Closes with a reset: for a client that stopped reading (its answer still queued here or in
    /// the kernel), a FIN would wait behind data it never reads, and the kernel would keep that
    /// data until it gave up; a reset frees it now.
    func reset(_ connection: Connection) {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(connection.fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close(connection)
    }

    /// Bytes the kernel still holds for the client, sent but not acknowledged or not sent yet:
    /// more than zero on a connection that timed out means the client stopped reading.
    static func unacknowledgedBytes(_ fd: Int32) -> Int32 {
        var count: Int32 = 0
        return ioctl(fd, UInt(TIOCOUTQ), &count) == 0 ? count : 0
    }

    private func sweep(_ now: UInt64) {
        if !listening && !isDraining && resumeAcceptingAt > 0 && now >= resumeAcceptingAt {
            resumeAcceptingAt = 0
            add(listenFD, events: Events.read | Events.exclusive)
            listening = true
        }
        let configuration = context.configuration
        for connection in Array(connections.values) {
            let expired = connection.deadline(configuration).map { now >= $0 } ?? false
            guard expired || connection.isTooSlow(now, configuration) else { continue }
            let midRequest =
                connection.phase == .readingBody
                || (connection.phase == .readingHead && !connection.isBetweenRequests)
            if midRequest && !connection.hasPendingOutput && !connection.closeAfterWrite {
                connection.fail(ParseError(408, "The request was not received in time."))
                flush(connection)
            } else if connection.hasPendingOutput || Self.unacknowledgedBytes(connection.fd) > 0 {
                reset(connection)
            } else {
                close(connection)
            }
        }
    }

    private func runTasks() {
        taskLock.lock()
        let pending = tasks
        tasks.removeAll(keepingCapacity: true)
        let clients = handedOver
        handedOver.removeAll(keepingCapacity: true)
        wakePending = false
        taskLock.unlock()
        for (fd, remoteAddress) in clients { adopt(fd, remoteAddress: remoteAddress) }
        for task in pending { task() }
    }

    // MARK: - Logging

    func log(_ entry: AccessLogEntry) {
        if logBatch.isEmpty { logBatchStarted = now }
        AccessLog.append(entry, clock: &logClock, to: &logBatch)
        if context.observer != nil { observed.append(entry) }
    }

    /// Hands the turn's answers to the observer, and writes the log's lines once they are 64 KB or
    /// 100 ms old (as nginx's `buffer=64k`, which writes a tenth as often as one write per turn).
    private func flushLog(force: Bool = false) {
        if let observer = context.observer, !observed.isEmpty {
            observer.requestsCompleted(observed)
            observed.removeAll(keepingCapacity: observed.capacity <= 4096)
        }
        guard !logBatch.isEmpty else { return }
        guard force || logBatch.count >= Self.logBatchBytes || now &- logBatchStarted >= Self.logBatchNanos else { return }
        context.accessLog.write(logBatch)
        logBatch.removeAll(keepingCapacity: logBatch.capacity <= 1 << 20)
    }

    private static let logBatchBytes = 64 * 1024
    private static let logBatchNanos: UInt64 = 100_000_000

    private func add(_ fd: Int32, events: UInt32) {
        cposix_epoll_add(epfd, fd, events, UInt64(UInt32(bitPattern: fd)))
    }
}

/// The epoll event bits, as plain numbers.
enum Events {
    static let read = UInt32(CPOSIX_EPOLLIN)
    static let write = UInt32(CPOSIX_EPOLLOUT)
    static let error = UInt32(CPOSIX_EPOLLERR)
    static let hangup = UInt32(CPOSIX_EPOLLHUP)
    static let readHangup = UInt32(CPOSIX_EPOLLRDHUP)
    static let exclusive = UInt32(CPOSIX_EPOLLEXCLUSIVE)
}

/// The loops of one server, held weakly (each loop holds the set), fixed before the loops run.
struct LoopSet {
    private struct Member {
        weak var loop: EventLoop?
    }

    private var members: [Member] = []

    init(_ loops: [EventLoop] = []) {
        members = loops.map { Member(loop: $0) }
    }

    /// The loop with the fewest connections, `current` when it has no more than any other.
    func leastLoaded(besides current: EventLoop) -> EventLoop {
        var best = current
        var fewest = current.connectionCount.load(ordering: .relaxed)
        for member in members {
            guard let loop = member.loop, loop !== current else { continue }
            let count = loop.connectionCount.load(ordering: .relaxed)
            if count < fewest {
                best = loop
                fewest = count
            }
        }
        return best
    }
}
