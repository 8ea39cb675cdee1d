import Foundation
import HTTPServer
import Store

/// Reading and checking query parameters, with errors that name the parameter.
struct QueryReader {
    let query: QueryParameters
    private(set) var errors: [FieldError] = []

    init(_ request: Request) { query = request.query }

    mutating func limit(default value: Int = 20, max: Int = 100) -> Int {
        guard let text = query["limit"] else { return value }
        guard let n = Int(text), (1...max).contains(n) else {
            errors.append(FieldError(field: "limit", message: "must be a whole number from 1 to \(max)"))
            return value
        }
        return n
    }

    mutating func choice(_ name: String, _ allowed: [String]) -> String? {
        guard let value = query[name], !value.isEmpty else { return nil }
        guard allowed.contains(value) else {
            errors.append(FieldError(field: name, message: "must be one of: \(allowed.joined(separator: ", "))"))
            return nil
        }
        return value
    }

    /// A word of a vocabulary, one of `allowed` (every case unless narrowed).
    mutating func choice<V: Vocabulary>(_ name: String, _ allowed: [V] = V.allCases) -> V? {
        choice(name, allowed.map(\.rawValue)).flatMap(V.init(rawValue:))
    }

    mutating func bool(_ name: String) -> Bool? {
        guard let value = query[name], !value.isEmpty else { return nil }
        switch value.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default:
            errors.append(FieldError(field: name, message: "must be true or false"))
            return nil
        }
    }

    mutating func text(_ name: String, max: Int = 200) -> String? {
        guard let value = query[name].map(Self.trimmed), !value.isEmpty else { return nil }
        guard value.count <= max, !value.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            errors.append(FieldError(field: name, message: "must be at most \(max) printable characters"))
            return nil
        }
        return value
    }

    /// Without spaces or tabs at either end; a value with none there (nearly all) is not copied
    /// (Foundation's trimming was a twentieth of the CPU time of a cached search).
    private static func trimmed(_ value: String) -> String {
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == "\t" || c.properties.generalCategory == .spaceSeparator }
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last, isSpace(first) || isSpace(last) else { return value }
        return value.trimmingCharacters(in: .whitespaces)
    }

    mutating func fail(_ name: String, _ message: String) {
        errors.append(FieldError(field: name, message: message))
    }

    func finish() throws {
        if !errors.isEmpty { throw HTTPError.unprocessable(errors).withStatus(400) }
    }
}

extension HTTPError {
    func withStatus(_ status: Int) -> HTTPError {
        var copy = self
        copy.status = status
        copy.title = HTTPStatus.reason(status)
        return copy
    }
}
