import Foundation
import HTTPServer
import TestSupport
import Testing

/// Handlers marked `.computePool` run on the compute pool's threads, as many as configured at once;
/// the others on the worker pool's.
@Suite struct ComputePoolTests {
    @Test func theComputePoolRunsAsManyHandlersAtOnceAsItHasThreadsAndTheWorkersTheirOwn() throws {
        let compute = Count()
        let work = Count()
        try withServer(
            configure: {
                $0.computeThreads = 2
                $0.workerThreads = 6
            },
            routes: { router in
                for (path, count, execution) in [("/compute", compute, Execution.computePool), ("/work", work, .workerPool)] {
                    router.get(path, options: RouteOptions(execution: execution)) { _ in
                        count.change(by: 1)
                        Thread.sleep(forTimeInterval: 0.3)
                        count.change(by: -1)
                        return .text("done")
                    }
                }
            }
        ) { server in
            let group = DispatchGroup()
            for path in ["/compute", "/work"] {
                for _ in 0..<6 {
                    group.enter()
                    Thread {
                        _ = try? TestHTTP.get(server.port, path)
                        group.leave()
                    }.start()
                }
            }
            group.wait()
        }
        #expect(compute.most == 2)
        #expect(work.most == 6)
    }

    /// Handlers running now, and the most there were at once.
    final class Count: @unchecked Sendable {
        private let lock = NSLock()
        private var now = 0
        private var highest = 0

        func change(by delta: Int) {
            lock.lock()
            now += delta
            highest = max(highest, now)
            lock.unlock()
        }

        var most: Int {
            lock.lock()
            defer { lock.unlock() }
            return highest
        }
    }
}
