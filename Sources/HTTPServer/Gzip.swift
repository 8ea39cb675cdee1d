import CZlib

/// gzip compression through zlib.
public enum Gzip {
    /// The gzip encoding of `input`, or nil if zlib fails.
    public static func compress(_ input: [UInt8], level: Int32 = 6) -> [UInt8]? {
        var stream = z_stream()
        // windowBits 15 + 16 selects the gzip wrapper.
        guard
            deflateInit2_(
                &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return nil }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 32)
        let status: Int32 = input.withUnsafeBufferPointer { inPtr in
            output.withUnsafeMutableBufferPointer { outPtr in
                stream.next_in = UnsafeMutablePointer(mutating: inPtr.baseAddress)
                stream.avail_in = uInt(inPtr.count)
                stream.next_out = outPtr.baseAddress
                stream.avail_out = uInt(outPtr.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Decompresses gzip data (used by tests and by importers of compressed files).
    public static func decompress(_ input: [UInt8], maxOutput: Int = 64 << 20) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        return input.withUnsafeBufferPointer { inPtr -> [UInt8]? in
            stream.next_in = UnsafeMutablePointer(mutating: inPtr.baseAddress)
            stream.avail_in = uInt(inPtr.count)
            while true {
                let (status, produced): (Int32, Int) = chunk.withUnsafeMutableBufferPointer { outPtr in
                    stream.next_out = outPtr.baseAddress
                    stream.avail_out = uInt(outPtr.count)
                    let s = inflate(&stream, Z_NO_FLUSH)
                    return (s, outPtr.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[0..<produced])
                if output.count > maxOutput { return nil }
                if status == Z_STREAM_END { return output }
                if status != Z_OK { return nil }
                if produced == 0 && stream.avail_in == 0 { return nil }
            }
        }
    }

    /// Whether a content type is worth compressing.
    public static func isCompressible(contentType: String) -> Bool {
        asciiHasPrefixIgnoringCase(contentType, "text/") || asciiContainsIgnoringCase(contentType, "json")
            || asciiContainsIgnoringCase(contentType, "javascript") || asciiContainsIgnoringCase(contentType, "xml")
            || asciiContainsIgnoringCase(contentType, "svg") || asciiHasPrefixIgnoringCase(contentType, "application/wasm")
            || asciiContainsIgnoringCase(contentType, "calendar") || asciiContainsIgnoringCase(contentType, "csv")
    }

    /// Whether an `Accept-Encoding` value accepts gzip (with a non-zero q-value).
    ///
    /// Any value is safe to pass, however malformed: what cannot be read is not an acceptance.
    public static func accepts(_ acceptEncoding: String?) -> Bool {
        guard let acceptEncoding, !acceptEncoding.isEmpty else { return false }
        var star = false
        for item in acceptEncoding.split(separator: ",") {
            let parts = item.split(separator: ";", omittingEmptySubsequences: false)
            guard let first = parts.first else { continue }
            let coding = first.trimmingSpaces()
            var q = 1.0
            for p in parts.dropFirst() {
                let kv = p.trimmingSpaces()
                if kv.count >= 2, kv.prefix(2).asciiCaseInsensitiveEquals("q=") {
                    q = qValue(kv.dropFirst(2)) ?? 0
                }
            }
            if coding.asciiCaseInsensitiveEquals("gzip") || coding.asciiCaseInsensitiveEquals("x-gzip") { return q > 0 }
            if coding == "*" { star = q > 0 }
        }
        return star
    }

    /// A q-value (RFC 9110 §12.4.2): `0`, `1` or `0.` followed by up to three digits; nil otherwise.
    static func qValue(_ text: Substring) -> Double? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "1"), bytes.count <= 5 else { return nil }
        if bytes.count == 1 { return first == UInt8(ascii: "1") ? 1 : 0 }
        guard bytes[1] == UInt8(ascii: "."), bytes.dropFirst(2).allSatisfy(isDigit) else { return nil }
        guard let value = Double(text), value <= 1 else { return nil }
        return value
    }
}
