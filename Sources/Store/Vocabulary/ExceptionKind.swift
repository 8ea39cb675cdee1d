/// What an exception does to one meeting of a schedule (`schedule_exceptions.kind`); the recurrence
/// engine reads it as `ScheduleException.Kind` (`ScheduleMapping.exception`).
public enum ExceptionKind: String, Vocabulary {
    case cancelled
    case moved

    public var label: String {
        switch self {
        case .cancelled: "Cancelled"
        case .moved: "Moved"
        }
    }
}
