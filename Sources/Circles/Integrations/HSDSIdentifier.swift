import Foundation

/// HSDS 3 wants UUIDs for every id. Circles' ids are integers, so each HSDS id is a version 8
/// (RFC 9562, "custom") UUID that carries the kind of record and its integer id, readable back
/// without a lookup table: `c14c1e50-00KK-8BBB-8CCC-AAAAAAAAAAAA`, where KK is the kind, A the
/// record's id (48 bits), and B·C a second number (24 bits: another id or a position in a list).
/// The same record always gets the same id, so exports and the API agree.
enum HSDSIdentifier {
    enum Kind: Int, Sendable {
        case organization = 1, service, location, serviceAtLocation, schedule, phone, contact, language,
            address, accessibility, taxonomy, taxonomyTerm, attribute
    }

    static let prefix = "c14c1e50"

    static func make(_ kind: Kind, _ id: Int64, _ second: Int64 = 0) -> String {
        let a = String(UInt64(id) & 0xFFFF_FFFF_FFFF, radix: 16)
        let b = UInt64(second) & 0xFF_FFFF
        return
            "\(prefix)-\(pad(String(kind.rawValue, radix: 16), 4))-8\(pad(String(b >> 12, radix: 16), 3))-8\(pad(String(b & 0xFFF, radix: 16), 3))-\(pad(a, 12))"
    }

    /// The integer ids an HSDS id of that kind carries, or nil for any other text.
    static func parse(_ text: String, _ kind: Kind) -> (id: Int64, second: Int64)? {
        let parts = text.lowercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == prefix, parts[1] == pad(String(kind.rawValue, radix: 16), 4),
            parts[2].count == 4, parts[3].count == 4, parts[4].count == 12,
            parts[2].first == "8", parts[3].first == "8",
            let high = UInt64(parts[2].dropFirst(), radix: 16), let low = UInt64(parts[3].dropFirst(), radix: 16),
            let id = UInt64(parts[4], radix: 16), id > 0
        else { return nil }
        return (Int64(id), Int64(high << 12 | low))
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
