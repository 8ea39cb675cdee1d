import HTTPServer
import TestSupport
import Testing

@Suite struct SmokeTests {
    @Test func answersARoute() throws {
        let router = Router()
        router.get("/hello/:name") { request in .text("hello \(request.parameter("name"))") }
        let running = try RunningServer(router: router)
        defer { running.stop() }
        let response = try TestHTTP.get(running.port, "/hello/ana%20maria")
        #expect(response.status == 200)
        #expect(response.text == "hello ana maria")
    }
}
