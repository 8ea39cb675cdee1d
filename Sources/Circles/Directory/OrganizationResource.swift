import GRDB
import Store

/// An organization as the API shows it.
struct OrganizationView: Encodable {
    var id: Int64
    var slug: String
    var name: String
    var description: String
    var website: String?
    var email: String?
    var phone: String?
    var createdAt: String
    var updatedAt: String
    var links: [String: String]

    init(_ r: OrganizationRecord) {
        id = r.id!
        slug = r.slug
        name = r.name
        description = r.description
        website = r.website
        email = r.email
        phone = r.phone
        createdAt = r.createdAt
        updatedAt = r.updatedAt
        links = ["self": "/api/v1/organizations/\(r.id!)", "groups": "/api/v1/groups?organization_id=\(r.id!)",
                 "locations": "/api/v1/locations?organization_id=\(r.id!)", "facilitators": "/api/v1/facilitators?organization_id=\(r.id!)"]
    }
}

enum OrganizationResource {
    static let kind = ResourceKind<OrganizationRecord, OrganizationView>(
        path: "organizations",
        fields: ["slug", "name", "description", "website", "email", "phone"],
        uniqueFields: ["organizations.slug": "slug"],
        adminCreates: true,
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
        organizationId: { $0.id ?? 0 },
        present: { record, _, _ in OrganizationView(record) },
        afterWrite: { record, _, db in try DirectoryIndexes.refreshGroups(ofOrganization: record.id!, in: db) }
    )
}
