/// A small, fast writer of JSON text, for log lines and problem documents
/// where a Codable round-trip would cost more than the work itself.
///
/// Every JSON line Circles writes goes through it: the access log (straight into its batch, see
/// `init(appendingTo:)`), the application's log handler and problem documents.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init() { bytes.reserveCapacity(256) }

    /// Writes after `bytes`, taking them over without a copy; `takeBytes()` hands them back.
    public init(appendingTo bytes: inout [UInt8]) {
        swap(&self.bytes, &bytes)
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// The text written so far, leaving the writer empty.
    public mutating func takeBytes() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &bytes)
        needsComma = false
        return taken
    }

    /// Ends a JSON line: the next value starts a new one.
    public mutating func endLine() {
        bytes.append(UInt8(ascii: "\n"))
        needsComma = false
    }

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
        array { writer in
            for item in items { each(&writer, item) }
        }
    }

    public mutating func field(_ name: String, _ value: String) {
        key(name)
        self.value(value)
    }

    public mutating func field(_ name: String, _ value: Int) {
        key(name)
        self.value(value)
    }

    public mutating func field(_ name: String, _ value: Bool) {
        key(name)
        self.value(value)
    }

    /// A field name escaped once, for lines written many times (the access log): writing it is a copy.
    public struct Key: Sendable {
        /// `"name":`
        fileprivate let quoted: [UInt8]

        public init(_ name: String) {
            var quoted: [UInt8] = []
            JSONWriter.appendQuoted(name, to: &quoted)
            quoted.append(UInt8(ascii: ":"))
            self.quoted = quoted
        }
    }

    public mutating func key(_ key: Key) {
        separate()
        bytes.append(contentsOf: key.quoted)
        needsComma = false
    }

    public mutating func field(_ key: Key, _ value: String) {
        self.key(key)
        self.value(value)
    }

    public mutating func field(_ key: Key, _ value: Int) {
        self.key(key)
        self.value(value)
    }

    /// A string field whose text `write` appends as is: only for text known to need no escaping
    /// (the access log's clock).
    public mutating func field(_ key: Key, unescaped write: (inout [UInt8]) -> Void) {
        self.key(key)
        bytes.append(UInt8(ascii: "\""))
        write(&bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// The name of the next value in an object (`value`, `object` or `array` follows).
    public mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func value(_ text: String) {
        separate()
        appendQuoted(text)
        needsComma = true
    }

    public mutating func value(_ number: Int) {
        separate()
        Self.appendDecimal(number, to: &bytes)
        needsComma = true
    }

    /// A number; JSON has no NaN or infinity, so those are written as `null`.
    public mutating func value(_ number: Double) {
        separate()
        bytes.append(contentsOf: (number.isFinite ? String(number) : "null").utf8)
        needsComma = true
    }

    public mutating func value(_ flag: Bool) {
        separate()
        bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        needsComma = true
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

    /// Appends an integer in decimal without allocating (also the `Content-Length` of responses).
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var n = value.magnitude
        guard n > 0 else { out.append(48); return }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            while n > 0 {
                raw[19 - count] = UInt8(48 + n % 10)
                n /= 10
                count += 1
            }
            out.append(contentsOf: raw[(20 - count)...])
        }
    }
}
