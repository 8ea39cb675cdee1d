import Foundation
import HTTPServer
import TestSupport
import Testing

private struct Unexpected: Error {}

@Suite struct ErrorTests {
    @Test func httpErrorBecomesAProblemDocument() throws {
        try withServer(routes: { router in
            router.post("/validate") { _ in
                throw HTTPError.unprocessable([
                    FieldError(field: "name", message: "is required"),
                    FieldError(field: "zip", message: "must have 5 digits"),
                ])
            }
            router.get("/teapot", options: RouteOptions(execution: .eventLoop)) { _ in
                var headers = HTTPHeaders()
                headers.add("Retry-After", "3")
                throw HTTPError(429, detail: "Slow down.", headers: headers)
            }
        }) { running in
            let response = try TestHTTP.send(running.port, "POST", "/validate", json: ["name": ""])
            #expect(response.status == 422)
            #expect(response.headers["Content-Type"] == "application/problem+json")
            #expect(response.headers["Cache-Control"] == "no-store")
            let json = response.jsonObject
            #expect(json["status"] as? Int == 422)
            #expect(json["title"] as? String == "Unprocessable Content")
            let errors = json["errors"] as? [[String: Any]] ?? []
            #expect(errors.compactMap { $0["field"] as? String } == ["name", "zip"])

            let limited = try TestHTTP.get(running.port, "/teapot")
            #expect(limited.status == 429)
            #expect(limited.headers["Retry-After"] == "3")
            #expect(limited.jsonObject["detail"] as? String == "Slow down.")
        }
    }

    @Test func otherErrorsBecome500AndTheServerKeepsServing() throws {
        let reported = Signal()
        let router = makeTestRouter { router in
            router.get("/boom") { _ in throw Unexpected() }
            router.get("/boom-loop", options: RouteOptions(execution: .eventLoop)) { _ in throw Unexpected() }
        }
        router.onUnexpectedError = { error, request in
            if error is Unexpected && request.routePattern.hasPrefix("/boom") { reported.increment() }
        }
        let running = try RunningServer(router: router)
        defer { running.stop() }
        let client = try RawClient(port: running.port)
        for path in ["/boom", "/boom-loop", "/boom"] {
            let response = try client.request("GET", path)
            #expect(response.status == 500)
            #expect(response.headers["Content-Type"] == "application/problem+json")
            #expect(response.jsonObject["status"] as? Int == 500)
            #expect(!response.text.contains("Unexpected"), "no internal detail leaks")
        }
        #expect(reported.count == 3)
        #expect(try client.request("GET", "/fast").text == "fast")
    }

    @Test func middlewaresWrapRoutesAddedBeforeAndAfterThem() throws {
        let router = Router()
        router.get("/before", options: RouteOptions(execution: .eventLoop)) { _ in .text("before") }
        router.use { request, next in
            var response = try next(request)
            response.headers.add("X-Outer", "1")
            return response
        }
        router.get("/after") { _ in .text("after") }
        router.use { request, next in
            var response = try next(request)
            response.headers.add("X-Inner", "1")
            return response
        }
        router.fallback = (handler: { _ in .text("fallback") }, execution: .eventLoop)
        let running = try RunningServer(router: router)
        defer { running.stop() }
        for path in ["/before", "/after", "/anything"] {
            let response = try TestHTTP.get(running.port, path)
            #expect(response.headers["X-Outer"] == "1", "\(path)")
            #expect(response.headers["X-Inner"] == "1", "\(path)")
        }
        let missing = try TestHTTP.send(running.port, "DELETE", "/before")
        #expect(missing.status == 405)
    }

    @Test func asteriskIsNotMistakenForAPathSegment() throws {
        try withServer(routes: { router in
            router.get("/:slug", options: RouteOptions(execution: .eventLoop)) { request in .text(request.parameter("slug")) }
        }) { running in
            let client = try RawClient(port: running.port)
            try client.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 204)
            #expect(response.headers["Allow"] == "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
        }
    }

    @Test func headerValuesCannotSplitTheResponse() throws {
        try withServer(routes: { router in
            router.get("/redirect", options: RouteOptions(execution: .eventLoop)) { request in
                // A careless handler that copies input into a header.
                .redirect(to: "/next?to=" + (request.query["to"] ?? ""))
            }
        }) { running in
            let client = try RawClient(port: running.port)
            let response = try client.request("GET", "/redirect?to=a%0D%0ASet-Cookie:%20evil=1%0D%0A%0D%0Ainjected")
            #expect(response.headers["Set-Cookie"] == nil)
            #expect(!response.text.contains("injected"))
            #expect(try client.request("GET", "/fast").text == "fast")
        }
    }
}
