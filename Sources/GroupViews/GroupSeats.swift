import Store

/// Groups that cap attendance: a capacity and the open seats a coordinator keeps up to date.
public enum GroupSeats {
    /// Full: it has a cap and no open seat.
    public static func isFull(_ group: GroupRecord) -> Bool {
        group.capacity != nil && group.openSeats == 0
    }
}
