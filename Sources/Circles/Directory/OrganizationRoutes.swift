import HTTPServer
import Store

/// Organizations: anyone reads them; administrators create and delete them, their coordinators change them.
struct OrganizationRoutes: ResourceRouteCollection {
    let api: API

    init(_ context: RouteContext) { api = context.api }

    static let routes: [Route<Self>] = [
        .get("/api/v1/organizations", .identified, Self.list),
        .get("/api/v1/organizations/:id", .identified, Self.read),
        .post("/api/v1/organizations", .admin, Self.create),
        .patch("/api/v1/organizations/:id", .managesOrganization, Self.update),
        .delete("/api/v1/organizations/:id", .admin, Self.delete),
    ]

    static let kind = ResourceKind<OrganizationRecord, OrganizationView>(
        collectionPath: "/api/v1/organizations",
        name: "organizations",
        fields: ["slug", "name", "description", "website", "email", "phone"],
        filterByOrganization: false,
        make: { body in
            var name = ""
            body.text("name", into: &name, required: true)
            let slug = FieldRules.slugify(name)
            return OrganizationRecord(slug: slug.isEmpty ? "organization-" + APIKeys.randomToken(length: 6).lowercased() : slug, name: name)
        },
        apply: { body, record, creating in
            body.text("name", into: &record.name, required: creating)
            var slug = record.slug
            body.text("slug", into: &slug, max: 80)
            if let problem = FieldRules.slug(slug) { body.fail("slug", problem) } else { record.slug = slug }
            body.text("description", into: &record.description, max: 4000, allowEmpty: true)
            body.optionalText("website", into: &record.website, max: 500, validate: FieldRules.url)
            body.optionalText("email", into: &record.email, max: 200, validate: FieldRules.email)
            body.optionalText("phone", into: &record.phone, max: 40, validate: FieldRules.phone)
        },
        present: { record, _ in OrganizationView(record) }
    )
}
