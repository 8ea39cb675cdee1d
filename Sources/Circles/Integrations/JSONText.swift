import Foundation
import HTTPServer

/// JSON text of the `[String: Any]` trees the HSDS writer builds, keys sorted by code point.
///
/// Foundation's `JSONSerialization` with `.sortedKeys` compares keys with locale-aware collation
/// on Linux: it took more than half of an HSDS export's time. Values are what the writer puts in
/// (String, Int, Double, Bool, arrays, dictionaries, NSNull); anything else is a programming error.
enum JSONText {
    static func bytes(_ value: Any) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(value, into: &out)
        return out
    }

    static func write(_ value: Any, into out: inout [UInt8]) {
        switch value {
        case let text as String:
            string(text, into: &out)
        case let flag as Bool where type(of: value) == Bool.self:
            out.append(contentsOf: Array((flag ? "true" : "false").utf8))
        case let number as Int:
            out.append(contentsOf: Array(String(number).utf8))
        case let number as Double:
            out.append(contentsOf: Array((number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)).utf8))
        case let object as [String: Any]:
            out.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted(by: { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                string(key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(object[key]!, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case let array as [Any]:
            out.append(UInt8(ascii: "["))
            for (index, item) in array.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case is NSNull:
            out.append(contentsOf: Array("null".utf8))
        default:
            preconditionFailure("JSONText cannot write \(type(of: value))")
        }
    }

    static func string(_ text: String, into out: inout [UInt8]) {
        JSONString.append(text, to: &out)
    }
}
