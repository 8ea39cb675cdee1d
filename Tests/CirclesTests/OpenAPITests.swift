import Foundation
import HTTPServer
import TestSupport
import Testing

@testable import Circles

/// `Public/openapi.json` matches the server: the same operations as the router, a well-formed document,
/// and real requests and responses that fit what it documents.
@Suite struct OpenAPITests {
    static func loadDocument() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestHTTP.repositoryRoot + "/Public/openapi.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static let methods = ["get", "put", "post", "patch", "delete", "head", "options", "trace"]

    /// Every (method, path template) the document has, as "get /api/v1/groups/{id}".
    static func documentedOperations(_ document: [String: Any]) -> Set<String> {
        var result = Set<String>()
        for (path, item) in document["paths"] as? [String: [String: Any]] ?? [:] {
            for method in methods where item[method] != nil { result.insert("\(method) \(path)") }
        }
        return result
    }

    @Test func documentsExactlyTheRoutesOfTheRouter() throws {
        let document = try Self.loadDocument()
        let app = try TestApp()
        // The API, the health probes and the HSDS API (a public API under /hsds, fuzzed from this document too)
        // are documented; HTML pages are not part of the API.
        let apiRoutes = app.application.router.descriptions.filter {
            $0.pattern.hasPrefix("/api/") || $0.pattern == "/healthz" || $0.pattern == "/readyz" || $0.pattern == "/hsds" || $0.pattern.hasPrefix("/hsds/")
        }
        let routed = Set(
            apiRoutes.map { route in
                let path = route.pattern.split(separator: "/", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                return "\(route.method.lowercased()) \(path)"
            })
        let documented = Self.documentedOperations(document)
        let undocumented = routed.subtracting(documented).sorted()
        let unrouted = documented.subtracting(routed).sorted()
        #expect(undocumented.isEmpty, "routes missing from openapi.json: \(undocumented)")
        #expect(unrouted.isEmpty, "operations in openapi.json that the router does not have: \(unrouted)")
    }

    @Test func isAWellFormedOpenAPI31Document() throws {
        let document = try Self.loadDocument()
        let validator = JSONSchemaValidator(document: document)
        var problems: [String] = []
        #expect(document["openapi"] as? String == "3.1.0")
        let info = document["info"] as? [String: Any] ?? [:]
        #expect(info["title"] as? String == "Circles")
        #expect(!(info["version"] as? String ?? "").isEmpty)
        #expect((document["servers"] as? [[String: Any]])?.first?["url"] as? String == "/")
        let schemes = (document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any] ?? [:]
        #expect((schemes["apiKey"] as? [String: Any])?["scheme"] as? String == "bearer")

        // Every $ref resolves.
        func walk(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                if let ref = object["$ref"] as? String, validator.resolve(ref) == nil { problems.append("\(path): $ref \(ref) does not resolve") }
                for (key, member) in object { walk(member, path + "/" + key) }
            } else if let array = value as? [Any] {
                for (index, member) in array.enumerated() { walk(member, "\(path)/\(index)") }
            }
        }
        walk(document, "#")

        // Operations: an operationId each, unique; responses; declared tags, security schemes and path parameters.
        let tags = Set((document["tags"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
        var operationIds: [String: String] = [:]
        for (path, item) in document["paths"] as? [String: [String: Any]] ?? [:] {
            let templateNames = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
            for method in Self.methods {
                guard let operation = item[method] as? [String: Any] else { continue }
                let name = "\(method) \(path)"
                if let id = operation["operationId"] as? String, !id.isEmpty {
                    if let other = operationIds[id] { problems.append("\(name): operationId \(id) is also used by \(other)") }
                    operationIds[id] = name
                } else {
                    problems.append("\(name): no operationId")
                }
                let responses = operation["responses"] as? [String: Any] ?? [:]
                if responses.isEmpty { problems.append("\(name): no responses") }
                for code in responses.keys where Int(code).map({ !(100...599).contains($0) }) ?? (code != "default") {
                    problems.append("\(name): \(code) is not a status code")
                }
                for tag in operation["tags"] as? [String] ?? [] where !tags.contains(tag) { problems.append("\(name): undeclared tag \(tag)") }
                for requirement in operation["security"] as? [[String: Any]] ?? [] {
                    for scheme in requirement.keys where schemes[scheme] == nil { problems.append("\(name): unknown security scheme \(scheme)") }
                }
                let parameters = (operation["parameters"] as? [Any] ?? []).compactMap { resolved($0, validator) as? [String: Any] }
                let pathParameters = parameters.filter { $0["in"] as? String == "path" }
                let declared = Set(pathParameters.compactMap { $0["name"] as? String })
                if declared != templateNames { problems.append("\(name): path parameters \(declared.sorted()) for \(templateNames.sorted())") }
                for parameter in pathParameters where parameter["required"] as? Bool != true {
                    problems.append("\(name): path parameter \(parameter["name"] ?? "?") is not required")
                }
                for parameter in parameters where parameter["schema"] == nil { problems.append("\(name): parameter \(parameter["name"] ?? "?") has no schema") }
            }
        }

        // Every schema sticks to what the test validator checks.
        for (key, schema) in (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:] {
            problems += JSONSchemaValidator.unsupportedKeywords(in: schema, at: "#/components/schemas/\(key)")
        }
        for (location, schema) in Self.inlineSchemas(document) {
            problems += JSONSchemaValidator.unsupportedKeywords(in: schema, at: location)
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func everyExampleFitsItsSchema() throws {
        let document = try Self.loadDocument()
        let validator = JSONSchemaValidator(document: document)
        var problems: [String] = []
        var count = 0
        func check(_ container: [String: Any], _ location: String) {
            guard let schema = container["schema"], let example = container["example"] else { return }
            count += 1
            problems += validator.errors(example, schema).map { "\(location): \($0)" }
        }
        let components = document["components"] as? [String: Any] ?? [:]
        for (name, parameter) in components["parameters"] as? [String: [String: Any]] ?? [:] { check(parameter, "parameter \(name)") }
        for (name, header) in components["headers"] as? [String: [String: Any]] ?? [:] { check(header, "header \(name)") }
        for (name, response) in components["responses"] as? [String: [String: Any]] ?? [:] {
            for (type, media) in response["content"] as? [String: [String: Any]] ?? [:] { check(media, "response \(name) \(type)") }
        }
        for (path, item) in document["paths"] as? [String: [String: Any]] ?? [:] {
            for method in Self.methods {
                guard let operation = item[method] as? [String: Any] else { continue }
                let body = (operation["requestBody"] as? [String: Any])?["content"] as? [String: [String: Any]] ?? [:]
                for (type, media) in body { check(media, "\(method) \(path) request \(type)") }
                for (status, response) in operation["responses"] as? [String: [String: Any]] ?? [:] {
                    for (type, media) in response["content"] as? [String: [String: Any]] ?? [:] { check(media, "\(method) \(path) \(status) \(type)") }
                }
            }
        }
        #expect(count > 30, "only \(count) examples")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func topicSlugsAreTheSeededTaxonomy() throws {
        let document = try Self.loadDocument()
        let app = try TestApp()
        let validator = JSONSchemaValidator(document: document)
        let documented = (validator.resolve("#/components/schemas/TopicSlug") as? [String: Any])?["enum"] as? [String] ?? []
        let served = (try app.get("/api/v1/topics").jsonObject["data"] as? [[String: Any]] ?? []).compactMap { $0["slug"] as? String }
        #expect(Set(documented) == Set(served), "documented: \(documented.sorted()), served: \(served.sorted())")
    }

    @Test func realRequestsAndResponsesMatchTheDocument() throws {
        let check = try Conformance(document: try Self.loadDocument())
        try check.walkThroughTheAPI()
        #expect(check.problems.isEmpty, "\(check.problems.joined(separator: "\n"))")
        let unexercised = Self.documentedOperations(check.document).subtracting(check.exercised).sorted()
        #expect(unexercised.isEmpty, "operations the walk-through never called: \(unexercised)")
    }

    /// The document promises that an ETag goes back in If-None-Match and If-Match, including the "vN-gz"
    /// tag of a gzip-compressed answer.
    @Test func etagsOfCompressedAnswersWorkInConditionalRequests() throws {
        let app = try TestApp()
        let admin = try app.key()
        let path = "/api/v1/organizations/\(try app.makeOrganization("harbor", key: admin))"
        let long = String(repeating: "Peer support by and for people who have been there. ", count: 40)
        #expect(try app.send("PATCH", path, key: admin, json: ["description": long], headers: [("If-Match", "*")]).status == 200)
        let read = try app.get(path, headers: [("Accept-Encoding", "gzip")])
        #expect(read.headers["Content-Encoding"] == "gzip")
        let etag = try #require(read.headers["ETag"])
        let again = try app.get(path, headers: [("Accept-Encoding", "gzip"), ("If-None-Match", etag)])
        #expect(again.status == 304)
        let update = try app.send("PATCH", path, key: admin, json: ["description": "Peer support."], headers: [("If-Match", etag)])
        #expect(update.status == 200, "\(update.text)")
    }

    /// Schemas written inline in parameters, headers and media types, by where they are.
    static func inlineSchemas(_ document: [String: Any]) -> [(String, Any)] {
        var found: [(String, Any)] = []
        func visit(_ value: Any, _ path: String) {
            guard let object = value as? [String: Any] else {
                for (index, member) in (value as? [Any] ?? []).enumerated() { visit(member, "\(path)/\(index)") }
                return
            }
            for (key, member) in object {
                if key == "schema" { found.append((path + "/schema", member)) } else if key != "example" { visit(member, path + "/" + key) }
            }
        }
        visit(document["paths"] ?? [:], "#/paths")
        for part in ["parameters", "headers", "responses"] {
            visit((document["components"] as? [String: Any])?[part] ?? [:], "#/components/\(part)")
        }
        return found
    }
}

/// Follows `$ref`s until a real object.
private func resolved(_ value: Any, _ validator: JSONSchemaValidator) -> Any? {
    var current: Any? = value
    for _ in 0..<10 {
        guard let object = current as? [String: Any], let ref = object["$ref"] as? String else { return current }
        current = validator.resolve(ref)
    }
    return nil
}

/// Drives a real server and checks each exchange against the document: the request must fit it (or, when the
/// test means to send a bad one, must not), and the response status, content type, body and headers must be documented.
final class Conformance {
    let document: [String: Any]
    let validator: JSONSchemaValidator
    let app: TestApp
    /// What did not match, one line each.
    var problems: [String] = []
    /// Operations called at least once, as "get /api/v1/groups/{id}".
    var exercised: Set<String> = []

    init(document: [String: Any]) throws {
        self.document = document
        validator = JSONSchemaValidator(document: document)
        app = try TestApp()
    }

    /// Sends a request and checks both sides against the document.
    /// - Parameter conforming: whether the request fits the document; a deliberately bad request passes `false`,
    ///   and then the document must refuse it too.
    @discardableResult
    func call(
        _ method: String, _ target: String, key: String? = nil, json: Any? = nil, raw: [UInt8]? = nil,
        headers: [(String, String)] = [], expect status: Int, conforming: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ClientResponse {
        var headers = headers
        if let key { headers.append(("Authorization", "Bearer \(key)")) }
        let response: ClientResponse
        if let raw {
            response = try TestHTTP.send(app.port, method, target, headers: headers, body: raw)
        } else {
            response = try TestHTTP.send(app.port, method, target, headers: headers, json: json)
            if json != nil { headers.append(("Content-Type", "application/json")) }
        }
        let label = "\(method) \(target) → \(response.status)"
        #expect(response.status == status, "\(label): \(response.text)", sourceLocation: sourceLocation)

        let (pathPart, query) = Self.split(target)
        guard let (template, pathValues) = match(pathPart) else {
            problems.append("\(label): no documented path matches \(pathPart)")
            return response
        }
        let operationName = "\(method.lowercased()) \(template)"
        guard let operation = ((document["paths"] as? [String: Any])?[template] as? [String: Any])?[method.lowercased()] as? [String: Any] else {
            problems.append("\(label): \(operationName) is not documented")
            return response
        }
        exercised.insert(operationName)

        // The request.
        var body: Any?
        if let raw { body = try? JSONSerialization.jsonObject(with: Data(raw)) }
        if let json {
            body = try JSONSerialization.jsonObject(
                with: JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed]), options: [.fragmentsAllowed])
        }
        let requestProblems = self.requestProblems(operation, pathValues: pathValues, query: query, headers: headers, body: body, raw: raw)
        if conforming && !requestProblems.isEmpty {
            problems.append("\(label): the document refuses a request the test means to be valid: \(requestProblems.joined(separator: "; "))")
        } else if !conforming && requestProblems.isEmpty {
            problems.append("\(label): the document allows a request the test means to be invalid")
        }

        // The response.
        guard let documented = resolved((operation["responses"] as? [String: Any])?[String(response.status)] ?? [:], validator) as? [String: Any],
            !documented.isEmpty
        else {
            problems.append("\(label): status \(response.status) is not documented for \(operationName)")
            return response
        }
        for (name, header) in documented["headers"] as? [String: Any] ?? [:] {
            guard let header = resolved(header, validator) as? [String: Any] else { continue }
            if let value = response.headers[name] {
                problems += validator.errors(value, header["schema"] ?? [:], at: "header \(name)").map { "\(label): \($0)" }
            } else if header["required"] as? Bool == true {
                problems.append("\(label): the documented header \(name) is missing")
            }
        }
        let content = documented["content"] as? [String: [String: Any]] ?? [:]
        if response.body.isEmpty {
            if !content.isEmpty && method != "HEAD" { problems.append("\(label): no body, but \(content.keys.sorted()) is documented") }
            return response
        }
        let type = (response.headers["Content-Type"] ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard let media = content[type] else {
            problems.append("\(label): content type \(type) is not documented (documented: \(content.keys.sorted()))")
            return response
        }
        let value: Any
        if type.hasSuffix("json") {
            guard let parsed = try? response.json() else {
                problems.append("\(label): the body is not JSON")
                return response
            }
            value = parsed
        } else {
            value = response.text
        }
        problems += validator.errors(value, media["schema"] ?? [:]).map { "\(label): \($0)" }
        return response
    }

    /// How a request breaks the operation's parameters, security and request body; empty when it fits.
    func requestProblems(
        _ operation: [String: Any], pathValues: [String: String], query: [(String, String)],
        headers: [(String, String)], body: Any?, raw: [UInt8]?
    ) -> [String] {
        var found: [String] = []
        let parameters = (operation["parameters"] as? [Any] ?? []).compactMap { resolved($0, validator) as? [String: Any] }
        func parameter(_ place: String, _ name: String) -> [String: Any]? {
            parameters.first { $0["in"] as? String == place && ($0["name"] as? String)?.lowercased() == name.lowercased() }
        }
        for (name, value) in pathValues {
            guard let schema = parameter("path", name)?["schema"] else { found.append("path parameter \(name) is not documented"); continue }
            found += validator.errors(Self.coerce([value], schema, validator), schema, at: "path \(name)")
        }
        for name in Set(query.map(\.0)).sorted() {
            guard let schema = parameter("query", name)?["schema"] else { found.append("query parameter \(name) is not documented"); continue }
            found += validator.errors(Self.coerce(query.filter { $0.0 == name }.map(\.1), schema, validator), schema, at: "query \(name)")
        }
        for spec in parameters where spec["in"] as? String == "header" {
            let name = spec["name"] as? String ?? ""
            if let value = headers.first(where: { $0.0.lowercased() == name.lowercased() })?.1 {
                found += validator.errors(value, spec["schema"] ?? [:], at: "header \(name)")
            } else if spec["required"] as? Bool == true {
                found.append("the required header \(name) is missing")
            }
        }
        let security = operation["security"] as? [[String: Any]] ?? document["security"] as? [[String: Any]] ?? []
        let credentials = headers.contains { $0.0 == "Authorization" || $0.0 == "Cookie" }
        if !security.isEmpty && !security.contains(where: { $0.isEmpty }) && !credentials {
            found.append("it needs an API key or a session")
        }
        if let requestBody = operation["requestBody"] as? [String: Any] {
            let content = requestBody["content"] as? [String: [String: Any]] ?? [:]
            let type = headers.first { $0.0.lowercased() == "content-type" }?.1.lowercased()
            if let body {
                if let type, content[type] == nil { found.append("the body's type \(type) is not documented") }
                if let schema = content["application/json"]?["schema"] { found += validator.errors(body, schema, at: "body") }
            } else if raw.map({ !$0.isEmpty }) ?? false {
                // A documented non-JSON body (a CSV file) is checked for its type only.
                if let type = type?.split(separator: ";").first.map({ $0.trimmingCharacters(in: .whitespaces) }), content[type] != nil, !type.hasSuffix("json")
                {
                } else {
                    found.append("the body is not JSON")
                }
            } else if requestBody["required"] as? Bool == true {
                found.append("the body is missing")
            }
        } else if body != nil {
            found.append("a body is not documented")
        }
        return found
    }

    /// Query or path text as the JSON value its schema describes ("5" → 5 for an integer, all values for an array).
    static func coerce(_ values: [String], _ schema: Any, _ validator: JSONSchemaValidator) -> Any {
        let schema = resolved(schema, validator) as? [String: Any] ?? [:]
        let type = schema["type"] as? String
        if type == "array" { return values.map { coerce([$0], schema["items"] ?? [:], validator) } }
        let text = values.first ?? ""
        switch type {
        case "integer": return Int(text).map { NSNumber(value: $0) } ?? text
        case "number": return Double(text).map { NSNumber(value: $0) } ?? text
        case "boolean": return ["true": NSNumber(value: true), "false": NSNumber(value: false)][text] ?? text
        default: return text
        }
    }

    /// The documented path template that matches a concrete path, with the parameter values.
    func match(_ path: String) -> (String, [String: String])? {
        let segments = path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        var best: (String, [String: String], Int)?
        for template in (document["paths"] as? [String: Any] ?? [:]).keys {
            let parts = template.split(separator: "/").map(String.init)
            guard parts.count == segments.count else { continue }
            var values: [String: String] = [:]
            var literals = 0
            var fits = true
            for (part, segment) in zip(parts, segments) {
                if part.hasPrefix("{") {
                    values[String(part.dropFirst().dropLast())] = segment
                } else if part == segment {
                    literals += 1
                } else {
                    fits = false; break
                }
            }
            if fits && literals > (best?.2 ?? -1) { best = (template, values, literals) }
        }
        return best.map { ($0.0, $0.1) }
    }

    static func split(_ target: String) -> (String, [(String, String)]) {
        let parts = target.split(separator: "?", maxSplits: 1)
        let query =
            parts.count > 1
            ? parts[1].split(separator: "&").map { pair -> (String, String) in
                let kv = pair.split(separator: "=", maxSplits: 1).map { $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
                return (kv[0], kv.count > 1 ? kv[1] : "")
            } : []
        return (String(parts.first ?? ""), query)
    }

    // MARK: - The walk-through

    /// Creates an organization, location, facilitator, group, schedules and exceptions through the API, reads every
    /// list and item, meetings and topics, provokes each documented error, then deletes it all again.
    func walkThroughTheAPI() throws {
        let admin = try app.key()
        let utc = TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        func day(_ offset: Int) -> String {
            let date = calendar.date(byAdding: .day, value: offset, to: Date())!
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
        }
        func json(_ response: ClientResponse) -> [String: Any] { response.jsonObject }
        func id(_ response: ClientResponse) -> Int { json(response)["id"] as? Int ?? 0 }

        try call("GET", "/healthz", expect: 200)
        try call("GET", "/readyz", expect: 200)

        // Organizations.
        let orgBody: [String: Any] = [
            "name": "Harbor Peer Support Network", "description": "Peer-led support groups in the Eastside neighborhoods.",
            "website": "https://harbor.example.org", "email": "hello@example.org", "phone": "555-0142",
        ]
        let org = try call("POST", "/api/v1/organizations", key: admin, json: orgBody, headers: [("Idempotency-Key", "org-harbor-1")], expect: 201)
        let orgId = id(org)
        let replay = try call("POST", "/api/v1/organizations", key: admin, json: orgBody, headers: [("Idempotency-Key", "org-harbor-1")], expect: 201)
        #expect(replay.headers["Idempotent-Replayed"] == "true")
        try call("POST", "/api/v1/organizations", key: admin, json: ["name": "Something else"], headers: [("Idempotency-Key", "org-harbor-1")], expect: 422)
        try call("POST", "/api/v1/organizations", key: admin, json: orgBody, headers: [("Idempotency-Key", "has spaces")], expect: 400, conforming: false)
        try call("POST", "/api/v1/organizations", key: admin, json: orgBody, expect: 409)
        try call("POST", "/api/v1/organizations", json: ["name": "Lantern House"], expect: 401, conforming: false)
        try call("POST", "/api/v1/organizations", key: "circles_nope_nope", json: ["name": "Lantern House"], expect: 401)
        try call("POST", "/api/v1/organizations", key: admin, json: ["name": " ", "colour": "blue", "website": "ftp://x"], expect: 422, conforming: false)
        try call("POST", "/api/v1/organizations", key: admin, json: [1, 2], expect: 422, conforming: false)
        try call(
            "POST", "/api/v1/organizations", key: admin, raw: Array("{nope".utf8), headers: [("Content-Type", "application/json")], expect: 400,
            conforming: false)
        try call(
            "POST", "/api/v1/organizations", key: admin, raw: Array("name=x".utf8), headers: [("Content-Type", "text/plain")], expect: 415, conforming: false)
        try call(
            "POST", "/api/v1/organizations", key: admin, raw: [UInt8](repeating: 32, count: 2 << 20), headers: [("Content-Type", "application/json")],
            expect: 413, conforming: false)
        let other = try call("POST", "/api/v1/organizations", key: admin, json: ["name": "Lantern House", "slug": "lantern-house"], expect: 201)
        let otherId = id(other)
        let outsider = try app.key("coordinator", organization: "lantern-house")
        let orgSlug = json(org)["slug"] as? String ?? ""
        let coordinator = try app.key("coordinator", organization: orgSlug)
        try call("POST", "/api/v1/organizations", key: coordinator, json: ["name": "Mine Alone"], expect: 403)

        let orgs = try call("GET", "/api/v1/organizations?limit=1", expect: 200)
        if let next = json(orgs)["next"] as? String { try call("GET", next, expect: 200) } else { problems.append("organizations?limit=1 gave no next link") }
        try call("GET", "/api/v1/organizations?limit=0", expect: 400, conforming: false)
        try call("GET", "/api/v1/organizations?cursor=zzz", expect: 404)
        try call("GET", "/api/v1/organizations?cursor=z.z", expect: 400, conforming: false)
        try call("GET", "/api/v1/organizations", key: "circles_nope_nope", expect: 401)
        let orgPath = "/api/v1/organizations/\(orgId)"
        let orgRead = try call("GET", orgPath, expect: 200)
        let orgETag = orgRead.headers["ETag"] ?? ""
        try call("GET", orgPath, headers: [("If-None-Match", orgETag)], expect: 304)
        try call("GET", "/api/v1/organizations/999999", expect: 404)
        try call("GET", "/api/v1/organizations/not-a-number", expect: 404, conforming: false)
        try call("PATCH", orgPath, key: admin, json: ["description": "Peer support across the Eastside."], expect: 428, conforming: false)
        let orgUpdated = try call(
            "PATCH", orgPath, key: coordinator, json: ["description": "Peer support across the Eastside.", "phone": NSNull()],
            headers: [("If-Match", orgETag)], expect: 200)
        #expect(orgUpdated.headers["ETag"] != orgETag)
        let stale = try call("PATCH", orgPath, key: admin, json: ["description": "A lost update"], headers: [("If-Match", orgETag)], expect: 412)
        // The 412 names the current version; the coordinator's answer is its private form.
        #expect(stale.headers["ETag"].map { String($0.dropLast()) + "-private\"" } == orgUpdated.headers["ETag"])
        try call("PATCH", orgPath, key: admin, json: ["description": "x"], headers: [("If-Match", "W/\"v1\"")], expect: 412)
        try call("PATCH", orgPath, key: admin, json: ["slug": "lantern-house"], headers: [("If-Match", "*")], expect: 409)
        try call("PATCH", orgPath, key: outsider, json: ["description": "Not yours"], headers: [("If-Match", "*")], expect: 403)
        try call("PATCH", orgPath, key: admin, json: ["name": 5], headers: [("If-Match", "*")], expect: 422, conforming: false)
        try call("PATCH", "/api/v1/organizations/999999", key: admin, json: ["description": "x"], headers: [("If-Match", "*")], expect: 404)
        try call(
            "PATCH", orgPath, key: admin, raw: Array("<a/>".utf8), headers: [("If-Match", "*"), ("Content-Type", "application/xml")], expect: 415,
            conforming: false)
        try call(
            "PATCH", orgPath, key: admin, raw: Array("[".utf8), headers: [("If-Match", "*"), ("Content-Type", "application/json")], expect: 400,
            conforming: false)

        // Locations.
        let locationBody: [String: Any] = [
            "organization_id": orgId, "name": "Eastside Branch Library", "kind": "library", "address": "1420 Maple Avenue", "city": "Denver",
            "county": "Denver", "state": "CO", "zip": "80205", "latitude": 39.7508, "longitude": -104.9673, "wheelchair_accessible": true,
            "parking": true, "near_transit": true, "accessibility_notes": "Step-free entrance on the north side.", "directions": "Community room B.",
        ]
        let location = try call("POST", "/api/v1/locations", key: coordinator, json: locationBody, expect: 201)
        let locationId = id(location)
        let hall = try call(
            "POST", "/api/v1/locations", key: admin,
            json: ["organization_id": orgId, "name": "Riverside Community Hall", "kind": "community_center", "city": "Denver"], expect: 201)
        let hallId = id(hall)
        try call("POST", "/api/v1/locations", key: outsider, json: ["organization_id": orgId, "name": "Hall", "kind": "other"], expect: 403)
        try call(
            "POST", "/api/v1/locations", key: admin, json: ["organization_id": orgId, "name": "Hall", "kind": "cave", "zip": "ABC", "latitude": 100],
            expect: 422, conforming: false)
        try call("POST", "/api/v1/locations", key: admin, json: ["organization_id": 999999, "name": "Hall", "kind": "other"], expect: 422)
        try call("GET", "/api/v1/locations?organization_id=\(orgId)&limit=1", expect: 200)
        try call("GET", "/api/v1/locations?organization_id=zero", expect: 400, conforming: false)
        let locationPath = "/api/v1/locations/\(locationId)"
        let locationRead = try call("GET", locationPath, expect: 200)
        try call("GET", locationPath, headers: [("If-None-Match", locationRead.headers["ETag"] ?? "")], expect: 304)
        try call("GET", "/api/v1/locations/999999", expect: 404)
        try call("PATCH", locationPath, key: admin, json: ["organization_id": otherId], headers: [("If-Match", "*")], expect: 422, conforming: false)
        try call("PATCH", locationPath, key: admin, json: ["asl_available": true], headers: [("If-Match", locationRead.headers["ETag"] ?? "")], expect: 200)

        // Facilitators.
        let facilitatorBody: [String: Any] = [
            "organization_id": orgId, "display_name": "Jordan R.", "bio": "Has facilitated grief circles since 2019.",
            "lived_experience": ["grief", "caregiving"], "languages": ["en", "es"], "private_email": "jordan@example.org", "private_phone": "555-0187",
            "trainings": [
                ["name": "Peer Support Specialist", "issuer": "Example Training Institute", "completed_on": "2024-05-17", "expires_on": "2027-05-17"],
                ["name": "First Aid", "completed_on": "2020-01-10", "expires_on": "2022-01-10"],
            ],
        ]
        let facilitator = try call("POST", "/api/v1/facilitators", key: admin, json: facilitatorBody, expect: 201)
        let facilitatorId = id(facilitator)
        try call(
            "POST", "/api/v1/facilitators", key: admin,
            json: ["organization_id": orgId, "display_name": "Sam", "languages": ["English"], "trainings": [["issuer": "x"]]], expect: 422, conforming: false)
        try call("GET", "/api/v1/facilitators", expect: 200)
        try call("GET", "/api/v1/facilitators?organization_id=\(orgId)", key: coordinator, expect: 200)
        let facilitatorPath = "/api/v1/facilitators/\(facilitatorId)"
        let privateView = try call("GET", facilitatorPath, key: admin, expect: 200)
        #expect(json(privateView)["private_email"] as? String == "jordan@example.org")
        let publicView = try call("GET", facilitatorPath, expect: 200)
        #expect(json(publicView)["private_email"] == nil)
        try call("GET", facilitatorPath, headers: [("If-None-Match", publicView.headers["ETag"] ?? "")], expect: 304)
        try call("GET", "/api/v1/facilitators/999999", expect: 404)
        try call(
            "PATCH", facilitatorPath, key: admin, json: ["languages": ["en", "es", "ase"]], headers: [("If-Match", publicView.headers["ETag"] ?? "")],
            expect: 200)

        // Groups.
        let groupBody: [String: Any] = [
            "organization_id": orgId, "location_id": locationId, "name": "Eastside Grief Circle", "summary": "A peer-led circle for adults after a loss.",
            "description": "We meet to talk, listen and share what helps.", "format": "in_person", "time_zone": "America/Denver",
            "topics": ["grief", "caregivers"], "audiences": ["adults"], "languages": ["en", "es"], "contact_email": "grief@example.org",
            "contact_phone": "555-0123", "facilitator_ids": [facilitatorId],
        ]
        let group = try call("POST", "/api/v1/groups", key: coordinator, json: groupBody, headers: [("Idempotency-Key", "group-1")], expect: 201)
        let groupId = id(group)
        try call("GET", "/api/v1/groups/by-slug/\(group.jsonObject["slug"] as? String ?? "")", expect: 200)
        try call("GET", "/api/v1/groups/by-slug/no-such-group", expect: 404)
        let online = try call(
            "POST", "/api/v1/groups", key: admin,
            json: [
                "organization_id": orgId, "name": "Tuesday Night Recovery Online", "format": "online", "time_zone": "America/Denver",
                "online_url": "https://meet.example.org/recovery", "online_details_private": true, "join_mode": "registration",
                "registration_url": "https://harbor.example.org/register", "is_free": false, "cost": "$5 suggested", "topics": ["addiction-recovery"],
            ], expect: 201)
        let onlineId = id(online)
        try call(
            "POST", "/api/v1/groups", key: admin, json: ["organization_id": orgId, "name": "Call-in Circle", "format": "phone", "time_zone": "America/Denver"],
            expect: 422, conforming: false)
        try call(
            "POST", "/api/v1/groups", key: admin,
            json: ["organization_id": orgId, "name": "", "format": "telepathy", "time_zone": "Mars/Olympus", "topics": "grief"], expect: 422, conforming: false)
        // The same name again gets a numbered slug; an explicit slug that is taken is a conflict.
        let twin = try call(
            "POST", "/api/v1/groups", key: admin,
            json: ["organization_id": orgId, "name": "Eastside Grief Circle", "format": "in_person", "time_zone": "America/Denver"], expect: 201)
        #expect((twin.jsonObject["slug"] as? String) == "eastside-grief-circle-2")
        try call(
            "POST", "/api/v1/groups", key: admin,
            json: ["organization_id": orgId, "name": "Another", "slug": "eastside-grief-circle", "format": "in_person", "time_zone": "America/Denver"],
            expect: 409)
        try call(
            "POST", "/api/v1/groups", key: outsider,
            json: ["organization_id": orgId, "name": "Borrowed", "format": "in_person", "time_zone": "America/Denver"], expect: 403)
        try call(
            "POST", "/api/v1/groups", key: admin,
            json: ["organization_id": orgId, "name": "Elsewhere", "format": "in_person", "time_zone": "America/Denver", "location_id": 999999], expect: 422)

        // Schedules and exceptions.
        let weekly = try call(
            "POST", "/api/v1/groups/\(groupId)/schedules", key: coordinator,
            json: [
                "frequency": "weekly", "weekdays": ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"],
                "start_time": "18:30", "duration_minutes": 90, "starts_on": day(-30), "notes": "Doors open at 18:15.",
            ], headers: [("Idempotency-Key", "schedule-1")], expect: 201)
        let weeklyId = id(weekly)
        let monthly = try call(
            "POST", "/api/v1/groups/\(groupId)/schedules", key: admin,
            json: [
                "frequency": "monthly", "weekdays": ["thursday"], "week_of_month": -1, "start_time": "10:00", "starts_on": day(-60),
                "ends_on": day(300), "location_id": hallId, "time_zone": "America/Denver",
            ], expect: 201)
        let monthlyId = id(monthly)
        try call(
            "POST", "/api/v1/groups/\(onlineId)/schedules", key: admin, json: ["frequency": "once", "start_time": "19:00", "starts_on": day(5)], expect: 201)
        try call(
            "POST", "/api/v1/groups/\(groupId)/schedules", key: admin,
            json: ["frequency": "monthly", "weekdays": ["monday"], "start_time": "25:00", "starts_on": "someday"], expect: 422, conforming: false)
        try call(
            "POST", "/api/v1/groups/\(groupId)/schedules", key: admin,
            json: ["frequency": "weekly", "weekdays": ["monday"], "start_time": "10:00", "starts_on": day(10), "ends_on": day(1)], expect: 422)
        try call("POST", "/api/v1/groups/999999/schedules", key: admin, json: ["frequency": "once", "start_time": "19:00", "starts_on": day(5)], expect: 404)
        try call(
            "POST", "/api/v1/groups/\(groupId)/schedules", key: outsider, json: ["frequency": "once", "start_time": "19:00", "starts_on": day(5)], expect: 403)

        let exceptionsPath = "/api/v1/schedules/\(weeklyId)/exceptions"
        let cancelled = try call(
            "POST", exceptionsPath, key: coordinator, json: ["occurrence_date": day(2), "kind": "cancelled", "note": "Library closed."], expect: 201)
        #expect(cancelled.headers["Location"] == "/api/v1/schedules/\(weeklyId)/exceptions/\(day(2))", "where it is deleted")
        try call(
            "POST", exceptionsPath, key: admin,
            json: ["occurrence_date": day(3), "kind": "moved", "moved_to_time": "20:00", "moved_location_id": hallId, "note": "In the hall this week."],
            headers: [("Idempotency-Key", "exception-1")], expect: 201)
        try call("POST", exceptionsPath, key: admin, json: ["occurrence_date": day(4), "kind": "moved"], expect: 422, conforming: false)
        try call("POST", exceptionsPath, key: admin, json: ["occurrence_date": day(-400), "kind": "cancelled"], expect: 422)
        try call("POST", exceptionsPath, key: outsider, json: ["occurrence_date": day(4), "kind": "cancelled"], expect: 403)

        // Feeds and calendars.
        try call("GET", "/api/v1/groups/\(groupId)/calendar.ics", expect: 200)
        try call("GET", "/api/v1/groups/999999/calendar.ics", expect: 404)
        try call("GET", "/api/v1/organizations/\(orgId)/calendar.ics", expect: 200)
        try call("GET", "/api/v1/meetings/calendar.ics?organization_id=\(orgId)", expect: 200)
        try call("GET", "/api/v1/feeds/meeting-guide.json", expect: 200)
        try call("GET", "/api/v1/feeds/groups.atom", expect: 200)

        // HSDS 3.
        try call("GET", "/hsds", expect: 200)
        let services = try call(
            "GET",
            "/hsds/services?per_page=1&page=1&full=true&search=grief&organization_id=\(HSDSIdentifier.make(.organization, Int64(orgId)))&modified_after=2020-01-01&format=json",
            expect: 200)
        #expect((json(services)["total_items"] as? Int ?? 0) >= 1 && (json(services)["contents"] as? [Any])?.count == 1, "\(services.text)")
        try call("GET", "/hsds/services?minimal=true", expect: 200)
        try call("GET", "/hsds/services?per_page=500&page=0", expect: 400, conforming: false)
        try call("GET", "/hsds/services/\(HSDSIdentifier.make(.service, Int64(groupId)))", expect: 200)
        try call("GET", "/hsds/services/\(groupId)", expect: 404)
        try call("GET", "/hsds/organizations?full_service=true&per_page=5", expect: 200)
        try call("GET", "/hsds/organizations/\(HSDSIdentifier.make(.organization, Int64(orgId)))?full_service=true", expect: 200)
        try call("GET", "/hsds/organizations/\(HSDSIdentifier.make(.organization, 999999))", expect: 404)
        try call("GET", "/hsds/locations?organization_id=\(HSDSIdentifier.make(.organization, Int64(orgId)))", expect: 200)
        try call("GET", "/hsds/locations/\(HSDSIdentifier.make(.location, Int64(locationId)))", expect: 200)
        try call("GET", "/hsds/locations/nope", expect: 404)
        let places = try call("GET", "/hsds/service_at_locations?full=true", expect: 200)
        let placeId = ((json(places)["contents"] as? [[String: Any]])?.first?["id"] as? String) ?? "none"
        try call("GET", "/hsds/service_at_locations/\(placeId)", expect: 200)
        try call("GET", "/hsds/service_at_locations/\(HSDSIdentifier.make(.serviceAtLocation, Int64(groupId), 999999))", expect: 404)
        let taxonomies = try call("GET", "/hsds/taxonomies?search=topics", expect: 200)
        let taxonomyId = ((json(taxonomies)["contents"] as? [[String: Any]])?.first?["id"] as? String) ?? "none"
        try call("GET", "/hsds/taxonomies/\(taxonomyId)", expect: 200)
        try call("GET", "/hsds/taxonomies/nope", expect: 404)
        let terms = try call("GET", "/hsds/taxonomy_terms?taxonomy_id=\(taxonomyId)&search=grief&top_only=true", expect: 200)
        let termId = ((json(terms)["contents"] as? [[String: Any]])?.first?["id"] as? String) ?? "none"
        try call("GET", "/hsds/taxonomy_terms/\(termId)", expect: 200)
        try call("GET", "/hsds/taxonomy_terms/nope", expect: 404)
        try call("GET", "/hsds/services?taxonomy_term_id=\(termId)", expect: 200)

        // Groups from a spreadsheet.
        let importPath = "/api/v1/organizations/\(orgId)/groups/import"
        let csv = Array(
            "name,format,time_zone,frequency,weekdays,start_time,starts_on\r\nSpreadsheet Circle,in_person,America/Denver,weekly,tuesday,18:30,\(day(1))\r\n"
                .utf8)
        let csvHeaders = [("Content-Type", "text/csv")]
        try call("POST", importPath, key: coordinator, raw: csv, headers: csvHeaders, expect: 200)
        try call("POST", importPath + "?apply=true", key: coordinator, raw: csv, headers: csvHeaders, expect: 201)
        try call("POST", importPath, key: coordinator, raw: csv, headers: csvHeaders, expect: 422)
        try call("POST", importPath + "?apply=maybe", key: coordinator, raw: csv, headers: csvHeaders, expect: 400, conforming: false)
        try call("POST", importPath, key: outsider, raw: csv, headers: csvHeaders, expect: 403)
        try call("POST", importPath, raw: csv, headers: csvHeaders, expect: 401, conforming: false)
        try call("POST", "/api/v1/organizations/999999/groups/import", key: admin, raw: csv, headers: csvHeaders, expect: 404)
        try call(
            "POST", importPath, key: coordinator, raw: csv, headers: [("Content-Type", "application/x-www-form-urlencoded")], expect: 415, conforming: false)
        try call("POST", importPath, key: coordinator, raw: Array(repeating: UInt8(ascii: "a"), count: 5 * 1024 * 1024 + 1), headers: csvHeaders, expect: 413)
        try call("POST", "/api/v1/schedules/999999/exceptions", key: admin, json: ["occurrence_date": day(4), "kind": "cancelled"], expect: 404)

        try call("GET", "/api/v1/groups/\(groupId)/schedules", expect: 200)
        try call("GET", "/api/v1/groups/999999/schedules", expect: 404)
        // Keeping the listing current: one meeting confirmed, one cancelled, the group confirmed.
        let occurrences = "/api/v1/schedules/\(weeklyId)/occurrences"
        try call("POST", "\(occurrences)/\(day(6))/confirm", key: coordinator, expect: 200)
        try call("POST", "\(occurrences)/\(day(5))/cancel", key: coordinator, json: ["note": "Room booked by the city."], expect: 200)
        try call("POST", "\(occurrences)/\(day(7))/cancel", key: admin, expect: 200)
        try call("POST", "\(occurrences)/\(day(-30))/cancel", key: coordinator, expect: 422)
        try call("POST", "\(occurrences)/\(day(8))/cancel", key: coordinator, json: ["reason": "none"], expect: 422, conforming: false)
        try call("POST", "\(occurrences)/\(day(6))/confirm", key: outsider, expect: 403)
        try call("POST", "\(occurrences)/\(day(6))/confirm", expect: 401, conforming: false)
        try call("POST", "/api/v1/schedules/999999/occurrences/\(day(6))/confirm", key: admin, expect: 404)
        try call("POST", "\(occurrences)/soon/cancel", key: admin, expect: 404, conforming: false)
        try call("POST", "/api/v1/groups/\(groupId)/confirm", key: coordinator, expect: 200)
        try call("POST", "/api/v1/groups/\(groupId)/confirm", key: outsider, expect: 403)
        try call("POST", "/api/v1/groups/\(groupId)/confirm", expect: 401, conforming: false)
        try call("POST", "/api/v1/groups/999999/confirm", key: admin, expect: 404)

        // Suggested corrections: sent by anyone, worked by the group's organization.
        let suggestions = "/api/v1/groups/\(groupId)/change-requests"
        let suggestion = try call(
            "POST", suggestions, json: ["kind": "time", "proposed_value": "Thursdays at 7 pm", "reply_email": "reader@example.net"],
            headers: [("Idempotency-Key", "suggestion-1")], expect: 201)
        let suggestionPath = "/api/v1/change-requests/\(id(suggestion))"
        let dismissable = try call("POST", suggestions, json: ["kind": "no_longer_meets"], expect: 201)
        try call("POST", suggestions, json: ["kind": "other", "details": "Spam", "website": "https://offers.example.org"], expect: 202)
        try call("POST", suggestions, json: ["kind": "weather"], expect: 422, conforming: false)
        try call("POST", "/api/v1/groups/999999/change-requests", json: ["kind": "no_longer_meets"], expect: 404)
        var refusals = 0
        while refusals < 40, try app.send("POST", "/api/v1/groups/999999/change-requests", json: ["kind": "no_longer_meets"]).status != 429 { refusals += 1 }
        try call("POST", suggestions, json: ["kind": "no_longer_meets"], expect: 429)
        try call("GET", "/api/v1/change-requests?status=open&limit=1", key: coordinator, expect: 200)
        try call("GET", "/api/v1/change-requests?group_id=\(groupId)", key: outsider, expect: 200)
        try call("GET", "/api/v1/change-requests?status=lost", key: admin, expect: 400, conforming: false)
        try call("GET", "/api/v1/change-requests", expect: 401, conforming: false)
        try call("GET", "/api/v1/change-requests", key: try app.key("partner", organization: orgSlug), expect: 403)
        try call("GET", suggestionPath, key: coordinator, expect: 200)
        try call("GET", suggestionPath, key: outsider, expect: 404)
        try call("POST", suggestionPath + "/apply", key: coordinator, json: ["note": "Thanks"], expect: 422)
        try call("POST", suggestionPath + "/apply", key: outsider, json: ["changes": [String: Any]()], expect: 404)
        try call(
            "POST", suggestionPath + "/apply", key: coordinator,
            json: ["changes": ["first_meeting_note": "Ring the bell at the side door."], "note": "Schedule fixed too."], expect: 200)
        try call("POST", suggestionPath + "/apply", key: coordinator, expect: 409)
        try call("POST", "/api/v1/change-requests/\(id(dismissable))/dismiss", key: coordinator, json: ["note": "It still meets."], expect: 200)
        try call("POST", "/api/v1/change-requests/\(id(dismissable))/dismiss", key: coordinator, expect: 409)
        try call("POST", "/api/v1/change-requests/999999/dismiss", key: admin, expect: 404)

        let weeklyPath = "/api/v1/schedules/\(weeklyId)"
        let weeklyRead = try call("GET", weeklyPath, expect: 200)
        // Two exceptions made directly, two by cancelling meetings above.
        #expect((json(weeklyRead)["exceptions"] as? [Any])?.count == 4)
        try call("GET", weeklyPath, headers: [("If-None-Match", weeklyRead.headers["ETag"] ?? "")], expect: 304)
        try call("GET", "/api/v1/schedules/999999", expect: 404)
        let monthlyPath = "/api/v1/schedules/\(monthlyId)"
        let monthlyRead = try call("GET", monthlyPath, expect: 200)
        try call("PATCH", monthlyPath, key: admin, json: ["notes": "Bring a friend."], expect: 428, conforming: false)
        let monthlyUpdated = try call(
            "PATCH", monthlyPath, key: admin, json: ["notes": "Bring a friend.", "duration_minutes": 75],
            headers: [("If-Match", monthlyRead.headers["ETag"] ?? "")], expect: 200)
        try call("PATCH", monthlyPath, key: admin, json: ["notes": "Lost"], headers: [("If-Match", monthlyRead.headers["ETag"] ?? "")], expect: 412)
        try call("PATCH", monthlyPath, key: admin, json: ["week_of_month": 9], headers: [("If-Match", "*")], expect: 422, conforming: false)
        try call("PATCH", monthlyPath, key: admin, json: ["weekdays": ["monday", "friday"]], headers: [("If-Match", "*")], expect: 422)
        try call("PATCH", monthlyPath, key: outsider, json: ["notes": "x"], headers: [("If-Match", "*")], expect: 403)
        try call("PATCH", "/api/v1/schedules/999999", key: admin, json: ["notes": "x"], headers: [("If-Match", "*")], expect: 404)

        // Reading groups.
        let groups = try call("GET", "/api/v1/groups?limit=1", expect: 200)
        if let next = json(groups)["next"] as? String { try call("GET", next, expect: 200) } else { problems.append("groups?limit=1 gave no next link") }
        let filtered = try call(
            "GET",
            "/api/v1/groups?q=grief&topic=grief&topic=caregivers&format=in_person&audience=adults&language=es&free=true"
                + "&city=Denver&state=co&zip=80205&day=tuesday&time=evening&accessible=wheelchair&organization_id=\(orgId)&status=active", expect: 200)
        #expect((json(filtered)["data"] as? [Any])?.count == 1, "\(filtered.text)")
        try call("GET", "/api/v1/groups?join=drop_in&open_to=anyone&camera_optional=false&childcare=false&asl=false&open_seats=true", expect: 200)
        try call("GET", "/api/v1/groups?open_to=strangers", expect: 400, conforming: false)
        let near = try call("GET", "/api/v1/groups?near=39.75,-104.97&radius_km=10", key: admin, expect: 200)
        let found = (json(near)["data"] as? [[String: Any]])?.first ?? [:]
        #expect(found["distance_km"] != nil && found["location"] != nil && found["next_meeting"] != nil, "\(near.text)")
        try call("GET", "/api/v1/groups?status=paused&format=online", expect: 200)
        try call("GET", "/api/v1/groups?day=funday&limit=500&near=north", expect: 400, conforming: false)
        try call("GET", "/api/v1/groups", key: "circles_nope_nope", expect: 401)
        let groupPath = "/api/v1/groups/\(groupId)"
        let groupRead = try call("GET", groupPath, expect: 200)
        try call("GET", groupPath, headers: [("If-None-Match", groupRead.headers["ETag"] ?? "")], expect: 304)
        let onlinePublic = try call("GET", "/api/v1/groups/\(onlineId)", expect: 200)
        #expect(json(onlinePublic)["online_url"] == nil)
        #expect(json(try call("GET", "/api/v1/groups/\(onlineId)", key: admin, expect: 200))["online_url"] as? String == "https://meet.example.org/recovery")
        try call("GET", "/api/v1/groups/999999", expect: 404)
        try call("PATCH", groupPath, key: admin, json: ["summary": "x"], expect: 428, conforming: false)
        let groupUpdated = try call(
            "PATCH", groupPath, key: coordinator, json: ["summary": "Adults after a loss, any week.", "tags": [String](), "location_id": locationId],
            headers: [("If-Match", groupRead.headers["ETag"] ?? "")], expect: 200)
        try call("PATCH", groupPath, key: admin, json: ["summary": "Lost"], headers: [("If-Match", groupRead.headers["ETag"] ?? "")], expect: 412)
        try call("PATCH", groupPath, key: admin, json: ["slug": json(online)["slug"] as? String ?? ""], headers: [("If-Match", "*")], expect: 409)
        try call(
            "PATCH", groupPath, key: admin, json: ["format": "telepathy", "organization_id": otherId], headers: [("If-Match", "*")], expect: 422,
            conforming: false)
        try call("PATCH", groupPath, key: admin, json: ["topics": ["grief"], "tags": ["open"]], headers: [("If-Match", "*")], expect: 422)
        try call("PATCH", groupPath, key: outsider, json: ["summary": "x"], headers: [("If-Match", "*")], expect: 403)
        try call("PATCH", "/api/v1/groups/999999", key: admin, json: ["summary": "x"], headers: [("If-Match", "*")], expect: 404)
        _ = groupUpdated

        // Meetings.
        let meetings = try call("GET", "/api/v1/groups/\(groupId)/meetings?from=\(day(0))&to=\(day(10))", expect: 200)
        let statuses = Set((json(meetings)["data"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String })
        #expect(statuses == ["scheduled", "cancelled", "moved"], "\(meetings.text)")
        let page = try call("GET", "/api/v1/groups/\(groupId)/meetings?limit=2", expect: 200)
        if let next = json(page)["next"] as? String { try call("GET", next, expect: 200) } else { problems.append("meetings?limit=2 gave no next link") }
        try call("GET", "/api/v1/groups/\(groupId)/meetings?limit=0", expect: 400, conforming: false)
        try call("GET", "/api/v1/groups/999999/meetings", expect: 404)
        try call("GET", "/api/v1/meetings?organization_id=\(orgId)&from=\(day(0))T00:00:00Z&to=\(day(20))&topic=grief&limit=5", expect: 200)
        try call("GET", "/api/v1/meetings?near=39.75,-104.97&radius_km=25&day=thursday", expect: 200)
        try call("GET", "/api/v1/meetings?from=\(day(0))&to=\(day(100))", expect: 400)
        try call("GET", "/api/v1/meetings?from=tomorrow", expect: 400, conforming: false)

        // Topics.
        try call("GET", "/api/v1/topics", expect: 200)
        try call("GET", "/api/v1/topics/grief", expect: 200)
        try call("GET", "/api/v1/topics/no-such-topic", expect: 404)

        // Webhooks (the address refuses connections, so deliveries fail fast).
        let hooksPath = "/api/v1/organizations/\(orgId)/webhooks"
        let hook = try call(
            "POST", hooksPath, key: coordinator,
            json: ["url": "https://hooks.example.org/circles-hook", "events": ["referral.created", "referral.status_changed"]],
            expect: 201)
        #expect(json(hook)["secret"] is String)
        let hookPath = "/api/v1/webhooks/\(id(hook))"
        try call("POST", hooksPath, key: coordinator, json: ["url": "ftp://hooks.example.org", "events": ["group.created"]], expect: 422, conforming: false)
        try call("POST", hooksPath, key: outsider, json: ["url": "https://hooks.example.org/circles"], expect: 403)
        try call("POST", "/api/v1/organizations/999999/webhooks", key: admin, json: ["url": "https://hooks.example.org/circles"], expect: 404)
        try call("GET", hooksPath, key: coordinator, expect: 200)
        try call("GET", hooksPath, key: outsider, expect: 403)
        try call("GET", hookPath, key: admin, expect: 200)
        try call("GET", hookPath, key: outsider, expect: 404)

        // Referrals: a self-referral, a partner's urgent one, the inbox, the workflow and the person's status link.
        let partner = try app.key("partner", organization: orgSlug)
        let selfReferral: [String: Any] = [
            "group_id": onlineId, "person_name": "Alex Example", "person_phone": "555-0164", "preferred_contact_method": "text",
            "preferred_times": "Weekday evenings", "language": "en", "referrer_type": "self", "consent": true, "consent_version": "2026-11",
        ]
        let referral = try call("POST", "/api/v1/referrals", json: selfReferral, headers: [("Idempotency-Key", "referral-1")], expect: 201)
        let referralId = id(referral)
        let statusAPI = json(referral)["status_api"] as? String ?? ""
        let urgent = try call(
            "POST", "/api/v1/referrals", key: partner,
            json: [
                "group_id": onlineId, "person_name": "Sam Example", "person_email": "sam@example.org", "preferred_contact_method": "email",
                "referrer_type": "clinician", "referrer_name": "Casey Example", "referrer_organization": "Eastside Clinic", "referrer_phone": "555-0110",
                "urgent": true, "note": "Recently bereaved and does not feel safe some nights.", "consent": true, "consent_version": "2026-11",
            ], expect: 201)
        #expect(json(urgent)["crisis_guidance"] != nil)
        try call("POST", "/api/v1/referrals", json: selfReferral.merging(["website": "https://offers.example.org"]) { $1 }, expect: 202)
        try call(
            "POST", "/api/v1/referrals",
            json: [
                "group_id": onlineId, "person_name": "Alex", "preferred_contact_method": "phone", "referrer_type": "family",
                "consent": false, "consent_version": "2026-11",
            ], expect: 422, conforming: false)
        try call("GET", "/api/v1/referrals?status=new&status=contacted&urgent=false&group_id=\(onlineId)&limit=1", key: coordinator, expect: 200)
        let inbox = try call("GET", "/api/v1/referrals?limit=1", key: admin, expect: 200)
        if let next = json(inbox)["next"] as? String {
            try call("GET", next, key: admin, expect: 200)
        } else {
            problems.append("referrals?limit=1 gave no next link")
        }
        try call("GET", "/api/v1/referrals", key: partner, expect: 200)
        try call("GET", "/api/v1/referrals", expect: 401, conforming: false)
        try call("GET", "/api/v1/referrals?status=lost", key: admin, expect: 400, conforming: false)
        let detail = try call("GET", "/api/v1/referrals/\(referralId)", key: coordinator, expect: 200)
        #expect((json(detail)["person"] as? [String: Any])?["name"] as? String == "Alex Example")
        try call("GET", "/api/v1/referrals/\(referralId)", key: outsider, expect: 404)
        let referralStatus = "/api/v1/referrals/\(referralId)/status"
        try call("POST", referralStatus, key: coordinator, json: ["status": "contacted", "note": "Left a voicemail."], expect: 200)
        try call("POST", referralStatus, key: coordinator, json: ["status": "new"], expect: 409)
        try call("POST", referralStatus, key: coordinator, json: ["status": "lost", "colour": "blue"], expect: 422, conforming: false)
        try call("POST", "/api/v1/referrals/\(id(urgent))/status", key: partner, json: ["status": "closed"], expect: 403)
        try call("POST", "/api/v1/referrals/999999/status", key: admin, json: ["status": "closed"], expect: 404)
        try call("GET", "/api/v1/referrals/\(referralId)", key: admin, expect: 200)
        try call("GET", statusAPI, expect: 200)
        try call("GET", "/api/v1/referral-status/not-a-real-status-token", expect: 404)
        // The person's own steps, on the partner's referral: "I went", then "not for me".
        let urgentStatus = json(urgent)["status_api"] as? String ?? ""
        try call("POST", urgentStatus + "/attended", expect: 200)
        try call("POST", urgentStatus + "/attended", expect: 409)
        try call("POST", urgentStatus + "/not-for-me", expect: 200)
        #expect(json(try call("GET", urgentStatus, expect: 200))["fhir_status"] as? String == "cancelled")
        try call("POST", statusAPI + "/withdraw", expect: 200)
        try call("POST", statusAPI + "/withdraw", expect: 409)
        let unknownWithdraw = "/api/v1/referral-status/not-a-real-status-token/withdraw"
        var tries = 0
        while tries < 6, try app.send("POST", unknownWithdraw).status != 429 { tries += 1 }
        try call("POST", unknownWithdraw, expect: 429)
        try call("GET", "\(hookPath)/deliveries?limit=5", key: coordinator, expect: 200)
        try call("GET", "\(hookPath)/deliveries?limit=0", key: coordinator, expect: 400, conforming: false)
        try call("GET", "/api/v1/webhooks/999999/deliveries", key: admin, expect: 404)
        try call("DELETE", hookPath, key: outsider, expect: 404)
        try call("DELETE", hookPath, key: coordinator, expect: 204)

        // Sessions: sign in, a write without and with the CSRF token, sign out.
        let password = "correct horse battery staple"
        _ = try Accounts.add(
            in: app.database, email: "robin@example.org", name: "Robin Example", role: "coordinator", organizationSlug: orgSlug, password: password)
        let login = try call("POST", "/api/v1/auth/login", json: ["email": "robin@example.org", "password": password], expect: 200)
        let cookie = (login.headers["Set-Cookie"] ?? "").split(separator: ";").first.map(String.init) ?? ""
        let csrf = json(login)["csrf_token"] as? String ?? ""
        try call("POST", "/api/v1/auth/login", json: ["email": "robin@example.org", "password": "not the password"], expect: 401)
        try call("POST", "/api/v1/auth/login", json: ["email": "robin@example.org"], expect: 422, conforming: false)
        try call("GET", "/api/v1/auth/session", headers: [("Cookie", cookie)], expect: 200)
        try call("GET", "/api/v1/auth/session", expect: 401, conforming: false)
        try call("PATCH", locationPath, json: ["directions": "Room B"], headers: [("Cookie", cookie), ("If-Match", "*")], expect: 403)
        try call("PATCH", locationPath, json: ["directions": "Room B"], headers: [("Cookie", cookie), ("If-Match", "*"), ("X-CSRF-Token", csrf)], expect: 200)
        try call("GET", "/api/v1/account/referral-notices", headers: [("Cookie", cookie)], expect: 200)
        try call(
            "POST", "/api/v1/account/referral-notices", json: ["referral_notices": "daily"], headers: [("Cookie", cookie), ("X-CSRF-Token", csrf)],
            expect: 200)
        try call(
            "POST", "/api/v1/account/referral-notices", json: ["referral_notices": "weekly"], headers: [("Cookie", cookie), ("X-CSRF-Token", csrf)],
            expect: 422, conforming: false)
        try call("GET", "/api/v1/account/referral-notices", key: admin, expect: 401)
        try call("GET", "/api/v1/mail", key: admin, expect: 200)
        try call("GET", "/api/v1/mail", key: coordinator, expect: 403)
        try call("POST", "/api/v1/auth/logout", headers: [("Cookie", cookie)], expect: 403)
        try call("POST", "/api/v1/auth/logout", headers: [("Cookie", cookie), ("X-CSRF-Token", csrf)], expect: 204)
        try call("POST", "/api/v1/auth/logout", key: "circles_nope_nope", expect: 401)

        // Accounts: listed, changed, removed; invitations and resets need mail, which this server has not.
        try call("GET", "/api/v1/accounts", key: coordinator, expect: 200)
        try call("GET", "/api/v1/accounts?organization_id=\(orgId)", key: admin, expect: 200)
        try call("GET", "/api/v1/accounts?organization_id=0", key: admin, expect: 400, conforming: false)
        let invitation: [String: Any] = ["email": "lee@example.org", "display_name": "Lee", "role": "facilitator", "organization_id": orgId]
        try call("POST", "/api/v1/accounts", key: coordinator, json: invitation, expect: 409)
        try call("POST", "/api/v1/accounts", key: coordinator, json: invitation.merging(["role": "admin"]) { $1 }, expect: 422, conforming: false)
        let lee = try Accounts.add(
            in: app.database, email: "lee@example.org", name: "Lee Example", role: "facilitator", organizationSlug: orgSlug, password: password)
        try call("PATCH", "/api/v1/accounts/\(lee)", key: coordinator, json: ["role": "partner", "disabled": true], expect: 200)
        try call("PATCH", "/api/v1/accounts/\(lee)", key: outsider, json: ["disabled": false], expect: 404)
        try call("DELETE", "/api/v1/accounts/\(lee)", key: coordinator, expect: 204)
        try call("POST", "/api/v1/auth/password-reset", json: ["email": "robin@example.org"], expect: 409)
        try call("POST", "/api/v1/auth/password", json: ["token": "not-a-link-token", "password": "a long and unusual sentence"], expect: 404)
        let again = try call("POST", "/api/v1/auth/login", json: ["email": "robin@example.org", "password": password], expect: 200)
        let session = [
            ("Cookie", (again.headers["Set-Cookie"] ?? "").split(separator: ";").first.map(String.init) ?? ""),
            ("X-CSRF-Token", json(again)["csrf_token"] as? String ?? ""),
        ]
        let change = ["current_password": password, "password": "a long and unusual sentence"]
        try call("POST", "/api/v1/account/password", json: change, headers: session, expect: 200)
        try call("POST", "/api/v1/account/password", json: change, headers: session, expect: 401)

        // API keys and the audit log.
        let keysPath = "/api/v1/organizations/\(orgId)/keys"
        try call("GET", keysPath, key: coordinator, expect: 200)
        try call("GET", keysPath, key: outsider, expect: 403)
        let made = try call("POST", keysPath, key: coordinator, json: ["name": "Eastside Clinic referrals", "role": "partner"], expect: 201)
        #expect((json(made)["key"] as? String)?.hasPrefix("circles_") == true)
        try call("POST", keysPath, key: coordinator, json: ["name": "", "role": "admin"], expect: 422, conforming: false)
        try call("POST", keysPath, key: outsider, json: ["name": "Mine"], expect: 403)
        try call("POST", "/api/v1/organizations/999999/keys", key: admin, json: ["name": "Nobody's"], expect: 404)
        try call("DELETE", "/api/v1/keys/\(id(made))", key: outsider, expect: 404)
        try call("DELETE", "/api/v1/keys/\(id(made))", key: coordinator, expect: 204)
        try call("DELETE", "/api/v1/keys/\(id(made))", key: coordinator, expect: 404)
        try call("GET", "/api/v1/audit?action=referral.read&limit=1", key: admin, expect: 200)
        try call("GET", "/api/v1/audit?target_type=referral&target_id=\(referralId)", key: admin, expect: 200)
        try call("GET", "/api/v1/audit", key: coordinator, expect: 403)
        try call("GET", "/api/v1/audit?limit=9999", key: admin, expect: 400, conforming: false)

        // Feedback: anonymous ratings (rate limited), moderation, statistics.
        let feedbackPath = "/api/v1/groups/\(groupId)/feedback"
        let feedback = try call(
            "POST", feedbackPath, json: ["rating": 5, "comment": "Everyone made me feel welcome."], headers: [("Idempotency-Key", "feedback-1")], expect: 201)
        try call("POST", feedbackPath, json: ["rating": 4, "comment": NSNull()], expect: 201)
        try call("POST", feedbackPath, json: ["rating": 9], expect: 422, conforming: false)
        try call("POST", feedbackPath, json: ["rating": 3, "website": "https://offers.example.org"], expect: 202)
        try call("POST", "/api/v1/groups/999999/feedback", json: ["rating": 3], expect: 404)
        tries = 0
        // A refused post gives its token back, but counts against the looser limit of every post.
        while tries < 40, try app.send("POST", "/api/v1/groups/999999/feedback", json: ["rating": 3]).status != 429 { tries += 1 }
        try call("POST", feedbackPath, json: ["rating": 3], expect: 429)
        try call("GET", feedbackPath + "?limit=1", expect: 200)
        try call("GET", "/api/v1/groups/999999/feedback", expect: 404)
        try call("GET", "\(feedbackPath)?limit=0", expect: 400, conforming: false)
        try call("GET", "/api/v1/feedback?status=pending&group_id=\(groupId)&limit=10", key: coordinator, expect: 200)
        try call("GET", "/api/v1/feedback", key: partner, expect: 403)
        try call("GET", "/api/v1/feedback?status=lost", key: coordinator, expect: 400, conforming: false)
        let feedbackId = id(feedback)
        try call("POST", "/api/v1/feedback/\(feedbackId)/approve", key: coordinator, expect: 200)
        try call("GET", feedbackPath, expect: 200)
        try call("POST", "/api/v1/feedback/\(feedbackId)/reject", key: outsider, expect: 404)
        try call("POST", "/api/v1/feedback/\(feedbackId)/reject", key: partner, expect: 403)
        try call("POST", "/api/v1/feedback/\(feedbackId)/reject", key: admin, expect: 200)
        try call("GET", "/api/v1/organizations/\(orgId)/stats", key: coordinator, expect: 200)
        try call("GET", "/api/v1/organizations/\(orgId)/stats", key: outsider, expect: 403)
        try call("GET", "/api/v1/organizations/999999/stats", key: admin, expect: 404)

        // Deleting, with every refusal first.
        try call("DELETE", "\(exceptionsPath)/\(day(2))", key: outsider, expect: 403)
        try call("DELETE", "\(exceptionsPath)/\(day(2))", expect: 401, conforming: false)
        try call("DELETE", "\(exceptionsPath)/\(day(2))", key: admin, expect: 204)
        try call("DELETE", "\(exceptionsPath)/\(day(2))", key: admin, expect: 404)
        try call("DELETE", monthlyPath, key: admin, expect: 428, conforming: false)
        try call("DELETE", monthlyPath, key: admin, headers: [("If-Match", monthlyRead.headers["ETag"] ?? "")], expect: 412)
        try call("DELETE", monthlyPath, key: outsider, headers: [("If-Match", "*")], expect: 403)
        try call("DELETE", monthlyPath, key: admin, headers: [("If-Match", monthlyUpdated.headers["ETag"] ?? "")], expect: 204)
        try call("DELETE", monthlyPath, key: admin, headers: [("If-Match", "*")], expect: 404)
        try call("DELETE", groupPath, key: outsider, headers: [("If-Match", "*")], expect: 403)
        try call("DELETE", groupPath, key: admin, headers: [("If-Match", "\"v1\"")], expect: 412)
        try call("DELETE", groupPath, key: admin, expect: 428, conforming: false)
        try call("DELETE", groupPath, key: coordinator, headers: [("If-Match", try call("GET", groupPath, expect: 200).headers["ETag"] ?? "")], expect: 204)
        try call("DELETE", groupPath, key: admin, headers: [("If-Match", "*")], expect: 404)
        try call("DELETE", facilitatorPath, key: outsider, headers: [("If-Match", "*")], expect: 403)
        try call("DELETE", facilitatorPath, key: admin, headers: [("If-Match", "\"v1\"")], expect: 412)
        try call("DELETE", facilitatorPath, key: admin, expect: 428, conforming: false)
        try call("DELETE", facilitatorPath, key: admin, headers: [("If-Match", "*")], expect: 204)
        try call("DELETE", facilitatorPath, key: admin, headers: [("If-Match", "*")], expect: 404)
        try call("DELETE", locationPath, key: outsider, headers: [("If-Match", "*")], expect: 403)
        try call("DELETE", locationPath, key: admin, headers: [("If-Match", "\"v1\"")], expect: 412)
        try call("DELETE", locationPath, key: admin, expect: 428, conforming: false)
        try call("DELETE", locationPath, key: admin, headers: [("If-Match", "*")], expect: 204)
        try call("DELETE", locationPath, key: admin, headers: [("If-Match", "*")], expect: 404)
        try call("DELETE", orgPath, key: coordinator, headers: [("If-Match", "*")], expect: 403)
        try call("DELETE", orgPath, key: admin, headers: [("If-Match", "\"v1\"")], expect: 412)
        try call("DELETE", orgPath, key: admin, expect: 428, conforming: false)
        // Referrals keep their group and organization from being deleted: a 409 says so.
        try call("DELETE", "/api/v1/groups/\(onlineId)", key: admin, headers: [("If-Match", "*")], expect: 409)
        try call("DELETE", orgPath, key: admin, headers: [("If-Match", "*")], expect: 409)
        let otherPath = "/api/v1/organizations/\(otherId)"
        try call("DELETE", otherPath, key: admin, headers: [("If-Match", try call("GET", otherPath, expect: 200).headers["ETag"] ?? "")], expect: 204)
        try call("DELETE", otherPath, key: admin, headers: [("If-Match", "*")], expect: 404)
        try call("GET", otherPath, expect: 404)
    }
}
