import Foundation
import GroupViews
import HTTPServer
import Store

/// Places where groups meet: anyone reads them; whoever manages the organization keeps them.
struct LocationRoutes: ResourceRouteCollection {
    let api: API

    init(_ context: RouteContext) { api = context.api }

    static let routes: [Route<Self>] = [
        .get("/api/v1/locations", .identified, Self.list),
        .get("/api/v1/locations/:id", .identified, Self.read),
        .post("/api/v1/locations", .managesOrganization, Self.create),
        .patch("/api/v1/locations/:id", .managesOrganization, Self.update),
        .delete("/api/v1/locations/:id", .managesOrganization, Self.delete),
    ]

    static let kind = ResourceKind<LocationRecord, LocationView>(
        collectionPath: "/api/v1/locations",
        name: "locations",
        fields: [
            "organization_id", "name", "kind", "address", "city", "county", "state", "zip", "country", "latitude", "longitude",
            "wheelchair_accessible", "asl_available", "parking", "near_transit", "accessibility_notes", "directions",
        ],
        make: { body in
            var organizationId: Int64 = 0
            body.identifier("organization_id", into: &organizationId, required: true)
            return LocationRecord(organizationId: organizationId, name: "", kind: .other)
        },
        apply: { body, r, creating in
            body.text("name", into: &r.name, required: creating)
            body.choice("kind", into: &r.kind, required: creating)
            body.optionalText("address", into: &r.address, max: 300)
            body.optionalText("city", into: &r.city, max: 100)
            body.optionalText("county", into: &r.county, max: 100)
            body.optionalText(
                "state", into: &r.state, max: 2,
                validate: { $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isUppercase } ? nil : "must be a two-letter state code such as CO" })
            body.optionalText(
                "zip", into: &r.zip, max: 10,
                validate: { $0.range(of: #"^\d{5}(-\d{4})?$"#, options: .regularExpression) != nil ? nil : "must be a ZIP code such as 80202" })
            body.text("country", into: &r.country, max: 2)
            if body.has("country"), r.country.count != 2 || !r.country.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                body.fail("country", "must be a two-letter country code (ISO 3166-1) such as US or DE")
            }
            body.optionalNumber("latitude", into: &r.latitude, range: -90...90)
            body.optionalNumber("longitude", into: &r.longitude, range: -180...180)
            if (r.latitude == nil) != (r.longitude == nil) {
                body.fail(r.latitude == nil ? "latitude" : "longitude", "must be given together with the other coordinate")
            }
            // Exact coordinates given replace approximate ones; without any, the ZIP code's or town's are used.
            if body.has("latitude") || body.has("longitude") { r.coordinatesApproximate = false }
            ApproximatePlacement.place(&r)
            body.flag("wheelchair_accessible", into: &r.wheelchairAccessible)
            body.flag("asl_available", into: &r.aslAvailable)
            body.flag("parking", into: &r.parking)
            body.flag("near_transit", into: &r.nearTransit)
            body.text("accessibility_notes", into: &r.accessibilityNotes, max: 1000, allowEmpty: true)
            body.text("directions", into: &r.directions, max: 1000, allowEmpty: true)
        },
        present: { record, _ in LocationView(record) }
    )
}
