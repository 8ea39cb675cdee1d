import Foundation
import HTTPServer
import Store

/// `POST /api/v1/organizations/:id/groups/import`: the CSV import of `circles import csv` for one
/// organization's coordinators (and admins), used by the console. The body is the CSV file
/// (`text/csv`); a dry run unless `?apply=true`; with `?update=true` rows naming the organization's
/// existing groups update them. Bad rows give 422 with one error per problem
/// (the field, and the line in the message); a good file gives what was (or would be) created.
struct CSVImportRoutes: RouteCollection {
    let api: API

    init(_ context: RouteContext) { api = context.api }

    static let routes: [Route<Self>] = [
        .post("/api/v1/organizations/:id/groups/import", .managesOrganization, Self.importGroups, bodyLimit: Self.maxBytes)
    ]

    static let maxBytes = 5 * 1024 * 1024

    func importGroups(_ request: Request, _ caller: Principal) throws -> Response {
        let organizationId = try API.id(request)
        guard let organization = try api.database.record(OrganizationRecord.self, id: organizationId) else {
            throw HTTPError.notFound("No organization with that id.")
        }
        try API.requireManage(caller, organizationId: organizationId)
        var reader = QueryReader(request)
        let apply = reader.bool("apply") ?? false
        let update = reader.bool("update") ?? false
        try reader.finish()
        let type = (request.headers["Content-Type"] ?? "").split(separator: ";").first.map { $0.trimmingSpaces().lowercased() } ?? ""
        guard ["text/csv", "text/plain", "application/csv"].contains(type) else {
            throw HTTPError(415, detail: "Send the file as text/csv.", errors: [FieldError(field: "Content-Type", message: "must be text/csv")])
        }
        guard let text = String(bytes: request.body, encoding: .utf8) else {
            throw HTTPError.unprocessable([FieldError(field: "body", message: "must be UTF-8 text")])
        }
        let report = try DirectoryTransfer.importCSV(api.database, text: text, apply: apply, update: update, organization: organization)
        if !report.outcome.problems.isEmpty {
            var error = HTTPError.unprocessable(
                report.outcome.problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }.map {
                    FieldError(field: $0.field, message: ($0.line.map { "line \($0): " } ?? "") + $0.message)
                })
            error.detail = "\(report.outcome.problems.count) problems in \(report.rows) rows; nothing was written."
            throw error
        }
        if report.outcome.committed {
            try api.audit(
                caller, request, action: "groups.import", targetType: "organization", targetId: String(organizationId),
                organizationId: organizationId, detail: "\(report.outcome.groupsCreated) groups created, \(report.outcome.groupsUpdated) updated")
        }
        let o = report.outcome
        return try API.json(
            ImportView(
                applied: o.committed, rows: report.rows, groupsCreated: o.groupsCreated, groupsUpdated: o.groupsUpdated,
                schedulesCreated: o.schedulesCreated, schedulesKept: o.schedulesKept, schedulesRemoved: o.schedulesRemoved,
                locationsCreated: o.locationsCreated, locationsReused: o.locationsReused),
            status: o.committed ? 201 : 200, cache: "no-store")
    }

    struct ImportView: Encodable {
        var applied: Bool
        var rows: Int
        var groupsCreated: Int
        var groupsUpdated: Int
        var schedulesCreated: Int
        var schedulesKept: Int
        var schedulesRemoved: Int
        var locationsCreated: Int
        var locationsReused: Int
    }
}
