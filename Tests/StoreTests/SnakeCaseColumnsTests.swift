import Foundation
import Testing

@testable import Store

/// Records are saved through `SnakeCaseColumns`, which converts each coding key once; its names
/// must be the ones Foundation's (and so GRDB's) `.convertToSnakeCase` gives.
@Suite struct SnakeCaseColumnsTests {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// One field named `key` (a dictionary's keys would not be converted).
    private struct OneField: Encodable {
        let key: String
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(1, forKey: Key(key))
        }
    }

    /// The column Foundation's JSONEncoder gives a key.
    private func foundation(_ key: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let object = try #require(try JSONSerialization.jsonObject(with: try encoder.encode(OneField(key: key))) as? [String: Int])
        return try #require(object.keys.first)
    }

    @Test(arguments: [
        "id", "organizationId", "statusTokenHash", "crisisFlag", "preferredContactMethod", "aslAvailable", "myURLValue",
        "URL", "address2Line", "line2", "nextAttemptAt", "lastUsedAt", "consentVersion", "sharedNote", "ID", "isHTTPS",
    ])
    func namesAreFoundations(_ key: String) throws {
        #expect(SnakeCaseColumns.snakeCase(key) == (try foundation(key)))
    }

    @Test func theMemoGivesTheSameColumns() {
        // Twice: the second answer comes from the memo and must be the same.
        for _ in 0..<2 {
            #expect(SnakeCaseColumns.column(forKey: Key("statusTokenHash")) == "status_token_hash")
            #expect(SnakeCaseColumns.column(forKey: Key("organizationId")) == "organization_id")
        }
    }
}
