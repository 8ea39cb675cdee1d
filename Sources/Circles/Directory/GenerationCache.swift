import Foundation

/// Values computed from the directory, reused while they are still exactly what computing them again
/// would give.
///
/// A value is kept with the directory generation it was computed at (a counter that triggers move
/// forward on every directory write, from any process) and a deadline, when time alone changes it (a
/// meeting begins, a listing turns stale). It is given back only while the generation is the same and
/// the deadline ahead. The cache holds at most `maximumBytes` (as its users count them), never one
/// value of more than a sixteenth of that; when full it starts again empty, which costs less than
/// keeping track of use and is refilled by the next requests.
final class GenerationCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    struct Entry {
        var generation: Int64
        var expires: Date
        var value: Value
        var size: Int
    }

    let maximumBytes: Int
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var bytes = 0

    init(maximumBytes: Int) {
        self.maximumBytes = maximumBytes
    }

    var isEnabled: Bool { maximumBytes > 0 }

    /// The value kept for `key` and when it stops being right, if it still is.
    func entry(for key: Key, generation: Int64, now: Date) -> (value: Value, expires: Date)? {
        lock.lock()
        defer { lock.unlock() }
        return valid(key, generation, now)
    }

    /// The values still right for any of `keys`, under one lock.
    func entries(for keys: [Key], generation: Int64, now: Date) -> [Key: (value: Value, expires: Date)] {
        guard isEnabled else { return [:] }
        lock.lock()
        defer { lock.unlock() }
        var found: [Key: (value: Value, expires: Date)] = [:]
        for key in keys { if let entry = valid(key, generation, now) { found[key] = entry } }
        return found
    }

    func store(_ value: Value, size: Int, for key: Key, generation: Int64, expires: Date) {
        guard isEnabled, size <= maximumBytes / 16 else { return }
        lock.lock()
        defer { lock.unlock() }
        if let old = entries[key] { bytes -= old.size }
        if bytes + size > maximumBytes {
            entries.removeAll(keepingCapacity: true)
            bytes = 0
        }
        entries[key] = Entry(generation: generation, expires: expires, value: value, size: size)
        bytes += size
    }

    private func valid(_ key: Key, _ generation: Int64, _ now: Date) -> (value: Value, expires: Date)? {
        guard let entry = entries[key], entry.generation == generation, entry.expires > now else { return nil }
        return (entry.value, entry.expires)
    }
}
