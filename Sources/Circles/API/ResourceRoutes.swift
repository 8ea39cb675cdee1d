import GRDB
import HTTPServer
import Store

/// How one simple directory resource is read, validated and shown; `ResourceRoutes` turns it into
/// list, read, create, update and delete routes with the same rules for every resource.
struct ResourceKind<R: VersionedRecord & TableRecord, View: Encodable>: Sendable {
    /// The plural path segment, such as "locations".
    var path: String
    /// Body fields a client may send.
    var fields: Set<String>
    var uniqueFields: [String: String] = [:]
    /// Only admins create these (organizations); otherwise whoever manages the record's organization.
    var adminCreates = false
    /// Lists may be filtered by `organization_id`.
    var filterByOrganization = true
    /// A new record from a create body, before `apply` (nil when required fields are missing; errors are in the body).
    var make: @Sendable (inout JSONBody) -> R?
    /// Copies the body's fields onto a record; `creating` makes required fields required.
    var apply: @Sendable (inout JSONBody, inout R, _ creating: Bool) -> Void
    var organizationId: @Sendable (R) -> Int64
    /// The representation for this principal (private fields only for those who manage the organization).
    var present: @Sendable (R, Principal, Database) throws -> View
    /// Work that must commit with the write (refreshing search rows, child rows).
    var afterWrite: @Sendable (R, inout JSONBody, Database) throws -> Void = { _, _, _ in }
}

struct ResourceRoutes {
    let api: API

    func register<R, View>(_ kind: ResourceKind<R, View>, on router: Router) {
        let base = "/api/v1/\(kind.path)"
        let api = self.api

        router.get(base) { request in
            var reader = QueryReader(request)
            let limit = reader.limit()
            var organizationId: Int64?
            if kind.filterByOrganization, let text = reader.text("organization_id") {
                if let id = Int64(text), id > 0 { organizationId = id } else { reader.fail("organization_id", "must be a positive whole number") }
            }
            try reader.finish()
            let after = try Cursor.decode(request.query["cursor"], as: Int64.self) ?? 0
            let principal = try api.principal(request)
            let (views, more, lastId): ([View], Bool, Int64) = try api.database.pool.read { db in
                var query = R.filter(Column("id") > after)
                if let organizationId { query = query.filter(Column("organization_id") == organizationId) }
                let records = try query.order(Column("id")).limit(limit + 1).fetchAll(db)
                let page = Array(records.prefix(limit))
                return (try page.map { try kind.present($0, principal, db) }, records.count > limit, page.last?.id ?? 0)
            }
            return try API.json(Page(data: views, next: more ? Cursor.nextLink(request, cursor: Cursor.encode(lastId)) : nil))
        }

        router.get(base + "/:id") { request in
            let id = try API.id(request)
            let principal = try api.principal(request)
            let found: (View, Int)? = try api.database.pool.read { db in
                guard let record = try R.fetchOne(db, key: id) else { return nil }
                return (try kind.present(record, principal, db), record.version)
            }
            guard let (view, version) = found else { throw HTTPError.notFound("No \(kind.path) with id \(id).") }
            return try API.json(view, version: version, request: request)
        }

        router.post(base) { request in
            let principal = try api.signedIn(request)
            var body = try JSONBody(request)
            body.rejectUnknown(kind.fields)
            // Access is decided before validation, so that nobody learns about another organization's rules.
            if kind.adminCreates && !principal.isAdmin { throw HTTPError(403, detail: "Only an administrator can create \(kind.path).") }
            var record = kind.make(&body)
            if let draft = record, !kind.adminCreates { try API.requireManage(principal, organizationId: kind.organizationId(draft)) }
            if var draft = record { kind.apply(&body, &draft, true); record = draft }
            try body.finish()
            guard let record else { throw HTTPError(422, detail: "The body is incomplete.") }
            return try api.create(request, principal: principal) { db in
                let saved = try VersionedWrites.insert(record, in: db, uniqueFields: kind.uniqueFields)
                var body = body
                try kind.afterWrite(saved, &body, db)
                try body.finish()
                let location = "\(base)/\(saved.id!)"
                return StoredResponse(status: 201, location: location, body: try API.encode(try kind.present(saved, principal, db)))
            }
        }

        router.patch(base + "/:id") { request in
            let principal = try api.signedIn(request)
            let id = try API.id(request)
            let expected = try API.expectedVersion(request)
            var body = try JSONBody(request)
            body.rejectUnknown(kind.fields.subtracting(["organization_id"]))
            if body.has("organization_id") { body.fail("organization_id", "cannot be changed; create the record in the other organization instead") }
            let (view, version): (View, Int) = try API.store {
                try api.database.pool.write { db in
                    guard var record = try R.fetchOne(db, key: id) else { throw StoreFailure.notFound }
                    guard principal.canManage(organizationId: kind.organizationId(record)) else {
                        throw HTTPError(403, detail: "Your key may not change this organization's data.")
                    }
                    kind.apply(&body, &record, false)
                    try body.finish()
                    let saved = try VersionedWrites.update(record, expectedVersion: expected, in: db, uniqueFields: kind.uniqueFields)
                    try kind.afterWrite(saved, &body, db)
                    try body.finish()
                    return (try kind.present(saved, principal, db), saved.version)
                }
            }
            return try API.json(view, version: version)
        }

        router.delete(base + "/:id") { request in
            let principal = try api.signedIn(request)
            let id = try API.id(request)
            let expected = try API.expectedVersion(request)
            try API.store {
                try api.database.pool.write { db in
                    guard let record = try R.fetchOne(db, key: id) else { throw StoreFailure.notFound }
                    if kind.adminCreates {
                        guard principal.isAdmin else { throw HTTPError(403, detail: "Only an administrator can delete \(kind.path).") }
                    } else {
                        guard principal.canManage(organizationId: kind.organizationId(record)) else {
                            throw HTTPError(403, detail: "Your key may not change this organization's data.")
                        }
                    }
                    try VersionedWrites.delete(R.self, id: id, expectedVersion: expected, in: db)
                }
            }
            return .empty(status: 204)
        }
    }
}
