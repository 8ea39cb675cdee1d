import Foundation

/// One request as the access log records it. Never the query string, never a body.
public struct AccessLogEntry: Sendable {
    public var method: String
    public var path: String
    public var status: Int
    public var bytes: Int
    public var durationMicros: Int
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

    /// Formats an entry onto the end of a batch.
    static func append(_ entry: AccessLogEntry, time: String, to batch: inout [UInt8]) {
        var json = JSONWriter()
        json.object {
            $0.field("time", time)
            $0.field("method", entry.method)
            $0.field("path", entry.path)
            $0.field("status", entry.status)
            $0.field("bytes", entry.bytes)
            $0.field("duration_us", entry.durationMicros)
        }
        batch.append(contentsOf: json.bytes)
        batch.append(10)
    }
}

/// RFC 3339 timestamps with milliseconds, formatted cheaply.
struct LogClock {
    private var second = -1
    private var prefix = ""

    mutating func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let s = Int(spec.tv_sec)
        if s != second {
            second = s
            var t = time_t(s)
            var parts = tm()
            gmtime_r(&t, &parts)
            func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
            prefix = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))."
        }
        let ms = Int(spec.tv_nsec) / 1_000_000
        return prefix + (ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)") + "Z"
    }
}

/// Nanoseconds on the monotonic clock.
@inline(__always) func monotonicNanos() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}
