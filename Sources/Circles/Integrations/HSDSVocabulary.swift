import Foundation
import HTTPServer
import Store

/// The two taxonomies Circles publishes in HSDS: its topics, and "Circles group facts", whose terms
/// label the attributes that carry what HSDS has no field for (a group's format, slug, summary,
/// audiences, time zone; a place's kind). An attribute's `value` holds the fact, so a consumer that
/// knows nothing of Circles still reads a labelled value, and an import reads it back exactly.
enum HSDSVocabulary {
    static let topicsTaxonomyId = HSDSIdentifier.make(.taxonomy, 1)
    static let factsTaxonomyId = HSDSIdentifier.make(.taxonomy, 2)

    /// The facts, in a fixed order: a term's id comes from its position, so never reorder; add at the end.
    static let facts: [(code: String, name: String, description: String)] = [
        ("slug", "Slug", "The group's (or organization's) identifier in Circles' web addresses."),
        ("format", "Format", "How the group meets: in_person, online, phone or hybrid."),
        ("summary", "Summary", "The group in one sentence."),
        ("join_mode", "How to join", "drop_in (just come) or registration (register first)."),
        ("registration_url", "Registration link", "Where to register, for groups that ask people to register."),
        ("online_url", "Online meeting link", "The public link to join online."),
        ("audience", "Audience", "Who the group is for: everyone, adults, youth, seniors, families, veterans…"),
        ("time_zone", "Time zone", "The IANA time zone of a group's or a schedule's local times (HSDS's timezone is only an offset)."),
        ("location_kind", "Kind of place", "community_center, library, park, clinic, place_of_worship, online, phone or other."),
        ("is_free", "Free", "true when the group costs nothing."),
        ("online_details_private", "Online details private", "true when the group shares its online link and dial-in privately (they are then not published)."),
        ("open_to", "Open to", "anyone, or lived_experience: only people who live with what the group is about."),
        ("camera_optional", "Camera optional", "true when an online participant may keep the camera off."),
        ("childcare", "Childcare", "true when childcare is offered during meetings."),
        ("asl_interpretation", "ASL interpretation", "true when meetings have American Sign Language interpretation."),
        ("first_meeting_note", "What to expect", "What happens at a first meeting, in the group's words."),
        ("capacity", "Capacity", "How many people the group takes (absent: no cap)."),
        ("open_seats", "Open seats", "How many places are free now, as the coordinators last said."),
        ("last_confirmed_at", "Last confirmed", "When a coordinator or facilitator last confirmed the listing (RFC 3339)."),
    ]

    static func factTermId(_ code: String) -> String {
        HSDSIdentifier.make(.taxonomyTerm, Int64((facts.firstIndex { $0.code == code } ?? 0) + 1), 1)
    }

    static func taxonomies(site: SiteAddress) -> [HSDS.Taxonomy] {
        [
            HSDS.Taxonomy(
                id: topicsTaxonomyId, name: "Circles topics", description: "What peer support groups are about.", uri: site.absolute("/topics"),
                version: "1"),
            HSDS.Taxonomy(
                id: factsTaxonomyId, name: "Circles group facts", description: "Labels of the attributes that carry what HSDS has no field for.",
                uri: site.absolute("/hsds/taxonomies/\(factsTaxonomyId)"), version: "1"),
        ]
    }

    static func topicTerm(_ topic: TopicRecord, site: SiteAddress) -> HSDS.TaxonomyTerm {
        HSDS.TaxonomyTerm(
            id: HSDSIdentifier.make(.taxonomyTerm, topic.id!), code: topic.slug, name: topic.name, description: topic.description,
            taxonomy: "Circles topics", taxonomyId: topicsTaxonomyId, language: "en", termUri: site.absolute("/topics/\(PercentDecoding.encode(topic.slug))"))
    }

    static func factTerms() -> [HSDS.TaxonomyTerm] {
        facts.map { fact in
            HSDS.TaxonomyTerm(
                id: factTermId(fact.code), code: fact.code, name: fact.name, description: fact.description, taxonomy: "Circles group facts",
                taxonomyId: factsTaxonomyId, language: "en")
        }
    }

    static func allTerms(topics: [TopicRecord], site: SiteAddress) -> [HSDS.TaxonomyTerm] {
        topics.map { topicTerm($0, site: site) } + factTerms()
    }
}
