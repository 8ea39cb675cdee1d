import Foundation
import GRDB
import Store

/// The demo directory's facts for newcomers and its listing upkeep: first-meeting notes, childcare,
/// ASL, a full group, a group with a few open seats, and one listing nobody has confirmed for months,
/// so that every part of a group page and of the search filters has something to show.
enum DemoListings {
    static func write(_ db: Database) throws {
        func update(_ slug: String, _ assignments: String, _ arguments: StatementArguments = []) throws {
            try db.execute(sql: "UPDATE groups SET \(assignments) WHERE slug = ?", arguments: arguments + [slug])
        }
        try update("grief-walk-and-talk", "first_meeting_note = ?, capacity = 20, open_seats = 6, seats_updated_at = ?",
                   ["Meet at the picnic tables by the main entrance ten minutes early; a facilitator with a green lanyard will say hello. You don’t have to talk on your first walk.", Timestamp.now()])
        try update("vietnamese-newcomers-coffee-hour", "childcare = 1, first_meeting_note = ?",
                   ["Children can play in the corner with a volunteer while adults talk."])
        try update("after-a-suicide-loss", "open_to = 'lived_experience', capacity = 12, open_seats = 0, seats_updated_at = ?, first_meeting_note = ?",
                   [Timestamp.now(), "The facilitator calls you before your first meeting to say hello and answer questions."])
        try update("eastside-mental-health-peer-circle", "asl_interpretation = 1")
        // Nobody has confirmed these for months: they show "not recently confirmed" and rank last.
        for (slug, days) in [("koreatown-family-caregivers-circle", 95.0), ("young-adults-anxiety-check-in", 75.0)] {
            try update(slug, "last_confirmed_at = ?, last_confirmed_by = 'demo'", [Timestamp.format(Date().addingTimeInterval(-days * 86_400))])
        }
    }
}
