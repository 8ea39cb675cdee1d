import Foundation
import HTTPServer
import Store

/// A JSON object from a request body, read field by field with every problem collected,
/// so that one 422 names each bad field at once.
struct JSONBody {
    /// Nesting deeper than this is refused before parsing, so no input can exhaust the stack.
    static let maxDepth = 16

    private(set) var object: [String: Any]
    private(set) var errors: [FieldError] = []

    /// Parses the body; 415 unless JSON, 400 when malformed or too deep, 422 unless an object.
    init(_ request: Request) throws {
        if let type = request.headers["Content-Type"]?.lowercased(), !type.hasPrefix("application/json"), !type.contains("+json") {
            throw HTTPError(415, detail: "Send the body as application/json.")
        }
        guard !request.body.isEmpty else { throw HTTPError(400, detail: "The request body is empty; a JSON object is expected.") }
        // RFC 8259 §8.1: UTF-8 only. Foundation would also read UTF-16 and UTF-32 (always with NUL
        // bytes), whose quote bytes inside other characters would fool the nesting guard below.
        guard !request.body.contains(0), String(validating: request.body, as: UTF8.self) != nil else {
            throw HTTPError(400, detail: "The body must be JSON encoded in UTF-8.")
        }
        guard Self.depth(of: request.body) <= Self.maxDepth else {
            throw HTTPError(400, detail: "The JSON body is nested more than \(Self.maxDepth) levels deep.")
        }
        guard let value = try? JSONSerialization.jsonObject(with: Data(request.body), options: [.fragmentsAllowed]) else {
            throw HTTPError(400, detail: "The body is not valid JSON.")
        }
        guard let object = value as? [String: Any] else {
            throw HTTPError(422, detail: "The body must be a JSON object.", errors: [FieldError(field: "body", message: "must be a JSON object")])
        }
        self.object = object
    }

    init(object: [String: Any]) {
        self.object = object
    }

    /// The deepest nesting of arrays and objects, outside strings.
    static func depth(of bytes: [UInt8]) -> Int {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for b in bytes {
            if inString {
                if escaped { escaped = false } else if b == 92 { escaped = true } else if b == 34 { inString = false }
                continue
            }
            switch b {
            case 34: inString = true
            case 91, 123:
                depth += 1
                deepest = max(deepest, depth)
            case 93, 125: depth -= 1
            default: break
            }
        }
        return deepest
    }

    func has(_ key: String) -> Bool { object[key] != nil }

    /// A 422 names at most this many fields, each in at most `maxFieldName` characters: the answer
    /// stays small however many (or however long) the keys a client sends.
    static let maxErrors = 50
    static let maxFieldName = 100

    /// Records what is wrong with `field`: the first problem found, one per field (a name with a control
    /// character is not also told that the slug made from it is bad).
    mutating func fail(_ field: String, _ message: String) {
        guard errors.count < Self.maxErrors else { return }
        let name = field.count > Self.maxFieldName ? String(field.prefix(Self.maxFieldName)) + "…" : field
        guard !errors.contains(where: { $0.field == name }) else { return }
        errors.append(FieldError(field: name, message: message))
    }

    /// Refuses fields that are not part of the resource, naming each.
    mutating func rejectUnknown(_ allowed: Set<String>) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            fail(key, "is not a field of this resource")
        }
    }

    /// Throws a 422 naming every field that failed.
    func finish() throws {
        if !errors.isEmpty { throw HTTPError.unprocessable(errors) }
    }

    // MARK: - Typed fields. Each sets the target only when the field is present and valid.

    mutating func text(_ key: String, into target: inout String, required: Bool = false, max: Int = 200, allowEmpty: Bool = false) {
        guard let raw = object[key] else {
            if required { fail(key, "is required") }
            return
        }
        guard let value = raw as? String else { return fail(key, "must be a string") }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty && !allowEmpty { return fail(key, "must not be empty") }
        if trimmed.count > max { return fail(key, "must be at most \(max) characters") }
        if trimmed.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" }) {
            return fail(key, "must not contain control characters")
        }
        target = trimmed
    }

    /// A string that may be null (clearing it) or absent (leaving it).
    mutating func optionalText(_ key: String, into target: inout String?, max: Int = 200, validate: ((String) -> String?)? = nil) {
        guard let raw = object[key] else { return }
        if raw is NSNull { target = nil; return }
        var value = ""
        let errorsBefore = errors.count
        text(key, into: &value, max: max, allowEmpty: true)
        guard errors.count == errorsBefore else { return }
        if value.isEmpty { target = nil; return }
        if let validate, let problem = validate(value) { return fail(key, problem) }
        target = value
    }

    mutating func choice(_ key: String, from allowed: [String], into target: inout String, required: Bool = false) {
        guard let raw = object[key] else {
            if required { fail(key, "is required") }
            return
        }
        guard let value = raw as? String, allowed.contains(value) else {
            return fail(key, "must be one of: \(allowed.joined(separator: ", "))")
        }
        target = value
    }

    /// A word of a vocabulary, one of `allowed` (every case unless narrowed), in the same words as `choice(_:from:into:)`.
    mutating func choice<V: Vocabulary>(_ key: String, from allowed: [V] = V.allCases, into target: inout V, required: Bool = false) {
        var chosen: V? = target
        choice(key, from: allowed, into: &chosen, required: required)
        if let chosen { target = chosen }
    }

    /// A word of a vocabulary that has no default: `target` stays nil when the field is absent or wrong.
    mutating func choice<V: Vocabulary>(_ key: String, from allowed: [V] = V.allCases, into target: inout V?, required: Bool = false) {
        var raw = target?.rawValue ?? ""
        choice(key, from: allowed.map(\.rawValue), into: &raw, required: required)
        if let value = V(rawValue: raw) { target = value }
    }

    mutating func flag(_ key: String, into target: inout Bool) {
        guard let raw = object[key] else { return }
        guard Self.isBoolean(raw), let number = raw as? NSNumber else {
            return fail(key, "must be true or false")
        }
        target = number.boolValue
    }

    mutating func integer(_ key: String, into target: inout Int, range: ClosedRange<Int>, required: Bool = false) {
        guard let raw = object[key] else {
            if required { fail(key, "is required") }
            return
        }
        guard let value = Self.integerValue(raw), range.contains(value) else {
            return fail(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        target = value
    }

    mutating func optionalInteger(_ key: String, into target: inout Int?, range: ClosedRange<Int>) {
        guard let raw = object[key] else { return }
        if raw is NSNull { target = nil; return }
        guard let value = Self.integerValue(raw), range.contains(value) else {
            return fail(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound), or null")
        }
        target = value
    }

    mutating func identifier(_ key: String, into target: inout Int64, required: Bool = false) {
        guard let raw = object[key] else {
            if required { fail(key, "is required") }
            return
        }
        guard let value = Self.integerValue(raw), value > 0 else { return fail(key, "must be a positive whole number") }
        target = Int64(value)
    }

    mutating func optionalIdentifier(_ key: String, into target: inout Int64?) {
        guard let raw = object[key] else { return }
        if raw is NSNull { target = nil; return }
        guard let value = Self.integerValue(raw), value > 0 else { return fail(key, "must be a positive whole number, or null") }
        target = Int64(value)
    }

    mutating func optionalNumber(_ key: String, into target: inout Double?, range: ClosedRange<Double>) {
        guard let raw = object[key] else { return }
        if raw is NSNull { target = nil; return }
        guard let number = raw as? NSNumber, !Self.isBoolean(raw), range.contains(number.doubleValue), number.doubleValue.isFinite else {
            return fail(key, "must be a number from \(range.lowerBound) to \(range.upperBound), or null")
        }
        target = number.doubleValue
    }

    mutating func textList(
        _ key: String, into target: inout [String], maxCount: Int = 20, maxLength: Int = 80, allowed: [String]? = nil, validate: ((String) -> Bool)? = nil,
        rule: String = ""
    ) {
        guard let raw = object[key] else { return }
        guard let values = raw as? [Any], values.count <= maxCount else {
            return fail(key, "must be a list of at most \(maxCount) strings")
        }
        var result: [String] = []
        // A bad item is named by its place in the list, never quoted (SECURITY.md: errors do not echo values).
        for (index, value) in values.enumerated() {
            guard let text = value as? String, !text.isEmpty, text.count <= maxLength else {
                return fail(key, "must hold non-empty strings of at most \(maxLength) characters")
            }
            if text.unicodeScalars.contains(where: { $0.value < 0x20 }) { return fail(key, "item \(index + 1) must not contain control characters") }
            if let allowed, !allowed.contains(text) {
                return fail(key, "item \(index + 1) is not allowed; allowed: \(allowed.joined(separator: ", "))")
            }
            if let validate, !validate(text) { return fail(key, "item \(index + 1) \(rule)") }
            if !result.contains(text) { result.append(text) }
        }
        target = result
    }

    /// A list of words of a vocabulary, each at most once, in the same words as `textList`.
    mutating func list<V: Vocabulary>(_ key: String, into target: inout [V], maxCount: Int = 20, maxLength: Int = 80) {
        var raw = target.map(\.rawValue)
        textList(key, into: &raw, maxCount: maxCount, maxLength: maxLength, allowed: V.rawValues)
        target = raw.compactMap(V.init(rawValue:))
    }

    mutating func identifierList(_ key: String, into target: inout [Int64], maxCount: Int = 50) {
        guard let raw = object[key] else { return }
        guard let values = raw as? [Any], values.count <= maxCount else { return fail(key, "must be a list of at most \(maxCount) ids") }
        var result: [Int64] = []
        for value in values {
            guard let n = Self.integerValue(value), n > 0 else { return fail(key, "must hold positive whole numbers") }
            if !result.contains(Int64(n)) { result.append(Int64(n)) }
        }
        target = result
    }

    /// JSON's true and false arrive as NSNumber with the `char` type code; numbers never do.
    static func isBoolean(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    static func integerValue(_ value: Any) -> Int? {
        guard let number = value as? NSNumber, !isBoolean(value) else { return nil }
        let double = number.doubleValue
        guard double.rounded() == double, abs(double) < 9_007_199_254_740_992 else { return nil }
        return Int(double)
    }
}

/// Checks shared by several resources.
enum FieldRules {
    static func email(_ value: String) -> String? {
        let parts = value.split(separator: "@")
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !value.contains(" ") else { return "must be an e-mail address" }
        return nil
    }

    static func phone(_ value: String) -> String? {
        let digits = value.filter(\.isNumber)
        guard digits.count >= 3, digits.count <= 15, value.allSatisfy({ $0.isNumber || " +-().x".contains($0) }) else {
            return "must be a phone number such as 555-0100"
        }
        return nil
    }

    static func url(_ value: String) -> String? {
        guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            return "must be an http or https address"
        }
        return nil
    }

    /// Lowercase letters, digits and single hyphens: `grief-circle-denver`.
    static func slug(_ value: String) -> String? {
        let ok =
            !value.isEmpty && value.count <= 80 && value.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
            && !value.hasPrefix("-") && !value.hasSuffix("-") && !value.contains("--")
        return ok ? nil : "must use lowercase letters, digits and single hyphens"
    }

    /// A slug made from a name: "Grief Circle — Denver" → "grief-circle-denver".
    static func slugify(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        var slug = ""
        for c in folded {
            if c.isASCII && (c.isLetter || c.isNumber) { slug.append(c) } else if !slug.hasSuffix("-") && !slug.isEmpty { slug.append("-") }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return String(slug.prefix(70)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    /// Lowercase BCP 47 language tags: `en`, `es`, `zh-hant`, `ase`.
    static func language(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } }
    }

    static func timeZone(_ value: String) -> String? {
        guard value.contains("/") || value == "UTC", TimeZone(identifier: value) != nil else {
            return "must be an IANA time zone such as America/Denver"
        }
        return nil
    }
}
