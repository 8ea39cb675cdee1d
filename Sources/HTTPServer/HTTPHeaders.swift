/// An ordered list of header fields with case-insensitive lookup.
///
/// Order and duplicates are kept as received, because some checks
/// (differing `Content-Length` values, say) depend on them.
public struct HTTPHeaders: Sendable, Sequence {
    public private(set) var fields: [(name: String, value: String)] = []

    public init() {}

    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { (name: $0.0, value: $0.1) }
    }

    init(fields: [(name: String, value: String)]) {
        self.fields = fields
    }

    /// Makes room for `count` fields, so that adding them does not grow the storage step by step.
    public mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    /// The first value of the named field, or nil.
    public subscript(name: String) -> String? {
        for field in fields where field.name.asciiCaseInsensitiveEquals(name) {
            return field.value
        }
        return nil
    }

    /// Every value of the named field, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.asciiCaseInsensitiveEquals(name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces every field of that name with one field.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name: name, value: value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.asciiCaseInsensitiveEquals(name) }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    /// Whether a comma-separated field (such as `Connection`) holds a token.
    /// Every response asks this several times (`Connection`, `Vary`), so the list is read in place:
    /// splitting it into substrings was a tenth of the CPU time of a cached search.
    public func hasToken(_ token: String, in name: String) -> Bool {
        for field in fields where field.name.asciiCaseInsensitiveEquals(name) {
            if Self.list(field.value, contains: token) { return true }
        }
        return false
    }

    /// Whether the comma-separated `list` holds `token` (spaces and tabs around items ignored).
    static func list(_ list: String, contains token: String) -> Bool {
        var list = list, token = token
        return list.withUTF8 { v in
            token.withUTF8 { t in
                var start = 0
                while start <= v.count {
                    var end = start
                    while end < v.count && v[end] != UInt8(ascii: ",") { end += 1 }
                    var first = start, last = end
                    while first < last && (v[first] == 32 || v[first] == 9) { first += 1 }
                    while last > first && (v[last - 1] == 32 || v[last - 1] == 9) { last -= 1 }
                    if last - first == t.count && asciiEqualsIgnoringCase(UnsafeBufferPointer(rebasing: v[first..<last]), t) { return true }
                    start = end + 1
                }
                return false
            }
        }
    }
}

extension StringProtocol {
    /// Compares ASCII letters without regard to case; everything else exactly.
    public func asciiCaseInsensitiveEquals<Other: StringProtocol>(_ other: Other) -> Bool {
        let a = self.utf8, b = other.utf8
        guard a.count == b.count else { return false }
        let fast: Bool?? = a.withContiguousStorageIfAvailable { x in
            b.withContiguousStorageIfAvailable { y in asciiEqualsIgnoringCase(x, y) }
        }
        if let fast, let result = fast { return result }
        for (x, y) in zip(a, b) where x != y {
            let lx = (x >= 65 && x <= 90) ? x | 0x20 : x
            let ly = (y >= 65 && y <= 90) ? y | 0x20 : y
            if lx != ly { return false }
        }
        return true
    }

    /// The text without leading and trailing spaces and tabs.
    public func trimmingSpaces() -> Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}

/// Compares two byte strings of equal length, ASCII letters without regard to case.
@inline(__always)
func asciiEqualsIgnoringCase(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
    guard x.count == y.count else { return false }
    for i in 0..<x.count {
        let a = x[i], b = y[i]
        if a == b { continue }
        let la = (a >= 65 && a <= 90) ? a | 0x20 : a
        let lb = (b >= 65 && b <= 90) ? b | 0x20 : b
        if la != lb { return false }
    }
    return true
}

/// Whether `text` contains `needle` (lower-case ASCII), ignoring the case of ASCII letters.
func asciiContainsIgnoringCase(_ text: String, _ needle: StaticString) -> Bool {
    let n = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
    func search(_ h: UnsafeBufferPointer<UInt8>) -> Bool {
        guard h.count >= n.count else { return false }
        for start in 0...(h.count - n.count) {
            var matched = true
            for j in 0..<n.count {
                let c = h[start + j]
                if ((c >= 65 && c <= 90) ? c | 0x20 : c) != n[j] { matched = false; break }
            }
            if matched { return true }
        }
        return false
    }
    if let result = text.utf8.withContiguousStorageIfAvailable(search) { return result }
    return Array(text.utf8).withUnsafeBufferPointer(search)
}

/// Whether `text` starts with `prefix` (lower-case ASCII), ignoring the case of ASCII letters.
func asciiHasPrefixIgnoringCase(_ text: String, _ prefix: StaticString) -> Bool {
    let p = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
    var i = 0
    for c in text.utf8 {
        if i == p.count { return true }
        if ((c >= 65 && c <= 90) ? c | 0x20 : c) != p[i] { return false }
        i += 1
    }
    return i == p.count
}
