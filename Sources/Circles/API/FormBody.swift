import Foundation
import HTTPServer

extension JSONBody {
    /// A form posted by a page without JavaScript (`application/x-www-form-urlencoded`), read as the JSON
    /// body the API would get, so that the same checks give the same messages: `numbers` become whole
    /// numbers (left as text when they are not, for the check to name), `flags` are true when ticked and
    /// false when absent, and an empty field is left out, as a script leaves out what is not filled in.
    init(form request: Request, numbers: Set<String> = [], flags: Set<String> = []) throws {
        guard request.headers["Content-Type"]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw HTTPError(415, detail: "Send the form as application/x-www-form-urlencoded.")
        }
        guard let text = String(validating: request.body, as: UTF8.self) else { throw HTTPError(400, detail: "The form must be encoded in UTF-8.") }
        let fields = QueryParameters(parsing: text)
        var object: [String: Any] = [:]
        for key in fields.keys where !flags.contains(key) {
            guard let value = fields[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { continue }
            object[key] = numbers.contains(key) ? (Int(value).map { $0 as Any } ?? value) : value
        }
        for flag in flags { object[flag] = fields[flag].map { ["on", "true", "yes", "1"].contains($0.lowercased()) } ?? false }
        self.init(object: object)
    }
}
