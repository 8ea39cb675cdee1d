import Foundation
import Logging
import TestSupport
import Testing

@testable import Circles

/// The JSON-lines handler every log line of the application goes through.
@Suite struct JSONLogHandlerTests {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "contact jordan@example.org" }
    }

    static func logger(_ capture: LogCapture, level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "circles.test") { JSONLogHandler(label: $0) { capture.append($0) } }
        logger.logLevel = level
        return logger
    }

    @Test func oneObjectPerLineWithEscapedKeysAndValues() throws {
        let capture = LogCapture()
        var logger = Self.logger(capture)
        logger[metadataKey: "component"] = "tests"
        logger.error(
            "quote \" and\nnewline", error: Failure(),
            metadata: [
                "route": "/api/v1/groups/:id",
                "odd \"key\"": "tab\there",
                "count": .stringConvertible(3),
                "ratio": .stringConvertible(0.5),
                "flag": .stringConvertible(true),
                "nested": ["b": "2", "a": ["x", "y"]],
                "level": "ignored: a fixed key",
            ])
        let lines = capture.lines
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["level"] as? String == "error")
        #expect(object["message"] as? String == "quote \" and\nnewline")
        #expect(object["logger"] as? String == "circles.test")
        #expect(object["error"] as? String == "Failure", "the type, never the message")
        #expect(!capture.text.contains("jordan@example.org"))
        #expect(object["component"] as? String == "tests")
        #expect(object["route"] as? String == "/api/v1/groups/:id")
        #expect(object["odd \"key\""] as? String == "tab\there")
        #expect(object["count"] as? Int == 3)
        #expect(object["ratio"] as? Double == 0.5)
        #expect(object["flag"] as? Bool == true)
        #expect((object["nested"] as? [String: Any])?["a"] as? [String] == ["x", "y"])
        let time = object["time"] as? String ?? ""
        #expect(time.hasSuffix("Z") && time.count == 24, "RFC 3339 with milliseconds: \(time)")
        #expect(lines[0].hasPrefix(#"{"time":""#) && lines[0].contains(#","level":"error","message":"#), "fixed keys first: \(lines[0])")
    }

    @Test func linesBelowTheLevelAreNotWritten() {
        let capture = LogCapture()
        let logger = Self.logger(capture, level: .warning)
        logger.info("not written")
        logger.warning("written")
        #expect(capture.lines.count == 1)
        #expect(capture.text.contains("written") && !capture.text.contains("not written"))
    }
}
