import Foundation
import Testing

@testable import HTTPServer

/// The access log's line, written byte by byte, is the line `JSONWriter` writes.
@Suite struct AccessLogLineTests {
    @Test func eachLineIsWhatJSONWriterWrites() {
        let entries = [
            AccessLogEntry(method: "GET", path: "/healthz", status: 200, bytes: 3, durationMicros: 41),
            AccessLogEntry(method: "POST", path: "/a\"b\\c\n\u{01}\u{7F}é🌱/", status: 422, bytes: 0, durationMicros: -5),
            AccessLogEntry(method: "M\u{7F}", path: "", status: 503, bytes: Int.max, durationMicros: 0),
        ]
        var clock = LogClock()
        var batch = Array("earlier line\n".utf8)
        var expected = batch
        for entry in entries {
            AccessLog.append(entry, clock: &clock, to: &batch)
            // The time is the one part that differs: take it from the line just written.
            let line = batch[batch.index(batch.startIndex, offsetBy: expected.count)...]
            let time = String(decoding: line.dropFirst(9).prefix(24), as: UTF8.self)
            var writer = JSONWriter(appendingTo: &expected)
            writer.object { line in
                line.field(JSONWriter.Key("time"), unescaped: { $0.append(contentsOf: time.utf8) })
                line.field(JSONWriter.Key("method"), entry.method)
                line.field(JSONWriter.Key("path"), entry.path)
                line.field(JSONWriter.Key("status"), entry.status)
                line.field(JSONWriter.Key("bytes"), entry.bytes)
                line.field(JSONWriter.Key("duration_us"), max(0, entry.durationMicros))
            }
            writer.endLine()
            expected = writer.takeBytes()
            #expect(time.hasSuffix("Z") && time.count == 24, "\(time)")
        }
        #expect(String(decoding: batch, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }
}
