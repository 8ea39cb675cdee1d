import HTTPServer

/// Headers every response carries so that browsers keep pages and data to our own origin.
enum SecurityHeaders {
    static let middleware: Middleware = { request, next in
        var response = try next(request)
        let h = response.headers
        if !h.contains("X-Content-Type-Options") { response.headers.add("X-Content-Type-Options", "nosniff") }
        // Status links carry secrets in their path: never send them to another site.
        if !h.contains("Referrer-Policy") { response.headers.add("Referrer-Policy", "no-referrer") }
        if !h.contains("Content-Security-Policy") {
            response.headers.add("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
        }
        return response
    }
}
