import Places
import Store

/// Coordinators never type coordinates: a place without them gets the centroid of its ZIP code (or of
/// its town and state) from the shipped place table, marked approximate until someone sets exact ones.
enum ApproximatePlacement {
    /// Places `location` when it has no coordinates of its own (or only approximate ones, which follow a
    /// changed ZIP code or town); true when it was placed. Online and phone "places" are left alone.
    @discardableResult
    static func place(_ location: inout LocationRecord, table: PlaceTable = .unitedStates) -> Bool {
        guard location.kind != .online && location.kind != .phone else { return false }
        guard location.latitude == nil || location.coordinatesApproximate else { return false }
        let point: (Double, Double)?
        if let zip = location.zip.flatMap(table.zip) {
            point = (zip.latitude, zip.longitude)
        } else if let city = location.city, let state = location.state, let town = table.town(named: city, state: state) {
            point = (town.latitude, town.longitude)
        } else {
            point = nil
        }
        guard let (latitude, longitude) = point else {
            if location.coordinatesApproximate { (location.latitude, location.longitude, location.coordinatesApproximate) = (nil, nil, false) }
            return false
        }
        (location.latitude, location.longitude, location.coordinatesApproximate) = (latitude, longitude, true)
        return true
    }
}
