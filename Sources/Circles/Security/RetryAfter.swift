import HTTPServer

extension Response {
    /// This page with the `Retry-After` of the 429 it answers, as the API's answer has it.
    func keepingRetryAfter(of error: HTTPError) -> Response {
        guard let wait = error.headers["Retry-After"] else { return self }
        var page = self
        page.headers.set("Retry-After", wait)
        return page
    }
}
