import GroupViews
import HTTPServer
import Store

/// How one simple directory resource (organizations, locations, facilitators) is read from a body
/// and shown. `ResourceRouteCollection` answers its list, read, create, update and delete routes
/// with the same rules for every resource.
struct ResourceKind<Record: DirectoryResource, View: Encodable>: Sendable {
    /// The collection's address, such as "/api/v1/locations"; a new record's is this and its id.
    var collectionPath: String
    /// The plural the 404 of a read names, such as "locations".
    var name: String
    /// Body fields a client may send.
    var fields: Set<String>
    /// Lists may be filtered by `organization_id`.
    var filterByOrganization = true
    /// A new record from a create body, before `apply` (nil when required fields are missing; errors are in the body).
    var make: @Sendable (inout JSONBody) -> Record?
    /// Copies the body's fields onto a record; `creating` makes required fields required.
    var apply: @Sendable (inout JSONBody, inout Record, _ creating: Bool) -> Void
    /// The parts the body replaces (a facilitator's trainings); nil when it names none.
    var parts: @Sendable (inout JSONBody) -> Record.Parts? = { _ in nil }
    /// The representation for this caller (private fields only for those who manage the organization).
    var present: @Sendable (Record.Shown, Principal) -> View
}

/// The route collection of a simple directory resource: its table names these handlers.
protocol ResourceRouteCollection: RouteCollection {
    associatedtype Record: DirectoryResource
    associatedtype View: Encodable
    var api: API { get }
    static var kind: ResourceKind<Record, View> { get }
}

extension ResourceRouteCollection {
    func list(_ request: Request, _ caller: Principal) throws -> Response {
        var reader = QueryReader(request)
        let limit = reader.limit()
        var organizationId: Int64?
        if Self.kind.filterByOrganization, let text = reader.text("organization_id") {
            if let id = Int64(text), id > 0 { organizationId = id } else { reader.fail("organization_id", "must be a positive whole number") }
        }
        try reader.finish()
        let after = try Cursor.decode(request.query["cursor"], as: Int64.self) ?? 0
        let page = try api.database.resources(Record.self, organizationId: organizationId, afterId: after, limit: limit)
        let next = page.hasMore ? Cursor.nextLink(request, cursor: Cursor.encode(page.lastId ?? 0)) : nil
        return try API.json(Page(data: page.items.map { Self.kind.present($0, caller) }, next: next))
    }

    func read(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        guard let shown = try api.database.resource(Record.self, id: id) else { throw HTTPError.notFound("No \(Self.kind.name) with id \(id).") }
        return try API.json(Self.kind.present(shown, caller), version: Record.record(in: shown).version, caller: caller)
    }

    func create(_ request: Request, _ caller: Principal) throws -> Response {
        let kind = Self.kind
        var body = try JSONBody(request)
        body.rejectUnknown(kind.fields)
        var record = kind.make(&body)
        var parts: Record.Parts?
        if var draft = record {
            // Access is decided before validation, so that nobody learns about another organization's rules.
            try API.requireManage(caller, organizationId: draft.owningOrganizationId)
            kind.apply(&body, &draft, true)
            parts = kind.parts(&body)
            record = draft
        }
        try body.finish()
        guard let record else { throw HTTPError(422, detail: "The body is incomplete.") }
        return try api.create(request, principal: caller) { claim in
            try api.database.createResource(record, parts: parts, claim: claim) { shown in
                StoredResponse(
                    status: 201, location: "\(kind.collectionPath)/\(Record.record(in: shown).id!)",
                    body: try API.encode(kind.present(shown, caller)))
            }
        }
    }

    func update(_ request: Request, _ caller: Principal) throws -> Response {
        let kind = Self.kind
        let id = try API.id(request)
        let expected = try API.expectedVersion(request)
        var body = try JSONBody(request)
        body.rejectUnknown(kind.fields.subtracting(["organization_id"]))
        if body.has("organization_id") { body.fail("organization_id", "cannot be changed; create the record in the other organization instead") }
        let shown = try API.store {
            try VersionedChange.write(
                expected: expected, read: { try api.database.record(Record.self, id: id) },
                version: \.version
            ) { current, version in
                try API.requireManage(caller, organizationId: current.owningOrganizationId)
                var record = current
                var changes = body
                kind.apply(&changes, &record, false)
                let parts = kind.parts(&changes)
                try changes.finish()
                return try api.database.updateResource(record, parts: parts, expectedVersion: version)
            }
        }
        return try API.json(kind.present(shown, caller), version: Record.record(in: shown).version, caller: caller)
    }

    func delete(_ request: Request, _ caller: Principal) throws -> Response {
        let id = try API.id(request)
        let expected = try API.expectedVersion(request)
        try API.store {
            try api.database.deleteResource(Record.self, id: id, expected: expected, mayManage: { caller.canManage(organizationId: $0) })
        }
        return .empty(status: 204)
    }
}
