import HTTPServer
import Testing

/// `If-Match` and `If-None-Match` lists (RFC 9110 §8.8.3, §5.6.1), read tag by tag.
@Suite struct EntityTagsTests {
    static func read(_ text: String) -> [String]? {
        EntityTags.list(text)?.map { ($0.weak ? "W/" : "") + $0.opaque }
    }

    @Test func aListIsReadTagByTagWithItsWeakness() {
        #expect(Self.read("\"v3\"") == ["\"v3\""])
        #expect(Self.read("\"v3\", W/\"v4\",\"v5-gz\"") == ["\"v3\"", "W/\"v4\"", "\"v5-gz\""])
        #expect(Self.read(" , \"v3\" ,, \"v4\" ,") == ["\"v3\"", "\"v4\""])
        #expect(Self.read("\"a,b\", \"c\"") == ["\"a,b\"", "\"c\""])
        #expect(Self.read("") == [])
    }

    @Test func whatIsNotAListOfTagsIsRefused() {
        #expect(Self.read("v3") == nil)
        #expect(Self.read("\"v3") == nil)
        #expect(Self.read("\"v3\" \"v4\"") == nil)
        #expect(Self.read("\"v 3\"") == nil)
        #expect(Self.read("w/\"v3\"") == nil)
        #expect(Self.read("\"v3\"x") == nil)
    }
}
