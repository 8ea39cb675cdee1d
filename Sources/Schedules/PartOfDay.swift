import Foundation

/// When in the day a meeting starts, for the directory's time filter:
/// morning before 12:00, afternoon 12:00–16:59, evening from 17:00.
public enum PartOfDay: String, CaseIterable, Hashable, Sendable, Codable {
    case morning, afternoon, evening

    /// The part of the day of a local start time.
    public init(_ time: LocalTime) {
        switch time.hour {
        case ..<12: self = .morning
        case ..<17: self = .afternoon
        default: self = .evening
        }
    }
}
