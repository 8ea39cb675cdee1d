import Foundation
import HTTPServer
import TestSupport
import Testing

/// A route can ask, per request, to run on the event loop instead of a worker thread.
@Suite struct EventLoopWhenTests {
    /// With one event loop, a slow handler that runs on the loop holds up every other client;
    /// one that runs on a worker does not.
    @Test func theHeadDecidesWhereTheHandlerRuns() throws {
        try withServer(
            configure: { $0.eventLoops = 1 },
            routes: { router in
                let options = RouteOptions(eventLoopWhen: { head in head.rawQuery == "on-loop" })
                router.get("/nap", options: options) { _ in
                    Thread.sleep(forTimeInterval: 0.6)
                    return .text("done")
                }
                router.get("/pong", options: RouteOptions(execution: .eventLoop)) { _ in .text("pong") }
            }
        ) { running in
            func pingDelay(whileSlow query: String) throws -> Double {
                let slow = Thread { _ = try? TestHTTP.get(running.port, "/nap?" + query) }
                slow.start()
                Thread.sleep(forTimeInterval: 0.15)
                let started = Date()
                let pong = try TestHTTP.get(running.port, "/pong")
                #expect(pong.text == "pong")
                let delay = Date().timeIntervalSince(started)
                Thread.sleep(forTimeInterval: 0.6)
                return delay
            }
            let besideWorker = try pingDelay(whileSlow: "on-worker")
            let besideLoop = try pingDelay(whileSlow: "on-loop")
            #expect(besideWorker < 0.3)
            #expect(besideLoop > 0.3)
        }
    }
}
