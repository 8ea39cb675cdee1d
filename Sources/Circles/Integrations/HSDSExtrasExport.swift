import Foundation
import Store

/// `circles.json` written beside an HSDS export: what HSDS 3 has no field for — each organization's tags,
/// the facilitators (without their private contacts, which never leave) and their trainings, each
/// service's tags and facilitators, the language of its texts and their translations, and the cancelled
/// and moved meetings — in the form `HSDSExtras`
/// reads, so that an export imports back without loss.
struct HSDSExtrasExport {
    private var services: [[String: Any]] = []
    private var exceptions: [[String: Any]] = []

    /// Adds what a group has beyond its HSDS service.
    mutating func add(_ d: GroupDetails) {
        let service = HSDSIdentifier.make(.service, d.group.id!)
        let language = d.group.contentLanguage
        if !d.links.tags.isEmpty || !d.links.facilitatorIds.isEmpty || language != ContentLanguage.original || !d.links.translations.isEmpty {
            var entry: [String: Any] = ["id": service, "tags": d.links.tags, "facilitator_ids": d.links.facilitatorIds.map(Self.facilitatorKey)]
            if language != ContentLanguage.original { entry["content_language"] = language }
            if !d.links.translations.isEmpty { entry["translations"] = GroupRoutes.translationsObject(d.links.translations) }
            services.append(entry)
        }
        for e in d.exceptions {
            var object: [String: Any] = [
                "schedule_id": HSDSIdentifier.make(.schedule, e.scheduleId), "occurrence_date": e.occurrenceDate, "kind": e.kind, "note": e.note,
            ]
            if let date = e.movedToDate { object["moved_to_date"] = date }
            if let time = e.movedToTime { object["moved_to_time"] = time }
            if let place = e.movedLocationId { object["moved_location_id"] = HSDSIdentifier.make(.location, place) }
            exceptions.append(object)
        }
    }

    /// The file, with the organizations' tags and every facilitator.
    func file(tags: [TagRecord], facilitators: [FacilitatorDetails]) -> [String: Any] {
        let byOrganization = Dictionary(grouping: tags, by: \.organizationId)
        let organizations: [[String: Any]] = byOrganization.keys.sorted().map { id in
            let list: [[String: Any]] = byOrganization[id]!.sorted { $0.slug < $1.slug }.map { t in
                var tag: [String: Any] = ["slug": t.slug, "name": t.name]
                if let code = t.code { tag["code"] = code }
                return tag
            }
            return ["id": HSDSIdentifier.make(.organization, id), "tags": list]
        }
        let people: [[String: Any]] = facilitators.map { details in
            let f = details.facilitator
            let trainings: [[String: Any]] = details.trainings.map { t in
                var training: [String: Any] = ["name": t.name, "issuer": t.issuer]
                if let date = t.completedOn { training["completed_on"] = date }
                if let date = t.expiresOn { training["expires_on"] = date }
                return training
            }
            return [
                "id": Self.facilitatorKey(f.id!), "organization_id": HSDSIdentifier.make(.organization, f.organizationId), "display_name": f.displayName,
                "bio": f.bio, "lived_experience": JSONList.decode(f.livedExperience), "languages": JSONList.decode(f.languages), "trainings": trainings,
            ]
        }
        return ["organizations": organizations, "facilitators": people, "services": services, "schedule_exceptions": exceptions]
    }

    static func facilitatorKey(_ id: Int64) -> String { "facilitator-\(id)" }
}
