import Foundation
import Testing

@testable import HTTPServer

/// The one JSON string escaper writes what `JSONEncoder` writes, byte for byte.
@Suite struct JSONStringTests {
    static func escaped(_ text: String, escapingDelete: Bool = false) -> String {
        var bytes: [UInt8] = []
        JSONString.append(text, to: &bytes, escapingDelete: escapingDelete)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func everyASCIICharacterAsJSONEncoderWritesIt() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        for scalar in (0..<0x80).compactMap(Unicode.Scalar.init) {
            let text = "a\(Character(scalar))b"
            let expected = String(decoding: try encoder.encode(text), as: UTF8.self)
            #expect(Self.escaped(text) == expected, "U+\(String(scalar.value, radix: 16))")
        }
        let mixed = "Grupo de duelo — “café” 🌱 \u{2028} </script>"
        #expect(Self.escaped(mixed) == String(decoding: try encoder.encode(mixed), as: UTF8.self))
    }

    @Test func logsAlsoEscapeDelete() {
        #expect(Self.escaped("a\u{7F}b", escapingDelete: true) == "\"a\\u007fb\"")
        #expect(Self.escaped("a\u{7F}b") == "\"a\u{7F}b\"")
    }
}
