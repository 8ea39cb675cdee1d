import Foundation
import HTTPServer

/// One-shot requests for tests: a new connection per call.
public enum TestHTTP {
    public static func get(_ port: Int, _ target: String, headers: [(String, String)] = []) throws -> ClientResponse {
        try RawClient(port: port).request("GET", target, headers: headers)
    }

    public static func send(
        _ port: Int, _ method: String, _ target: String, headers: [(String, String)] = [], json: Any? = nil, body: [UInt8] = []
    ) throws -> ClientResponse {
        var headers = headers
        var payload = body
        if let json {
            payload = [UInt8](try JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed]))
            headers.append(("Content-Type", "application/json"))
        }
        return try RawClient(port: port).request(method, target, headers: headers, body: payload)
    }

    /// A folder under the system temporary directory, removed by the caller.
    public static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "circles-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The repository's root folder, found from this file's path.
    public static var repositoryRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }
}

/// A server with a router on a free port, stopped by `stop()`.
public final class RunningServer: @unchecked Sendable {
    public let server: Server
    public let port: Int
    public let logLines = LogCapture()

    public init(router: Router, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.eventLoops = 2
        configuration.workerThreads = 4
        configure(&configuration)
        let capture = logLines
        server = Server(configuration: configuration, responder: router, accessLog: AccessLog { capture.append($0) })
        try server.start()
        port = server.port!
    }

    public func stop() { server.shutdown() }
}

/// Collects what a log writes, for assertions.
public final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []

    public init() {}

    public func append(_ more: [UInt8]) {
        lock.lock()
        bytes.append(contentsOf: more)
        lock.unlock()
    }

    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var lines: [String] { text.split(separator: "\n").map(String.init) }
}
