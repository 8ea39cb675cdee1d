/// A small, fast writer of JSON text, for log lines and problem documents
/// where a Codable round-trip would cost more than the work itself.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init() { bytes.reserveCapacity(256) }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    public mutating func fieldArray<T>(_ name: String, _ items: [T], _ each: (inout JSONWriter, T) -> Void) {
        key(name)
        needsComma = false
        bytes.append(UInt8(ascii: "["))
        for item in items { each(&self, item) }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    public mutating func field(_ name: String, _ value: String) {
        key(name)
        needsComma = false
        self.value(value)
    }

    public mutating func field(_ name: String, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    public mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    public mutating func value(_ text: String) {
        separate()
        appendQuoted(text)
        needsComma = true
    }

    private mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendQuoted(_ text: String) {
        Self.appendQuoted(text, to: &bytes)
    }

    /// Appends a JSON string literal (DEL escaped too: these documents reach logs and terminals).
    static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        JSONString.append(text, to: &bytes, escapingDelete: true)
    }
}
