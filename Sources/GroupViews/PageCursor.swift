import Foundation
import HTTPServer

/// The opaque `cursor` of lists: the position after which the next page starts, as base64url JSON.
public enum PageCursor {
    public static func encode<T: Encodable>(_ value: T) -> String {
        let data = (try? JSONEncoder().encode(value)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
            of: "=", with: "")
    }

    /// The position a cursor carries, or nil when the text is not a cursor this server gave out.
    public static func value<T: Decodable>(_ text: String, as type: T.Type) -> T? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard text.count <= 512, let data = Data(base64Encoded: base64) else { return nil }
        return try? JSONDecoder().decode(T.self, from: data)
    }

    /// The address `path` with the query `pairs`, its `cursor` replaced.
    public static func nextLink(path: String, pairs: [(key: String, value: String)], cursor: String) -> String {
        var parts = pairs.filter { $0.key != "cursor" }.map { "\(PercentDecoding.encode($0.key))=\(PercentDecoding.encode($0.value))" }
        parts.append("cursor=\(cursor)")
        return path + "?" + parts.joined(separator: "&")
    }
}
