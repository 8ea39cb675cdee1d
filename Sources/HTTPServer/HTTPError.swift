/// One field that failed validation, named as the client sent it.
public struct FieldError: Sendable, Equatable, Codable {
    public var field: String
    public var message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// An error a handler throws to answer with an RFC 9457 problem document.
public struct HTTPError: Error, Sendable {
    public var status: Int
    public var title: String
    public var detail: String?
    public var errors: [FieldError]
    public var headers: HTTPHeaders
    /// Members of the problem document beyond the standard ones (RFC 9457 §3.2), written after them.
    public var extensions: (@Sendable (inout JSONWriter) -> Void)?

    public init(_ status: Int, title: String? = nil, detail: String? = nil, errors: [FieldError] = [], headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.title = title ?? HTTPStatus.reason(status)
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public static func badRequest(_ detail: String, field: String? = nil) -> HTTPError {
        HTTPError(400, detail: detail, errors: field.map { [FieldError(field: $0, message: detail)] } ?? [])
    }

    public static func notFound(_ detail: String = "No such resource.") -> HTTPError {
        HTTPError(404, detail: detail)
    }

    public static func unprocessable(_ errors: [FieldError]) -> HTTPError {
        let detail =
            errors.count == 1
            ? "\(errors[0].field): \(errors[0].message)"
            : "\(errors.count) fields are invalid: " + errors.map(\.field).joined(separator: ", ")
        return HTTPError(422, detail: detail, errors: errors)
    }

    /// The problem document as a response.
    public var response: Response {
        var json = JSONWriter()
        json.object {
            $0.field("type", "about:blank")
            $0.field("title", title)
            $0.field("status", status)
            if let detail { $0.field("detail", detail) }
            if !errors.isEmpty {
                $0.fieldArray("errors", errors) { w, e in
                    w.object {
                        $0.field("field", e.field)
                        $0.field("message", e.message)
                    }
                }
            }
            extensions?(&$0)
        }
        var response = Response.json(json.bytes, status: status, contentType: "application/problem+json")
        for (name, value) in headers { response.headers.add(name, value) }
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}
