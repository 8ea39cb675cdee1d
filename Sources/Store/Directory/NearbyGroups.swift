import Foundation
import GRDB

extension AppDatabase {
    /// Kilometres from a point to the nearest place where an active group meets, if one is within
    /// `radiusKm`: when a town's name is shared by several states, the one the directory has groups in
    /// is the one meant.
    public func nearestActiveGroupKm(to point: (latitude: Double, longitude: Double), within radiusKm: Double) throws -> Double? {
        let kmPerLng = 111.32 * max(0.01, cos(point.latitude * .pi / 180))
        let dLat = radiusKm / 111.32, dLng = radiusKm / kmPerLng
        return try pool.read { db in
            try Double.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT min(((l.latitude - ?1) * 111.32) * ((l.latitude - ?1) * 111.32) + ((l.longitude - ?2) * ?3) * ((l.longitude - ?2) * ?3))
                        FROM locations l JOIN groups g ON g.location_id = l.id
                        WHERE l.latitude BETWEEN ?4 AND ?5 AND l.longitude BETWEEN ?6 AND ?7 AND g.status = 'active'
                        """),
                arguments: [
                    point.latitude, point.longitude, kmPerLng, point.latitude - dLat, point.latitude + dLat, point.longitude - dLng, point.longitude + dLng,
                ]
            ).map { $0.squareRoot() }.flatMap { $0 <= radiusKm ? $0 : nil }
        }
    }
}
