import Foundation
import Store

// What GroupView.swift and ScheduleView.swift (links to Circles' files) need besides Store:
// copies of Circles' LocationView, Page and Cursor, and the anonymous caller every benchmark request is.

/// The peer answers anonymous callers only, who never see private online details.
struct Principal {
    func canManage(organizationId: Int64) -> Bool { false }
}

/// Copied from Sources/Circles/Directory/LocationResource.swift.
struct LocationView: Encodable {
    var id: Int64
    var organizationId: Int64
    var name: String
    var kind: String
    var address: String?
    var city: String?
    var county: String?
    var state: String?
    var zip: String?
    var latitude: Double?
    var longitude: Double?
    var accessibility: Accessibility
    var directions: String
    var createdAt: String
    var updatedAt: String

    struct Accessibility: Encodable {
        var wheelchairAccessible: Bool
        var aslAvailable: Bool
        var parking: Bool
        var nearTransit: Bool
        var notes: String
    }

    init(_ r: LocationRecord) {
        id = r.id!
        organizationId = r.organizationId
        name = r.name
        kind = r.kind
        address = r.address
        city = r.city
        county = r.county
        state = r.state
        zip = r.zip
        latitude = r.latitude
        longitude = r.longitude
        accessibility = Accessibility(wheelchairAccessible: r.wheelchairAccessible, aslAvailable: r.aslAvailable,
                                      parking: r.parking, nearTransit: r.nearTransit, notes: r.accessibilityNotes)
        directions = r.directions
        createdAt = r.createdAt
        updatedAt = r.updatedAt
    }
}

/// Copied from Sources/Circles/API/APISupport.swift.
struct Page<Item: Encodable>: Encodable {
    var data: [Item]
    var next: String?

    enum CodingKeys: String, CodingKey { case data, next }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(next, forKey: .next)
    }
}

/// Copied from Sources/Circles/API/APISupport.swift and Sources/HTTPServer/QueryParameters.swift.
enum Cursor {
    static func encode<T: Encodable>(_ value: T) -> String {
        let data = (try? JSONEncoder().encode(value)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode<T: Decodable>(_ text: String, as type: T.Type) -> T? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64) else { return nil }
        return try? JSONDecoder().decode(T.self, from: data)
    }

    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(UnicodeScalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(UnicodeScalar(hex[Int(byte & 15)]))
            }
        }
        return out
    }

    static func nextLink(path: String, pairs: [(String, String)], cursor: String) -> String {
        var parts = pairs.filter { $0.0 != "cursor" }.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }
        parts.append("cursor=\(cursor)")
        return path + "?" + parts.joined(separator: "&")
    }
}
