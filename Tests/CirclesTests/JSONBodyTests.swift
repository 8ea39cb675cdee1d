import Foundation
import TestSupport
import Testing

@testable import Circles

/// JSON bodies are UTF-8 (RFC 8259 §8.1). Found while writing the query-json fuzz target (Fuzz/): Foundation
/// also reads UTF-16 and UTF-32, and in UTF-16 a character such as U+0122 has a quote byte
/// that the nesting guard took for the end of a string, hiding the nesting after it.
@Suite struct JSONBodyTests {
    let app: TestApp
    let admin: String

    init() throws {
        app = try TestApp()
        admin = try app.key()
    }

    func post(_ body: [UInt8]) throws -> ClientResponse {
        try TestHTTP.send(
            app.port, "POST", "/api/v1/organizations",
            headers: [("Authorization", "Bearer \(admin)"), ("Content-Type", "application/json")], body: body)
    }

    static func utf16LE(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
    static func utf16BE(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }

    @Test func nestingHiddenFromTheGuardByUTF16IsRefused() throws {
        let hidden = "{\"name\":\"\u{0122}\",\"x\":" + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}"
        #expect(JSONBody.depth(of: Self.utf16LE(hidden)) < JSONBody.maxDepth, "the input must be one the byte scan misjudges")
        let response = try post(Self.utf16LE(hidden))
        #expect(response.status == 400, "\(response.text)")
        #expect((response.jsonObject["detail"] as? String)?.contains("UTF-8") == true, "\(response.text)")
    }

    @Test func aValidObjectInUTF16OrUTF32CreatesNothing() throws {
        let json = "{\"name\":\"Harbor Peer Center\"}"
        let utf32 = json.unicodeScalars.flatMap { s in (0..<4).map { UInt8((s.value >> (8 * UInt32($0))) & 0xFF) } }
        for body in [Self.utf16LE(json), Self.utf16BE(json), [0xFF, 0xFE] + Self.utf16LE(json), utf32] {
            let response = try post(body)
            #expect(response.status == 400, "\(response.text)")
        }
        let list = try app.get("/api/v1/organizations", key: admin)
        #expect(!list.text.contains("Harbor"), "nothing was created: \(list.text)")
        // The same object in UTF-8, with or without a byte order mark, is accepted.
        #expect(try post(Array(json.utf8)).status == 201)
    }

    @Test func invalidUTF8AndNULAreRefused() throws {
        for body in [Array("{\"name\":\"a".utf8) + [0xFF, 0xFE] + Array("\"}".utf8), Array("{\"name\":\"a\"}".utf8) + [0]] {
            let response = try post(body)
            #expect(response.status == 400, "\(response.text)")
        }
    }
}
