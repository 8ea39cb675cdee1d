import CPosix
import Foundation
import Synchronization

/// An HTTP/1.1 server on POSIX sockets: epoll event loops for I/O, a worker pool for handlers that block.
///
/// Its life is one explicit state: created, running, stopping (draining), stopped.
public final class Server: Sendable {
    public enum State: Sendable, Equatable {
        case created
        case running(port: Int)
        case stopping
        case stopped
    }

    public let configuration: ServerConfiguration
    private let responder: any Responder
    private let accessLog: AccessLog
    private let observer: (any RequestObserver)?
    private let state = Mutex<State>(.created)
    private let runtime = Mutex<Runtime?>(nil)

    private struct Runtime: @unchecked Sendable {
        var listenFD: Int32
        var loops: [EventLoop]
        var finished: DispatchGroup
        var context: ServerContext
    }

    public init(
        configuration: ServerConfiguration, responder: any Responder, accessLog: AccessLog = .standardOutput(),
        observer: (any RequestObserver)? = nil
    ) {
        self.configuration = configuration
        self.responder = responder
        self.accessLog = accessLog
        self.observer = observer
    }

    /// Binds, starts the threads and returns; the server then runs until `shutdown()`.
    public func start() throws {
        try state.withLock { state in
            guard state == .created else { throw Socket.Failure(description: "the server was already started") }
            signal(SIGPIPE, SIG_IGN)
            Self.raiseDescriptorLimit()
            let fd: Int32
            if let inherited = configuration.inheritedListener {
                fd = inherited
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            } else {
                fd = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
            }
            let pool = WorkerPool(threads: configuration.workerThreads)
            let computePool = WorkerPool(threads: computeThreads, name: "circles-compute")
            let context = ServerContext(
                configuration: configuration, responder: responder, pool: pool, computePool: computePool, accessLog: accessLog,
                observer: observer)
            let loopCount = configuration.eventLoops > 0 ? configuration.eventLoops : max(1, ProcessInfo.processInfo.activeProcessorCount)
            var loops: [EventLoop] = []
            do {
                for _ in 0..<loopCount { loops.append(try EventLoop(context: context, listenFD: fd)) }
            } catch {
                for loop in loops { loop.discard() }
                close(fd)
                pool.shutdown()
                computePool.shutdown()
                throw error
            }
            for loop in loops { loop.siblings = LoopSet(loops) }
            let finished = DispatchGroup()
            for (index, loop) in loops.enumerated() {
                finished.enter()
                let thread = Thread {
                    loop.run()
                    finished.leave()
                }
                thread.name = "circles-loop-\(index)"
                thread.start()
            }
            runtime.withLock { $0 = Runtime(listenFD: fd, loops: loops, finished: finished, context: context) }
            state = .running(port: Socket.boundPort(fd))
        }
    }

    /// The port the server listens on (useful with port 0), or nil when not running.
    public var port: Int? {
        if case .running(let port) = state.withLock({ $0 }) { return port }
        return nil
    }

    public var currentState: State { state.withLock { $0 } }

    /// Connections open right now.
    public var openConnections: Int {
        runtime.withLock { $0?.context.openConnections.load(ordering: .relaxed) ?? 0 }
    }

    /// Connections open right now on each event loop.
    public var connectionsPerLoop: [Int] {
        runtime.withLock { $0?.loops.map { $0.connectionCount.load(ordering: .relaxed) } ?? [] }
    }

    /// Handlers waiting for a worker thread plus those running on one.
    public var workerLoad: Int {
        runtime.withLock { $0?.context.pool.load ?? 0 }
    }

    /// Threads of the worker pool.
    public var workerThreads: Int { configuration.workerThreads }

    /// Handlers waiting for a compute thread plus those running on one.
    public var computeLoad: Int {
        runtime.withLock { $0?.context.computePool.load ?? 0 }
    }

    /// Threads of the compute pool: `configuration.computeThreads`, or two per core.
    public var computeThreads: Int {
        configuration.computeThreads > 0 ? configuration.computeThreads : 2 * max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Stops accepting, lets requests in flight finish within the grace period, and returns when all threads are done.
    public func shutdown() {
        let current: Runtime? = state.withLock { state in
            guard case .running = state else { return nil }
            state = .stopping
            return runtime.withLock { $0 }
        }
        guard let current else { return }
        for loop in current.loops { loop.beginDraining(grace: configuration.shutdownGracePeriod) }
        // Stop listening now: new clients are refused at once instead of waiting in the backlog.
        // (The descriptor stays open, so its number cannot be reused while a loop still watches it.)
        Glibc.shutdown(current.listenFD, Int32(SHUT_RD))
        current.finished.wait()
        close(current.listenFD)
        current.context.pool.shutdown()
        current.context.computePool.shutdown()
        runtime.withLock { $0 = nil }
        state.withLock { $0 = .stopped }
    }

    /// Raises the soft limit of open files to the hard limit, as a server holding thousands of
    /// connections needs (the usual soft limit of 1024 would cap it far below `maxConnections`).
    static func raiseDescriptorLimit() {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }

    /// Binds a listening socket that a child process can inherit (for a supervisor); returns it and its port.
    public static func bindInheritableListener(host: String, port: Int, backlog: Int32 = 4096) throws -> (fd: Int32, port: Int) {
        let fd = try Socket.listen(host: host, port: port, backlog: backlog)
        _ = fcntl(fd, F_SETFD, 0)
        return (fd, Socket.boundPort(fd))
    }

    /// For a supervised child: die with the supervisor, so that no orphan keeps the port or the database.
    public static func exitWhenParentDies(expectedParent: Int32) {
        _ = cposix_set_parent_death_signal(SIGKILL)
        if getppid() != expectedParent { exit(1) }
    }

    /// Blocks the termination signals in this thread and every thread started after it.
    /// Call it first thing in `main`, before any thread exists, then `runUntilSignalled`.
    public static func blockTerminationSignals(_ signals: [Int32] = [SIGTERM, SIGINT]) {
        var set = sigset_t()
        sigemptyset(&set)
        for s in signals { sigaddset(&set, s) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits for one of the signals blocked by `blockTerminationSignals`, then shuts down gracefully.
    public func runUntilSignalled(_ signals: [Int32] = [SIGTERM, SIGINT]) -> Int32 {
        var set = sigset_t()
        sigemptyset(&set)
        for s in signals { sigaddset(&set, s) }
        var received: Int32 = 0
        sigwait(&set, &received)
        shutdown()
        return received
    }
}
