import Foundation
import HTTPServer
import TestSupport
import Testing

/// New clients go to the event loop with the fewest connections, whichever loop the kernel woke.
@Suite struct LoopBalanceTests {
    @Test func keepAliveClientsAreSpreadOverTheLoops() throws {
        try withServer(configure: { $0.eventLoops = 2 }) { running in
            var clients: [RawClient] = []
            for _ in 0..<40 {
                let client = try RawClient(port: running.port)
                #expect(try client.request("GET", "/fast").text == "fast")
                clients.append(client)
            }
            let perLoop = running.server.connectionsPerLoop
            #expect(perLoop.reduce(0, +) == 40)
            #expect(perLoop.count == 2 && abs(perLoop[0] - perLoop[1]) <= 2, "\(perLoop)")
            clients.removeAll()
            #expect(eventually { running.server.connectionsPerLoop == [0, 0] })
        }
    }
}
