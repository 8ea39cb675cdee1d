import Store

/// Groups that cap attendance: a capacity and the open seats a coordinator keeps up to date.
public enum GroupSeats {
    /// Full: it has a cap and no open seat.
    public static func isFull(_ group: GroupRecord) -> Bool {
        group.capacity != nil && group.openSeats == 0
    }

    public static func fullWarning(_ group: GroupRecord) -> String {
        "\(group.name) is full right now. The referral is kept and the organization will contact the person, but they may be put on a waiting list; a group with open seats may be quicker."
    }
}
