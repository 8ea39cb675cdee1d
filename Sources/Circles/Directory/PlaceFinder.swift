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

    /// The time zone of a place "Where?" named (a town's is its first ZIP code's); nil for a state.
    func timeZone(of place: PlaceMatch?) -> TimeZone? {
        let zip: ZIPCode? =
            switch place {
            case .zip(let z): z
            case .town(let town, _): town.zips.first.flatMap(table.zip)
            default: nil
            }
        return zip.flatMap { TimeZone(identifier: $0.timeZone) }
    }
}
