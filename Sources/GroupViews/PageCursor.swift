import Foundation
import HTTPServer
import Store

/// A position a cursor carries. It is checked after decoding: a cursor is opaque, but its text is the
/// client's, so a forged one that decodes must still hold only values this server could have written.
public protocol CursorPosition: Codable {
    /// Whether every field holds a value a page of this server could have ended at.
    var isWellFormed: Bool { get }
}

extension Int64: CursorPosition {
    /// An id to continue after: never negative.
    public var isWellFormed: Bool { self >= 0 }
}

extension SearchPosition: CursorPosition {
    public var isWellFormed: Bool {
        SearchOrdering(rawValue: ordering) != nil && id >= 0 && (stale == nil || stale == 0 || stale == 1)
            && (number?.isFinite ?? true) && (text?.utf8.count ?? 0) <= 1_000 && (staleBefore.map { Timestamp.parse($0) != nil } ?? true)
    }
}

extension UInt8 {
    fileprivate var isASCIILetterOrDigit: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}

/// The opaque `cursor` of lists: the position after which the next page starts, as base64url JSON.
public enum PageCursor {
    /// Keys sorted: the same position gives the same cursor in every process (and so the same body and ETag).
    public static func encode<T: Encodable>(_ value: T) -> String {
        let data = (try? encoder.encode(value)) ?? Data()
        // base64url without padding, byte by byte (three `replacingOccurrences` went through NSString).
        var text: [UInt8] = []
        text.reserveCapacity(data.count * 4 / 3 + 3)
        for byte in data.base64EncodedData() {
            switch byte {
            case UInt8(ascii: "+"): text.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): text.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: text.append(byte)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// One encoder for every cursor: making one per cursor was a tenth of writing it.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Whether `text` has a cursor's form: 1 to 512 base64url characters (`^[A-Za-z0-9_-]{1,512}$`, the
    /// pattern of `cursor` in `Public/openapi.json`). A cursor of that form may still not be one given out.
    public static func isWellFormed(_ text: String) -> Bool {
        (1...512).contains(text.utf8.count) && text.utf8.allSatisfy { $0.isASCIILetterOrDigit || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    /// The position a cursor carries, or nil when the text is not a cursor this server gave out.
    public static func value<T: CursorPosition>(_ text: String, as type: T.Type) -> T? {
        guard isWellFormed(text) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let value = try? JSONDecoder().decode(T.self, from: data), value.isWellFormed else { return nil }
        return value
    }

    /// The address `path` with the query `pairs`, its `cursor` replaced.
    public static func nextLink(path: String, pairs: [(key: String, value: String)], cursor: String) -> String {
        var parts = pairs.filter { $0.key != "cursor" }.map { "\(PercentDecoding.encode($0.key))=\(PercentDecoding.encode($0.value))" }
        parts.append("cursor=\(cursor)")
        return path + "?" + parts.joined(separator: "&")
    }
}
