/// A response a handler returns; the server adds `Date`, `Content-Length` and `Connection`.
public struct Response: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A UTF-8 text response.
    public static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8") -> Response {
        var headers = HTTPHeaders()
        headers.reserveCapacity(8)
        headers.add("Content-Type", contentType)
        return Response(status: status, headers: headers, body: Array(text.utf8))
    }

    /// A JSON response from already-encoded bytes.
    public static func json(_ bytes: [UInt8], status: Int = 200, contentType: String = "application/json") -> Response {
        var headers = HTTPHeaders()
        headers.reserveCapacity(8)
        headers.add("Content-Type", contentType)
        return Response(status: status, headers: headers, body: bytes)
    }

    /// An empty response, such as 204 or 304.
    public static func empty(status: Int) -> Response {
        Response(status: status)
    }

    /// A redirect to another location.
    public static func redirect(to location: String, status: Int = 303) -> Response {
        var headers = HTTPHeaders()
        headers.add("Location", location)
        return Response(status: status, headers: headers)
    }
}
