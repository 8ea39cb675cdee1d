import GRDB

// Column-by-column decoding of the records a group search reads for every result. GRDB's Codable
// decoding with snake_case conversion builds a key table for each row, which was over a fifth of
// the CPU time of a search; these initializers take its place (FetchableRecord's `init(row:)`).
// A column added to one of these tables must be added here too. A vocabulary column (format,
// status, kind…) decodes straight from the column's text into its enum (`StatementColumnConvertible`,
// see `Vocabulary`): measured in release over 200 group rows, the four enum columns cost about 20 ns
// more per column than Strings, and a whole GroupRecord stayed within noise (3.6–6.9 µs per row either way).

extension OrganizationRecord {
    public init(row: Row) throws {
        self.init(slug: try row.decode(forColumn: "slug"), name: try row.decode(forColumn: "name"))
        id = try row.decode(forColumn: "id")
        description = try row.decode(forColumn: "description")
        website = try row.decode(forColumn: "website")
        email = try row.decode(forColumn: "email")
        phone = try row.decode(forColumn: "phone")
        createdAt = try row.decode(forColumn: "created_at")
        updatedAt = try row.decode(forColumn: "updated_at")
        version = try row.decode(forColumn: "version")
    }
}

extension LocationRecord {
    public init(row: Row) throws {
        self.init(
            organizationId: try row.decode(forColumn: "organization_id"), name: try row.decode(forColumn: "name"),
            kind: try row.decode(forColumn: "kind"))
        id = try row.decode(forColumn: "id")
        address = try row.decode(forColumn: "address")
        city = try row.decode(forColumn: "city")
        county = try row.decode(forColumn: "county")
        state = try row.decode(forColumn: "state")
        zip = try row.decode(forColumn: "zip")
        country = try row.decode(forColumn: "country")
        latitude = try row.decode(forColumn: "latitude")
        longitude = try row.decode(forColumn: "longitude")
        coordinatesApproximate = try row.decode(forColumn: "coordinates_approximate")
        wheelchairAccessible = try row.decode(forColumn: "wheelchair_accessible")
        aslAvailable = try row.decode(forColumn: "asl_available")
        parking = try row.decode(forColumn: "parking")
        nearTransit = try row.decode(forColumn: "near_transit")
        accessibilityNotes = try row.decode(forColumn: "accessibility_notes")
        directions = try row.decode(forColumn: "directions")
        createdAt = try row.decode(forColumn: "created_at")
        updatedAt = try row.decode(forColumn: "updated_at")
        version = try row.decode(forColumn: "version")
    }
}

extension GroupRecord {
    public init(row: Row) throws {
        self.init(
            organizationId: try row.decode(forColumn: "organization_id"), slug: try row.decode(forColumn: "slug"),
            name: try row.decode(forColumn: "name"), format: try row.decode(forColumn: "format"),
            timeZone: try row.decode(forColumn: "time_zone"))
        id = try row.decode(forColumn: "id")
        locationId = try row.decode(forColumn: "location_id")
        summary = try row.decode(forColumn: "summary")
        description = try row.decode(forColumn: "description")
        isFree = try row.decode(forColumn: "is_free")
        cost = try row.decode(forColumn: "cost")
        joinMode = try row.decode(forColumn: "join_mode")
        registrationUrl = try row.decode(forColumn: "registration_url")
        onlineUrl = try row.decode(forColumn: "online_url")
        dialIn = try row.decode(forColumn: "dial_in")
        onlineDetailsPrivate = try row.decode(forColumn: "online_details_private")
        contactEmail = try row.decode(forColumn: "contact_email")
        contactPhone = try row.decode(forColumn: "contact_phone")
        status = try row.decode(forColumn: "status")
        lastConfirmedAt = try row.decode(forColumn: "last_confirmed_at")
        lastConfirmedBy = try row.decode(forColumn: "last_confirmed_by")
        openTo = try row.decode(forColumn: "open_to")
        cameraOptional = try row.decode(forColumn: "camera_optional")
        childcare = try row.decode(forColumn: "childcare")
        aslInterpretation = try row.decode(forColumn: "asl_interpretation")
        firstMeetingNote = try row.decode(forColumn: "first_meeting_note")
        capacity = try row.decode(forColumn: "capacity")
        openSeats = try row.decode(forColumn: "open_seats")
        seatsUpdatedAt = try row.decode(forColumn: "seats_updated_at")
        contentLanguage = try row.decode(forColumn: "content_language")
        createdAt = try row.decode(forColumn: "created_at")
        updatedAt = try row.decode(forColumn: "updated_at")
        version = try row.decode(forColumn: "version")
    }
}

extension ScheduleRecord {
    public init(row: Row) throws {
        self.init(
            groupId: try row.decode(forColumn: "group_id"), frequency: try row.decode(forColumn: "frequency"),
            startTime: try row.decode(forColumn: "start_time"), durationMinutes: try row.decode(forColumn: "duration_minutes"),
            timeZone: try row.decode(forColumn: "time_zone"), startsOn: try row.decode(forColumn: "starts_on"))
        id = try row.decode(forColumn: "id")
        weekdays = try row.decode(forColumn: "weekdays")
        weekOfMonth = try row.decode(forColumn: "week_of_month")
        endsOn = try row.decode(forColumn: "ends_on")
        locationId = try row.decode(forColumn: "location_id")
        notes = try row.decode(forColumn: "notes")
        createdAt = try row.decode(forColumn: "created_at")
        updatedAt = try row.decode(forColumn: "updated_at")
        version = try row.decode(forColumn: "version")
    }
}

extension ScheduleExceptionRecord {
    public init(row: Row) throws {
        self.init(
            scheduleId: try row.decode(forColumn: "schedule_id"), occurrenceDate: try row.decode(forColumn: "occurrence_date"),
            kind: try row.decode(forColumn: "kind"))
        id = try row.decode(forColumn: "id")
        movedToDate = try row.decode(forColumn: "moved_to_date")
        movedToTime = try row.decode(forColumn: "moved_to_time")
        movedLocationId = try row.decode(forColumn: "moved_location_id")
        note = try row.decode(forColumn: "note")
        createdAt = try row.decode(forColumn: "created_at")
    }
}

extension FacilitatorRecord {
    public init(row: Row) throws {
        self.init(organizationId: try row.decode(forColumn: "organization_id"), displayName: try row.decode(forColumn: "display_name"))
        id = try row.decode(forColumn: "id")
        bio = try row.decode(forColumn: "bio")
        livedExperience = try row.decode(forColumn: "lived_experience")
        languages = try row.decode(forColumn: "languages")
        privateEmail = try row.decode(forColumn: "private_email")
        privatePhone = try row.decode(forColumn: "private_phone")
        createdAt = try row.decode(forColumn: "created_at")
        updatedAt = try row.decode(forColumn: "updated_at")
        version = try row.decode(forColumn: "version")
    }
}
