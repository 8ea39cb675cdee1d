import Foundation

/// A small JSON Schema (2020-12) validator for the subset that `Public/openapi.json` uses, so that tests can
/// check real requests and responses against the documented schemas.
///
/// Values are what `JSONSerialization` returns (`NSNumber`, `String`, `NSNull`, arrays and dictionaries).
/// `$ref` may point anywhere in `document` with a local pointer (`#/components/schemas/Group`).
/// Keywords outside the subset are reported by `unsupportedKeywords(in:)`, so the document cannot quietly
/// use something that this validator would ignore.
struct JSONSchemaValidator {
    /// The document `$ref`s point into.
    let document: [String: Any]

    /// Keywords that constrain values and are checked here.
    static let assertions: Set<String> = [
        "$ref", "type", "enum", "const", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "format",
        "anyOf", "oneOf", "allOf", "not", "if", "then", "else", "dependentRequired", "propertyNames", "maxProperties",
    ]
    /// Keywords that only describe.
    static let annotations: Set<String> = ["description", "title", "example", "examples", "default", "deprecated", "readOnly", "writeOnly", "$comment"]
    /// Formats that are checked (loosely); the integer formats only describe.
    static let formats: Set<String> = ["date", "date-time", "int64", "int32"]

    /// Every way `value` breaks `schema`, each prefixed with where in the value it is (`$.data[0].id`); empty when valid.
    func errors(_ value: Any, _ schema: Any, at path: String = "$") -> [String] {
        if let flag = schema as? NSNumber, Self.isBoolean(flag) { return flag.boolValue ? [] : ["\(path): no value is allowed here"] }
        guard let schema = schema as? [String: Any] else { return ["\(path): the schema is not an object"] }
        var found: [String] = []
        func fail(_ message: String) { found.append("\(path): \(message)") }

        if let ref = schema["$ref"] as? String {
            if let target = resolve(ref) { found += errors(value, target, at: path) } else { fail("$ref \(ref) does not resolve") }
        }
        if let type = schema["type"] {
            let allowed = (type as? [String]) ?? [(type as? String) ?? "?"]
            let actual = Self.type(of: value)
            if !allowed.contains(actual) && !(actual == "integer" && allowed.contains("number")) {
                fail("is \(actual), expected \(allowed.joined(separator: " or "))")
                return found  // other keywords would only repeat the mismatch
            }
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { Self.equal($0, value) }) {
            fail("\(Self.describe(value)) is not one of \(Self.describe(options))")
        }
        if let constant = schema["const"], !Self.equal(constant, value) { fail("\(Self.describe(value)) is not \(Self.describe(constant))") }

        if let number = value as? NSNumber, !Self.isBoolean(number) {
            let x = number.doubleValue
            if let m = (schema["minimum"] as? NSNumber)?.doubleValue, x < m { fail("\(x) is below the minimum \(m)") }
            if let m = (schema["maximum"] as? NSNumber)?.doubleValue, x > m { fail("\(x) is above the maximum \(m)") }
            if let m = (schema["exclusiveMinimum"] as? NSNumber)?.doubleValue, x <= m { fail("\(x) is not above \(m)") }
            if let m = (schema["exclusiveMaximum"] as? NSNumber)?.doubleValue, x >= m { fail("\(x) is not below \(m)") }
        }
        if let text = value as? String {
            let length = text.unicodeScalars.count
            if let m = schema["minLength"] as? Int, length < m { fail("is shorter than \(m) characters") }
            if let m = schema["maxLength"] as? Int, length > m { fail("is longer than \(m) characters") }
            if let pattern = schema["pattern"] as? String {
                if let regex = try? NSRegularExpression(pattern: pattern) {
                    if regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                        fail("\(Self.describe(text)) does not match \(pattern)")
                    }
                } else {
                    fail("the pattern \(pattern) does not compile")
                }
            }
            if let format = schema["format"] as? String, !Self.matches(format: format, text) { fail("\(Self.describe(text)) is not a \(format)") }
        }
        if let array = value as? [Any] {
            if let m = schema["minItems"] as? Int, array.count < m { fail("has fewer than \(m) items") }
            if let m = schema["maxItems"] as? Int, array.count > m { fail("has more than \(m) items") }
            if let items = schema["items"] {
                for (index, item) in array.enumerated() { found += errors(item, items, at: "\(path)[\(index)]") }
            }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil { fail("lacks the required \(name)") }
            for (name, dependents) in schema["dependentRequired"] as? [String: [String]] ?? [:] where object[name] != nil {
                for other in dependents where object[other] == nil { fail("has \(name) without \(other)") }
            }
            if let m = schema["maxProperties"] as? Int, object.count > m { fail("has more than \(m) members") }
            if let names = schema["propertyNames"] {
                for name in object.keys.sorted() { found += errors(name, names, at: "\(path) (the name \(name))") }
            }
            for (name, member) in object.sorted(by: { $0.key < $1.key }) {
                if let property = properties[name] {
                    found += errors(member, property, at: "\(path).\(name)")
                } else if let extra = schema["additionalProperties"] {
                    found += errors(member, extra, at: "\(path).\(name)").map {
                        $0.hasSuffix("no value is allowed here") ? "\(path): has the undocumented \(name)" : $0
                    }
                }
            }
        }
        for part in schema["allOf"] as? [Any] ?? [] { found += errors(value, part, at: path) }
        if let options = schema["anyOf"] as? [Any], !options.contains(where: { errors(value, $0, at: path).isEmpty }) {
            fail("matches none of anyOf: " + options.map { errors(value, $0, at: path).joined(separator: "; ") }.joined(separator: " | "))
        }
        if let options = schema["oneOf"] as? [Any] {
            let matching = options.filter { errors(value, $0, at: path).isEmpty }.count
            if matching != 1 { fail("matches \(matching) of oneOf, not exactly one") }
        }
        if let negated = schema["not"], errors(value, negated, at: path).isEmpty { fail("matches what \"not\" excludes") }
        if let condition = schema["if"] {
            let branch = errors(value, condition, at: path).isEmpty ? schema["then"] : schema["else"]
            if let branch { found += errors(value, branch, at: path) }
        }
        return found
    }

    /// The value a local JSON pointer (`#/components/schemas/Group`) names, or nil.
    func resolve(_ ref: String) -> Any? {
        guard ref.hasPrefix("#/") else { return nil }
        var current: Any = document
        for token in ref.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let object = current as? [String: Any], let next = object[key] {
                current = next
            } else if let array = current as? [Any], let index = Int(key), array.indices.contains(index) {
                current = array[index]
            } else {
                return nil
            }
        }
        return current
    }

    /// Keywords and formats in `schema` (and every schema inside it) that this validator does not check.
    static func unsupportedKeywords(in schema: Any, at path: String) -> [String] {
        guard let schema = schema as? [String: Any] else { return [] }
        var found: [String] = []
        for (keyword, argument) in schema.sorted(by: { $0.key < $1.key }) {
            if !assertions.contains(keyword) && !annotations.contains(keyword) { found.append("\(path): unsupported keyword \(keyword)") }
            switch keyword {
            case "properties":
                for (name, member) in argument as? [String: Any] ?? [:] { found += unsupportedKeywords(in: member, at: "\(path)/properties/\(name)") }
            case "items", "additionalProperties", "not", "if", "then", "else", "propertyNames":
                found += unsupportedKeywords(in: argument, at: "\(path)/\(keyword)")
            case "anyOf", "oneOf", "allOf":
                for (index, member) in (argument as? [Any] ?? []).enumerated() { found += unsupportedKeywords(in: member, at: "\(path)/\(keyword)/\(index)") }
            case "format":
                if let format = argument as? String, !formats.contains(format) { found.append("\(path): unsupported format \(format)") }
            default:
                break
            }
        }
        return found
    }

    // MARK: - JSON values

    /// JSON's true and false arrive as `NSNumber`s of the `char` (or `BOOL`) type; numbers never do.
    static func isBoolean(_ number: NSNumber) -> Bool {
        let code = String(cString: number.objCType)
        return code == "c" || code == "B"
    }

    /// The JSON Schema type of a value: null, boolean, integer, number, string, array or object.
    static func type(of value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case let number as NSNumber:
            if isBoolean(number) { return "boolean" }
            let x = number.doubleValue
            return x.isFinite && x.rounded() == x ? "integer" : "number"
        case is String: return "string"
        case is [Any]: return "array"
        case is [String: Any]: return "object"
        default: return "unknown \(Swift.type(of: value))"
        }
    }

    /// JSON equality: numbers by value, booleans apart from numbers, objects regardless of key order.
    static func equal(_ a: Any, _ b: Any) -> Bool {
        let kind = type(of: a), other = type(of: b)
        guard kind == other || (["integer", "number"].contains(kind) && ["integer", "number"].contains(other)) else { return false }
        switch (a, b) {
        case (is NSNull, is NSNull): return true
        case let (x as NSNumber, y as NSNumber): return isBoolean(x) ? x.boolValue == y.boolValue : x.doubleValue == y.doubleValue
        case let (x as String, y as String): return x == y
        case let (x as [Any], y as [Any]): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case let (x as [String: Any], y as [String: Any]):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        default: return false
        }
    }

    static func matches(format: String, _ text: String) -> Bool {
        let pattern: String
        switch format {
        case "date": pattern = #"^\d{4}-\d{2}-\d{2}$"#
        case "date-time": pattern = #"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"#
        default: return true
        }
        return text.range(of: pattern, options: .regularExpression) != nil
    }

    static func describe(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject([value]),
            let data = try? JSONSerialization.data(withJSONObject: [value], options: [.fragmentsAllowed])
        else { return "\(value)" }
        let text = String(decoding: data, as: UTF8.self)
        let inner = String(text.dropFirst().dropLast())
        return inner.count > 120 ? String(inner.prefix(117)) + "..." : inner
    }
}
