/// The parsed head of a request, available before its body is read.
public struct RequestHead: Sendable {
    public var method: String
    /// The request target exactly as received (path and query).
    public var target: String
    /// The path part of the target, still percent-encoded.
    public var rawPath: String
    /// The query part of the target without the `?`, still percent-encoded.
    public var rawQuery: String
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    public var minorVersion: Int
    public var headers: HTTPHeaders

    public init(method: String, target: String, minorVersion: Int = 1, headers: HTTPHeaders = HTTPHeaders()) {
        self.method = method
        self.target = target
        self.minorVersion = minorVersion
        self.headers = headers
        if let q = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            rawPath = String(Substring(target.utf8[..<q]))
            rawQuery = String(Substring(target.utf8[target.utf8.index(after: q)...]))
        } else {
            rawPath = target
            rawQuery = ""
        }
    }

    /// Whether the client asked to keep the connection open after this exchange.
    public var wantsKeepAlive: Bool {
        if minorVersion >= 1 { return !headers.hasToken("close", in: "Connection") }
        return headers.hasToken("keep-alive", in: "Connection")
    }
}

/// A complete request handed to a handler.
public struct Request: Sendable {
    public var head: RequestHead
    public var body: [UInt8]
    /// Values captured by `:name` segments of the matched route, percent-decoded.
    public var pathParameters: [String: String] = [:]
    /// The route pattern that matched, such as `/api/v1/groups/:id`.
    public var routePattern: String = ""
    /// The client's IP address: the peer's, or the one a trusted proxy forwarded (`ForwardedClient`).
    public var remoteAddress: String
    /// The address of the socket's other end (a proxy's, behind one).
    public var peerAddress: String
    public let query: QueryParameters

    public init(head: RequestHead, body: [UInt8] = [], remoteAddress: String = "127.0.0.1", peerAddress: String? = nil) {
        self.head = head
        self.body = body
        self.remoteAddress = remoteAddress
        self.peerAddress = peerAddress ?? remoteAddress
        self.query = QueryParameters(parsing: head.rawQuery)
    }

    public var method: String { head.method }
    public var path: String { head.rawPath }
    public var headers: HTTPHeaders { head.headers }

    /// A path parameter by name; the router guarantees it exists for a matched pattern.
    public func parameter(_ name: String) -> String {
        pathParameters[name] ?? ""
    }
}
