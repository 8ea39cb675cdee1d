import Foundation
import HTTPServer
import Logging

/// Keeps `circles serve` answering even if a bug crashes it: the supervisor binds the port, runs the
/// server as a child process that inherits the socket, and starts a new child when one dies by a signal
/// (a trap, a segmentation fault). A clean exit or a start-up failure ends the supervisor with the same code.
/// SIGTERM and SIGINT are passed on to the child, which stops gracefully.
enum Supervisor {
    static let workerVariable = "CIRCLES_SUPERVISED_FD"
    static let readyVariable = "CIRCLES_READY_FD"
    static let parentVariable = "CIRCLES_SUPERVISOR_PID"
    private static let logger = Logger(label: "circles.supervisor")

    /// Tells the supervisor, if any, that this child now serves.
    static func announceReady() {
        guard let fd = ProcessInfo.processInfo.environment[readyVariable].flatMap({ Int32($0) }) else { return }
        var byte: UInt8 = 1
        _ = write(fd, &byte, 1)
        close(fd)
    }

    /// The inherited socket when this process is a supervised child.
    static var inheritedListener: Int32? {
        ProcessInfo.processInfo.environment[workerVariable].flatMap { Int32($0) }
    }

    /// The supervisor's process id, in a supervised child.
    static var parentProcess: Int32? {
        ProcessInfo.processInfo.environment[parentVariable].flatMap { Int32($0) }
    }

    static func run(host: String, port: Int) throws -> Never {
        let (fd, boundPort) = try Server.bindInheritableListener(host: host, port: port)
        let shownHost = host.contains(":") ? "[\(host)]" : host
        var announced = false
        let stopping = Stopping()
        let child = ChildSlot()
        // A thread waits for the termination signals (blocked since main) and passes them on.
        Thread.detachNewThread {
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGTERM)
            sigaddset(&set, SIGINT)
            var received: Int32 = 0
            sigwait(&set, &received)
            stopping.set()
            if let pid = child.pid { kill(pid, SIGTERM) }
        }
        var crashes: [Date] = []
        while true {
            // The child writes one byte on this pipe once it serves (migrations done, demo data loaded).
            var ready: [Int32] = [0, 0]
            guard pipe(&ready) == 0 else { throw CommandFailure("cannot create a pipe: \(String(cString: strerror(errno)))") }
            _ = fcntl(ready[0], F_SETFD, FD_CLOEXEC)
            let pid = try spawn(listener: fd, readyPipe: ready[1])
            close(ready[1])
            child.pid = pid
            var byte: UInt8 = 0
            if read(ready[0], &byte, 1) == 1 && !announced {
                announced = true
                FileHandle.standardError.write(Data("Circles is listening on http://\(shownHost):\(boundPort)\n".utf8))
            }
            close(ready[0])
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            child.pid = nil
            let signalled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
            let exitCode = (status >> 8) & 0xff
            if !signalled || stopping.isSet { exit(signalled ? 0 : exitCode) }
            crashes = crashes.filter { Date().timeIntervalSince($0) < 60 } + [Date()]
            logger.error(
                "server crashed",
                metadata: [
                    "signal": .stringConvertible(Int(status & 0x7f)), "restarts_last_minute": .stringConvertible(crashes.count),
                ])
            if crashes.count > 10 {
                FileHandle.standardError.write(Data("circles: the server crashed more than 10 times in a minute; giving up\n".utf8))
                exit(1)
            }
            Thread.sleep(forTimeInterval: min(5, 0.2 * Double(crashes.count)))
        }
    }

    /// Starts this same program with the same arguments as a supervised child.
    private static func spawn(listener: Int32, readyPipe: Int32) throws -> pid_t {
        var environment = ProcessInfo.processInfo.environment
        environment[workerVariable] = String(listener)
        environment[readyVariable] = String(readyPipe)
        environment[parentVariable] = String(getpid())
        let arguments = CommandLine.arguments
        let path = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, nil, nil, &argv, &envp)
        guard result == 0 else { throw CommandFailure("cannot start the server process: \(String(cString: strerror(result)))") }
        return pid
    }

    private final class Stopping: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.lock(); value = true; lock.unlock() }
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    }

    private final class ChildSlot: @unchecked Sendable {
        private let lock = NSLock()
        private var value: pid_t?
        var pid: pid_t? {
            get { lock.lock(); defer { lock.unlock() }; return value }
            set { lock.lock(); value = newValue; lock.unlock() }
        }
    }
}
