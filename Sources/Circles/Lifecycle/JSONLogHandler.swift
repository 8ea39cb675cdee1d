import Foundation
import HTTPServer
import Logging

/// swift-log's handler for Circles: one JSON object per line, written by `JSONWriter` (the writer of
/// every JSON line, so keys and values are escaped in one place).
///
/// A line holds `time`, `level`, `message`, `logger` (the label), `error` when one is passed (its
/// type only: an error's message can quote personal data), then the metadata by key. Metadata named
/// like one of those fixed keys is left out rather than written twice. Integers, floating-point
/// numbers and booleans given as `.stringConvertible` are written as JSON numbers and booleans.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let sink: @Sendable ([UInt8]) -> Void

    static let fixedKeys: Set<String> = ["time", "level", "message", "logger", "error"]
    private static let timeKey = JSONWriter.Key("time")

    /// A handler that hands each finished line (ending in a newline) to `sink`.
    public init(label: String, level: Logger.Level = .info, sink: @escaping @Sendable ([UInt8]) -> Void) {
        self.label = label
        self.logLevel = level
        self.sink = sink
    }

    /// A handler that writes to standard error, one whole line per write.
    public static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(label: label) { line in
            standardErrorLock.withLock {
                line.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let written = Glibc.write(2, raw.baseAddress! + offset, raw.count - offset)
                        if written < 0 && errno == EINTR { continue }
                        if written <= 0 { return }
                        offset += written
                    }
                }
            }
        }
    }

    private static let standardErrorLock = NSLock()

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = JSONWriter()
        var clock = LogClock()
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        line.object { line in
            line.field(Self.timeKey, unescaped: { clock.appendNow(to: &$0) })
            line.field("level", event.level.rawValue)
            line.field("message", event.message.description)
            line.field("logger", label)
            if let error = event.error { line.field("error", String(describing: type(of: error))) }
            for key in merged.keys.sorted() where !Self.fixedKeys.contains(key) {
                line.key(key)
                Self.write(merged[key]!, to: &line)
            }
        }
        line.endLine()
        sink(line.takeBytes())
    }

    private static func write(_ value: Logger.Metadata.Value, to line: inout JSONWriter) {
        switch value {
        case .string(let text):
            line.value(text)
        case .stringConvertible(let convertible):
            switch convertible {
            case let number as Int: line.value(number)
            case let number as Int64: line.value(Int(number))
            case let number as Int32: line.value(Int(number))
            case let number as Double: line.value(number)
            case let flag as Bool: line.value(flag)
            default: line.value(convertible.description)
            }
        case .dictionary(let dictionary):
            line.object { line in
                for key in dictionary.keys.sorted() {
                    line.key(key)
                    write(dictionary[key]!, to: &line)
                }
            }
        case .array(let values):
            line.array { line in
                for element in values { write(element, to: &line) }
            }
        }
    }
}
