import Foundation

/// One request as the access log records it. Never the query string, never a body.
public struct AccessLogEntry: Sendable {
    public var method: String
    public var path: String
    public var status: Int
    public var bytes: Int
    public var durationMicros: Int
    /// The route's pattern (`/api/v1/groups/:id`), "(files)" for the fallback, "-" when nothing matched.
    /// Not written to the log; it gives metrics a label of bounded cardinality.
    public var route = "-"
}

/// Writes one JSON line per request, buffered per event loop and flushed once per loop turn.
public final class AccessLog: @unchecked Sendable {
    private let sink: @Sendable ([UInt8]) -> Void
    private let lock = NSLock()

    /// A log that hands finished batches of lines to `sink`.
    public init(sink: @escaping @Sendable ([UInt8]) -> Void) {
        self.sink = sink
    }

    /// Lines go to standard output.
    public static func standardOutput() -> AccessLog {
        AccessLog { bytes in
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.write(1, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
                    offset += n
                }
            }
        }
    }

    /// A log that discards everything.
    public static let disabled = AccessLog { _ in }

    func write(_ batch: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        sink(batch)
    }

    /// Formats an entry onto the end of a batch, with the time from a per-thread clock: the line
    /// `JSONWriter` would write, byte by byte (its closures and keys were a tenth of answering `/healthz`).
    static func append(_ entry: AccessLogEntry, clock: inout LogClock, to batch: inout [UInt8]) {
        func raw(_ text: StaticString) { text.withUTF8Buffer { batch.append(contentsOf: $0) } }
        raw("{\"time\":\"")
        clock.appendNow(to: &batch)
        raw("\",\"method\":")
        JSONWriter.appendQuoted(entry.method, to: &batch)
        raw(",\"path\":")
        JSONWriter.appendQuoted(entry.path, to: &batch)
        raw(",\"status\":")
        JSONWriter.appendDecimal(entry.status, to: &batch)
        raw(",\"bytes\":")
        JSONWriter.appendDecimal(entry.bytes, to: &batch)
        raw(",\"duration_us\":")
        JSONWriter.appendDecimal(max(0, entry.durationMicros), to: &batch)
        raw("}\n")
    }
}

/// RFC 3339 timestamps with milliseconds, formatted cheaply (for log lines).
public struct LogClock: Sendable {
    private var second = -1
    private var prefix: [UInt8] = []

    public init() {}

    public mutating func now() -> String {
        var bytes: [UInt8] = []
        appendNow(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `2025-01-31T12:34:56.789Z`; the part up to the seconds is formatted once a second.
    public mutating func appendNow(to out: inout [UInt8]) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let s = Int(spec.tv_sec)
        if s != second {
            second = s
            var t = time_t(s)
            var parts = tm()
            gmtime_r(&t, &parts)
            func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
            prefix = Array(
                "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).".utf8)
        }
        let ms = Int(spec.tv_nsec) / 1_000_000
        out.append(contentsOf: prefix)
        out.append(UInt8(48 + ms / 100))
        out.append(UInt8(48 + ms / 10 % 10))
        out.append(UInt8(48 + ms % 10))
        out.append(UInt8(ascii: "Z"))
    }
}

/// Nanoseconds on the monotonic clock.
@inline(__always) func monotonicNanos() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}
