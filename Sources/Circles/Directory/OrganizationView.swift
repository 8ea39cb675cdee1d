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
    var createdAt: Timestamp
    var updatedAt: Timestamp
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
        links = [
            "self": "/api/v1/organizations/\(r.id!)", "groups": "/api/v1/groups?organization_id=\(r.id!)",
            "locations": "/api/v1/locations?organization_id=\(r.id!)", "facilitators": "/api/v1/facilitators?organization_id=\(r.id!)",
        ]
    }
}
