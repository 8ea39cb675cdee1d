import Foundation
import HTTPServer
import Synchronization
import TestSupport

/// Routes the server tests share:
/// - `GET /` and `GET /fast` answer on the event loop;
/// - `GET /slow?ms=N` sleeps on the worker pool;
/// - `POST /echo` (body limit 100 bytes) answers with the body it received;
/// - `GET /big?bytes=N` answers about N bytes of JSON, `GET /blob?bytes=N` and `/pattern?bytes=N` N octets;
/// - `PUT /item` exists so that `/item` has a method list for 405.
func makeTestRouter(_ extra: (Router) -> Void = { _ in }) -> Router {
    let router = Router()
    router.get("/", options: RouteOptions(execution: .eventLoop)) { _ in .text("root") }
    router.get("/fast", options: RouteOptions(execution: .eventLoop)) { _ in .text("fast") }
    router.get("/slow") { request in
        let ms = Int(request.query["ms"] ?? "") ?? 300
        Thread.sleep(forTimeInterval: Double(ms) / 1000)
        return .text("slow")
    }
    router.post("/echo", options: RouteOptions(bodyLimit: 100)) { request in
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/octet-stream")
        return Response(status: 200, headers: headers, body: request.body)
    }
    router.post("/echo-loop", options: RouteOptions(bodyLimit: 100, execution: .eventLoop)) { request in
        Response(status: 200, body: request.body)
    }
    router.get("/big") { request in
        let count = Int(request.query["bytes"] ?? "") ?? 20_000
        return .json(jsonBytes(count))
    }
    router.get("/blob") { request in
        let count = Int(request.query["bytes"] ?? "") ?? 1000
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/octet-stream")
        return Response(status: 200, headers: headers, body: [UInt8](repeating: 97, count: count))
    }
    router.get("/pattern") { request in
        let count = Int(request.query["bytes"] ?? "") ?? 1000
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/octet-stream")
        return Response(status: 200, headers: headers, body: patternBytes(count))
    }
    router.get("/item", options: RouteOptions(execution: .eventLoop)) { _ in .text("item") }
    router.put("/item", options: RouteOptions(execution: .eventLoop)) { _ in .text("put") }
    extra(router)
    return router
}

/// `count` bytes where byte i is i mod 251: any loss, repeat or reordering shows.
func patternBytes(_ count: Int) -> [UInt8] {
    let block = (0..<251).map { UInt8($0) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    while bytes.count < count { bytes.append(contentsOf: block.prefix(count - bytes.count)) }
    return bytes
}

/// Whether two byte sequences are equal, compared with memcmp (fast even in debug builds).
func sameBytes(_ a: ArraySlice<UInt8>, _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBytes { x in b.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
}

/// A JSON array of roughly `count` bytes, varied enough that gzip has work to do.
func jsonBytes(_ count: Int) -> [UInt8] {
    var text = "["
    var i = 0
    while text.utf8.count < count - 40 {
        if i > 0 { text += "," }
        text += "{\"id\":\(i),\"name\":\"group \(i * 7919 % 1000)\"}"
        i += 1
    }
    text += "]"
    return Array(text.utf8)
}

/// Starts a server with the shared routes (plus `extra`), runs `body`, and stops the server.
func withServer(
    configure: (inout ServerConfiguration) -> Void = { _ in },
    routes extra: (Router) -> Void = { _ in },
    _ body: (RunningServer) throws -> Void
) throws {
    let running = try RunningServer(router: makeTestRouter(extra), configure: configure)
    defer { running.stop() }
    try body(running)
}

/// Seconds `body` took.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = Date()
    try body()
    return Date().timeIntervalSince(start)
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Double = 2, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return condition()
}

/// A GET on an open connection, as raw text.
func getRequest(_ target: String, version: String = "HTTP/1.1", headers: [String] = []) -> String {
    var text = "GET \(target) \(version)\r\nHost: localhost\r\n"
    for header in headers { text += header + "\r\n" }
    return text + "\r\n"
}

/// A flag and a counter that handlers running on other threads can set.
final class Signal: Sendable {
    private let value = Mutex<Int>(0)
    func increment() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}
