/// How often a schedule repeats (`schedules.frequency`); the recurrence engine reads it as its own
/// `Frequency` (`ScheduleMapping.engineFrequency`).
public enum ScheduleFrequency: String, Vocabulary {
    case weekly
    case biweekly
    case monthly
    case once

    public var label: String {
        switch self {
        case .weekly: "Every week"
        case .biweekly: "Every other week"
        case .monthly: "Once a month"
        case .once: "Just once"
        }
    }
}
