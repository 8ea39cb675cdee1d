import Foundation
import Store

/// `circles.json` written beside an HSDS export: what HSDS 3 has no field for — each organization's tags,
/// the facilitators (without their private contacts, which never leave) and their trainings, each
/// service's tags and facilitators, the language of its texts and their translations, and the cancelled
/// and moved meetings — in the form `HSDSExtras` reads, so that an export imports back without loss.
struct HSDSExtrasExport {
    /// The file, as `HSDSExtras` reads it (nil fields are left out).
    struct File: Encodable {
        var organizations: [Organization]
        var facilitators: [Facilitator]
        var services: [Service]
        var scheduleExceptions: [ScheduleException]

        enum CodingKeys: String, CodingKey {
            case organizations, facilitators, services
            case scheduleExceptions = "schedule_exceptions"
        }
    }

    struct Organization: Encodable {
        var id: String
        var tags: [Tag]
    }

    struct Tag: Encodable {
        var slug: String
        var name: String
        var code: String?
    }

    struct Facilitator: Encodable {
        var id: String
        var organizationId: String
        var displayName: String
        var bio: String
        var livedExperience: [String]
        var languages: [String]
        var trainings: [Training]

        enum CodingKeys: String, CodingKey {
            case id, bio, languages, trainings
            case organizationId = "organization_id", displayName = "display_name", livedExperience = "lived_experience"
        }
    }

    struct Training: Encodable {
        var name: String
        var issuer: String
        var completedOn: String?
        var expiresOn: String?

        enum CodingKeys: String, CodingKey {
            case name, issuer
            case completedOn = "completed_on", expiresOn = "expires_on"
        }
    }

    struct Service: Encodable {
        var id: String
        var tags: [String]
        var facilitatorIds: [String]
        /// Only when it is not the original language (`ContentLanguage.original`).
        var contentLanguage: String?
        /// Language → field → text; only when there are translations.
        var translations: [String: [String: String]]?

        enum CodingKeys: String, CodingKey {
            case id, tags, translations
            case facilitatorIds = "facilitator_ids", contentLanguage = "content_language"
        }
    }

    struct ScheduleException: Encodable {
        var scheduleId: String
        var occurrenceDate: String
        var kind: ExceptionKind
        var note: String
        var movedToDate: String?
        var movedToTime: String?
        var movedLocationId: String?

        enum CodingKeys: String, CodingKey {
            case kind, note
            case scheduleId = "schedule_id", occurrenceDate = "occurrence_date", movedToDate = "moved_to_date", movedToTime = "moved_to_time"
            case movedLocationId = "moved_location_id"
        }
    }

    private var services: [Service] = []
    private var exceptions: [ScheduleException] = []

    /// Adds what a group has beyond its HSDS service.
    mutating func add(_ d: GroupDetails) {
        let service = HSDSIdentifier.make(.service, d.group.id!)
        let language = d.group.contentLanguage
        if !d.links.tags.isEmpty || !d.links.facilitatorIds.isEmpty || language != ContentLanguage.original || !d.links.translations.isEmpty {
            var translations: [String: [String: String]] = [:]
            for t in d.links.translations {
                translations[t.language] = Dictionary(uniqueKeysWithValues: GroupTranslation.Field.allCases.compactMap { f in t[f].map { (f.rawValue, $0) } })
            }
            services.append(
                Service(
                    id: service, tags: d.links.tags, facilitatorIds: d.links.facilitatorIds.map(Self.facilitatorKey),
                    contentLanguage: language != ContentLanguage.original ? language : nil, translations: translations.isEmpty ? nil : translations))
        }
        for e in d.exceptions {
            exceptions.append(
                ScheduleException(
                    scheduleId: HSDSIdentifier.make(.schedule, e.scheduleId), occurrenceDate: e.occurrenceDate, kind: e.kind, note: e.note,
                    movedToDate: e.movedToDate, movedToTime: e.movedToTime, movedLocationId: e.movedLocationId.map { HSDSIdentifier.make(.location, $0) }))
        }
    }

    /// The file, with the organizations' tags and every facilitator.
    func file(tags: [TagRecord], facilitators: [FacilitatorDetails]) -> File {
        let byOrganization = Dictionary(grouping: tags, by: \.organizationId)
        let organizations = byOrganization.keys.sorted().map { id in
            Organization(
                id: HSDSIdentifier.make(.organization, id),
                tags: byOrganization[id]!.sorted { $0.slug < $1.slug }.map { Tag(slug: $0.slug, name: $0.name, code: $0.code) })
        }
        let people = facilitators.map { details in
            let f = details.facilitator
            return Facilitator(
                id: Self.facilitatorKey(f.id!), organizationId: HSDSIdentifier.make(.organization, f.organizationId), displayName: f.displayName,
                bio: f.bio, livedExperience: JSONList.decode(f.livedExperience), languages: JSONList.decode(f.languages),
                trainings: details.trainings.map { Training(name: $0.name, issuer: $0.issuer, completedOn: $0.completedOn, expiresOn: $0.expiresOn) })
        }
        return File(organizations: organizations, facilitators: people, services: services, scheduleExceptions: exceptions)
    }

    static func facilitatorKey(_ id: Int64) -> String { "facilitator-\(id)" }
}
