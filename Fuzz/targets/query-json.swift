// libFuzzer target: what the API decodes from a client besides the head — query strings
// (QueryParameters, PercentDecoding, the API's QueryReader) and JSON bodies (JSONBody, its
// typed readers and FieldRules), compiled with the product's own source files.
//
// The first byte picks the body's Content-Type; the rest is read both as a query string
// and as a JSON body. A failed invariant traps, which libFuzzer reports as a crash.
import Foundation
@testable import HTTPServer

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant failed: " + message()) }
}

let contentTypes = ["application/json", "text/plain", "application/merge-patch+json", "application/json; charset=utf-8"]

// MARK: - Query strings

func fuzzQuery(_ raw: String) {
    let query = QueryParameters(parsing: raw)
    // Re-encoding what was decoded and parsing it again gives the same pairs: `next` links
    // (Cursor.nextLink) are built this way and must ask for the same search.
    let encoded = query.pairs.map { "\(PercentDecoding.encode($0.key))=\(PercentDecoding.encode($0.value))" }.joined(separator: "&")
    let again = QueryParameters(parsing: encoded)
    check(again.pairs.count == query.pairs.count, "re-encoded query has \(again.pairs.count) pairs, not \(query.pairs.count)")
    for (a, b) in zip(query.pairs, again.pairs) {
        check(a.key == b.key && a.value == b.value, "pair \(a) came back as \(b)")
    }
    check(PercentDecoding.decode(PercentDecoding.encode(raw)) == raw, "percent-encoding does not round-trip")
    check(Set(query.keys).count == query.keys.count, "keys repeat")
    for key in query.keys { check(query[key] == query.all(key).first, "subscript and all() disagree") }

    var head = RequestHead(method: "GET", target: "/api/v1/groups")
    head.rawQuery = raw
    var reader = QueryReader(Request(head: head))
    check(reader.query.pairs.count == query.pairs.count, "the reader parsed differently")
    let limit = reader.limit()
    check((1...100).contains(limit), "limit \(limit)")
    // The API asks for fixed, non-empty names; a few of the client's own keys are asked for too.
    let sentKeys = query.keys.filter { !$0.isEmpty }
    for name in ["q", "city", "state", "zip", "near", "day", "from", "to", "language"] + sentKeys.prefix(4) {
        let max = name.utf8.count % 2 == 0 ? 200 : 2
        if let text = reader.text(name, max: max) {
            check(!text.isEmpty && text.count <= max, "text \(name) of \(text.count) characters over \(max)")
            check(!text.unicodeScalars.contains { $0.value < 0x20 }, "text \(name) holds a control character")
            check(text.trimmingCharacters(in: .whitespaces) == text, "text \(name) is not trimmed")
        }
    }
    for name in ["free", "accessible"] + sentKeys.prefix(2) { _ = reader.bool(name) }
    let formats = ["in_person", "online", "hybrid", "phone"]
    if let format = reader.choice("format", formats) { check(formats.contains(format), "choice \(format)") }
    let errors = reader.errors
    for error in errors {
        check(!error.field.isEmpty && !error.message.isEmpty, "an anonymous field error")
    }
    do {
        try reader.finish()
        check(errors.isEmpty, "finish() passed with \(errors.count) errors")
    } catch let error as HTTPError {
        check(error.status == 400 && error.errors == errors, "finish() threw \(error.status) with other errors")
        checkProblemDocument(error)
    } catch {
        check(false, "finish() threw \(error)")
    }
}

/// The problem document of an error must be valid JSON naming the same status and fields.
/// (JSONDecoder, not JSONSerialization: on Linux the latter drops a U+FEFF that starts a
/// string or follows an escape, which this check once took for a fault of JSONWriter.)
struct ProblemDocument: Decodable {
    struct Field: Decodable { var field: String; var message: String }
    var status: Int
    var title: String
    var errors: [Field]?
}

func checkProblemDocument(_ error: HTTPError) {
    let response = error.response
    guard let document = try? JSONDecoder().decode(ProblemDocument.self, from: Data(response.body)) else {
        return check(false, "the problem document is not valid: \(String(decoding: response.body, as: UTF8.self))")
    }
    check(document.status == error.status, "the problem document names another status")
    let fields = (document.errors ?? []).map(\.field)
    check(fields == error.errors.map(\.field), "the problem document names other fields: \(fields)")
}

// MARK: - JSON bodies

func depth(_ value: Any) -> Int {
    if let object = value as? [String: Any] { return 1 + (object.values.map(depth).max() ?? 0) }
    if let array = value as? [Any] { return 1 + (array.map(depth).max() ?? 0) }
    return 0
}

func fuzzJSON(_ bytes: [UInt8], contentType: String) {
    let head = RequestHead(method: "POST", target: "/api/v1/groups", headers: HTTPHeaders([("Content-Type", contentType)]))
    var body: JSONBody
    do {
        body = try JSONBody(Request(head: head, body: bytes))
    } catch let error as HTTPError {
        check([400, 415, 422].contains(error.status), "JSONBody threw \(error.status)")
        if contentType == "text/plain" { check(error.status == 415, "text/plain answered \(error.status), not 415") }
        checkProblemDocument(error)
        return
    } catch {
        return check(false, "JSONBody threw \(error)")
    }
    check(contentType != "text/plain", "a text/plain body was accepted")
    check(depth(body.object) <= JSONBody.maxDepth, "a body nested \(depth(body.object)) deep passed the \(JSONBody.maxDepth)-level guard")

    let keys = Array(body.object.keys.sorted().prefix(8))
    for key in keys {
        var text = "", optionalText: String? = "unset", choice = "", flag = false
        var integer = -1, optionalInteger: Int? = -1, identifier: Int64 = 0, optionalIdentifier: Int64? = 0
        var number: Double? = .nan, list: [String] = [], ids: [Int64] = []
        body.text(key, into: &text, max: 20)
        if !text.isEmpty {
            check(text.count <= 20 && text.trimmingCharacters(in: .whitespacesAndNewlines) == text, "text \(key) not trimmed or too long")
            check(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" }, "text \(key) holds a control character")
        }
        let validators: [(String) -> String?] = [FieldRules.email, FieldRules.phone, FieldRules.url, FieldRules.slug, FieldRules.timeZone]
        body.optionalText(key, into: &optionalText, max: 200, validate: validators[key.utf8.count % validators.count])
        body.choice(key, from: ["in_person", "online"], into: &choice)
        check(choice.isEmpty || ["in_person", "online"].contains(choice), "choice \(choice)")
        body.flag(key, into: &flag)
        body.integer(key, into: &integer, range: 1...500)
        check(integer == -1 || (1...500).contains(integer), "integer \(integer)")
        body.optionalInteger(key, into: &optionalInteger, range: 0...10)
        check(optionalInteger == nil || optionalInteger == -1 || (0...10).contains(optionalInteger!), "optional integer \(String(describing: optionalInteger))")
        body.identifier(key, into: &identifier)
        check(identifier >= 0, "identifier \(identifier)")
        body.optionalIdentifier(key, into: &optionalIdentifier)
        body.optionalNumber(key, into: &number, range: -90...90)
        if let number, !number.isNaN { check((-90...90).contains(number), "number \(number)") }
        body.textList(key, into: &list, maxCount: 5, maxLength: 10, validate: FieldRules.language, rule: "is not a language tag")
        check(list.count <= 5 && Set(list).count == list.count && list.allSatisfy { !$0.isEmpty && $0.count <= 10 && FieldRules.language($0) },
              "text list \(list)")
        body.identifierList(key, into: &ids, maxCount: 5)
        check(ids.count <= 5 && Set(ids).count == ids.count && ids.allSatisfy { $0 > 0 }, "id list \(ids)")
        if let value = body.object[key] as? String {
            let slug = FieldRules.slugify(value)
            check(slug.isEmpty || FieldRules.slug(slug) == nil, "slugify(\(value.debugDescription)) gave the invalid slug \(slug)")
        }
    }
    body.rejectUnknown(["name", "slug"])
    let fields = Set(body.errors.map(\.field))
    check(fields.isSubset(of: Set(body.object.keys)), "an error names a field that was not sent: \(fields)")
    do {
        try body.finish()
        check(body.errors.isEmpty, "finish() passed with errors")
    } catch let error as HTTPError {
        check(error.status == 422 && !body.errors.isEmpty, "finish() threw \(error.status)")
        checkProblemDocument(error)
    } catch {
        check(false, "finish() threw \(error)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard count > 0, let start else { return 0 }
    let data = Array(UnsafeBufferPointer(start: start, count: count))
    let rest = Array(data.dropFirst())
    fuzzQuery(String(decoding: rest, as: UTF8.self))
    fuzzJSON(rest, contentType: contentTypes[Int(data[0]) % contentTypes.count])
    return 0
}
