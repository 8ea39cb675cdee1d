import HTTPServer

/// Every route of the directory API under `/api/v1`.
struct DirectoryRoutes {
    let api: API

    func register(on router: Router) {
        let resources = ResourceRoutes(api: api)
        resources.register(OrganizationResource.kind, on: router)
        resources.register(LocationResource.kind, on: router)
        resources.register(FacilitatorResource.kind, on: router)
        GroupRoutes(api: api).register(on: router)
        ScheduleRoutes(api: api).register(on: router)
        MeetingRoutes(api: api).register(on: router)
        ListingRoutes(api: api).register(on: router)
        ChangeRequestRoutes(api: api).register(on: router)
    }
}
