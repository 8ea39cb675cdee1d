import HTTPServer

/// Headers every response carries so that browsers keep pages and data to our own origin.
enum SecurityHeaders {
    static let middleware: Middleware = { request, next in
        // Problem documents get the same headers as every other answer.
        var response: Response
        do { response = try next(request) } catch let error as HTTPError { response = error.response }
        let h = response.headers
        if !h.contains("X-Content-Type-Options") { response.headers.add("X-Content-Type-Options", "nosniff") }
        // Status links carry secrets in their path: never send them to another site.
        if !h.contains("Referrer-Policy") { response.headers.add("Referrer-Policy", "no-referrer") }
        if !h.contains("Content-Security-Policy") {
            response.headers.add(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
        }
        return response
    }
}
