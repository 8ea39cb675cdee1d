import Foundation
import HTTPServer
import TestSupport
import Testing

@Suite struct ShutdownTests {
    @Test func requestInFlightCompletesAndNewConnectionsAreRefused() throws {
        let started = Signal()
        let router = makeTestRouter { router in
            router.get("/work") { _ in
                started.increment()
                Thread.sleep(forTimeInterval: 0.6)
                return .text("done")
            }
        }
        let running = try RunningServer(router: router) { $0.shutdownGracePeriod = 5 }
        let port = running.port
        let client = try RawClient(port: port)
        try client.send(getRequest("/work"))
        #expect(eventually { started.count == 1 })

        let stopped = Signal()
        let stopper = Thread {
            running.stop()
            stopped.increment()
        }
        let shutdownStart = Date()
        stopper.start()

        // While draining, a new connection is refused.
        Thread.sleep(forTimeInterval: 0.1)
        #expect(stopped.count == 0, "shutdown must wait for the request in flight")
        #expect(throws: (any Error).self) { try RawClient(port: port) }

        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "done")
        #expect(response.headers["Connection"] == "close")
        #expect(client.isClosedByServer(within: 2))

        #expect(eventually(timeout: 3) { stopped.count == 1 })
        #expect(Date().timeIntervalSince(shutdownStart) < 3)
        #expect(running.server.currentState == .stopped)
        #expect(throws: (any Error).self) { try RawClient(port: port) }
    }

    @Test func idleConnectionsDoNotHoldUpShutdown() throws {
        let running = try RunningServer(router: makeTestRouter()) { $0.shutdownGracePeriod = 5 }
        let idle = try RawClient(port: running.port)
        try idle.send(getRequest("/fast"))
        _ = try idle.readResponse()
        let silent = try RawClient(port: running.port)
        Thread.sleep(forTimeInterval: 0.05)
        _ = silent
        let elapsed = seconds { running.stop() }
        #expect(elapsed < 2, "shutdown took \(elapsed) s")
        #expect(idle.isClosedByServer(within: 1))
        #expect(silent.isClosedByServer(within: 1))
    }

    @Test func gracePeriodBoundsTheWait() throws {
        let running = try RunningServer(router: makeTestRouter()) { $0.shutdownGracePeriod = 0.3 }
        let client = try RawClient(port: running.port)
        try client.send(getRequest("/slow?ms=1500"))
        Thread.sleep(forTimeInterval: 0.1)
        let elapsed = seconds { running.stop() }
        // The loops stop after the grace period; the pool then lets the sleeping job end.
        #expect(elapsed < 2.5, "shutdown took \(elapsed) s")
        #expect(client.isClosedByServer(within: 2))
    }

    @Test func shutdownIsIdempotentAndStartTwiceFails() throws {
        let running = try RunningServer(router: makeTestRouter())
        #expect(throws: (any Error).self) { try running.server.start() }
        running.stop()
        running.stop()
        #expect(running.server.currentState == .stopped)
        #expect(running.server.port == nil)
    }

    @Test func manyServersStartAndStopCleanly() throws {
        // Loops that stop must not leave anything behind that a later server trips over.
        for _ in 0..<10 {
            let running = try RunningServer(router: makeTestRouter()) { $0.shutdownGracePeriod = 0.2 }
            let client = try RawClient(port: running.port)
            try client.send(getRequest("/slow?ms=400"))
            Thread.sleep(forTimeInterval: 0.02)
            running.stop()
            _ = client.isClosedByServer(within: 1)
        }
        try withServer { running in
            let response = try TestHTTP.get(running.port, "/fast")
            #expect(response.text == "fast")
        }
    }
}
