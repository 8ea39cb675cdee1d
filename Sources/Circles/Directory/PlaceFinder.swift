import Foundation
import Places
import Store

/// "Where?" for the API and the pages: the shipped place table, and the directory to settle a name
/// several states share (the town with groups near it is the one meant).
struct PlaceFinder: Sendable {
    let table: PlaceTable
    let database: AppDatabase

    func find(_ text: String, radiusKm: Double) -> PlaceMatch? {
        table.parse(text) { town in
            (try? database.nearestActiveGroupKm(to: (town.latitude, town.longitude), within: max(radiusKm, PlaceTable.nearbyKm))) ?? nil
        }
    }
}
