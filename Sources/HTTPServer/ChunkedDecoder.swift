/// Decodes a chunked request body (RFC 9112 §7.1), incrementally and strictly.
struct ChunkedDecoder {
    enum Result {
        case needMore
        case done
        case failure(ParseError)
    }

    private enum State {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailer(fields: Int)
    }

    private var state: State = .size
    /// The longest chunk-size line (size and extensions) we accept.
    private let maxLineBytes = 1024
    private let maxTrailerFields = 32

    mutating func decode(_ buffer: inout ByteBuffer, into body: inout [UInt8], limit: Int) -> Result {
        while true {
            switch state {
            case .size:
                guard let line = takeLine(&buffer) else {
                    if buffer.readableCount > maxLineBytes { return .failure(ParseError(400, "A chunk-size line is too long.")) }
                    return .needMore
                }
                guard let line = line else { return .failure(ParseError(400, "A chunk-size line has a bare CR or LF.")) }
                guard let size = Self.chunkSize(line) else { return .failure(ParseError(400, "A chunk size is invalid.")) }
                if size == 0 {
                    state = .trailer(fields: 0)
                } else {
                    if body.count + size > limit { return .failure(ParseError(413, "The body is larger than \(limit) bytes.")) }
                    state = .data(remaining: size)
                }
            case .data(let remaining):
                let take = min(remaining, buffer.readableCount)
                if take == 0 { return .needMore }
                body.append(contentsOf: buffer.bytes(0..<take))
                buffer.consume(take)
                state = remaining == take ? .dataEnd : .data(remaining: remaining - take)
            case .dataEnd:
                guard buffer.readableCount >= 2 else { return .needMore }
                guard buffer[0] == 13 && buffer[1] == 10 else { return .failure(ParseError(400, "Chunk data is not followed by CRLF.")) }
                buffer.consume(2)
                state = .size
            case .trailer(let fields):
                guard let line = takeLine(&buffer) else {
                    if buffer.readableCount > maxLineBytes * 8 { return .failure(ParseError(431, "The trailer section is too large.")) }
                    return .needMore
                }
                guard let line = line else { return .failure(ParseError(400, "A trailer line has a bare CR or LF.")) }
                if line.isEmpty { return .done }
                if fields >= maxTrailerFields { return .failure(ParseError(431, "Too many trailer fields.")) }
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                    line[line.startIndex..<colon].allSatisfy(isTokenChar),
                    !line.contains(where: { ($0 < 0x20 && $0 != 9) || $0 == 0x7F })
                else {
                    return .failure(ParseError(400, "A trailer field is malformed."))
                }
                state = .trailer(fields: fields + 1)
            }
        }
    }

    /// The next CRLF-terminated line without its CRLF; `.some(nil)` when it holds a bare CR or LF; nil when incomplete.
    private func takeLine(_ buffer: inout ByteBuffer) -> [UInt8]?? {
        let count = min(buffer.readableCount, maxLineBytes + 2)
        var i = 0
        while i < count {
            let c = buffer[i]
            if c == 10 { return .some(nil) }
            if c == 13 {
                guard i + 1 < buffer.readableCount else { return nil }
                guard buffer[i + 1] == 10 else { return .some(nil) }
                let line = Array(buffer.bytes(0..<i))
                buffer.consume(i + 2)
                return .some(line)
            }
            i += 1
        }
        return nil
    }

    /// The chunk size from `1*HEXDIG [ chunk-ext ]`, or nil when malformed.
    static func chunkSize(_ line: [UInt8]) -> Int? {
        var size = 0
        var digits = 0
        var i = 0
        while i < line.count, let v = PercentDecoding.hexValue(line[i]) {
            digits += 1
            if digits > 15 { return nil }
            size = size << 4 | Int(v)
            i += 1
        }
        guard digits > 0 else { return nil }
        // The rest may only be chunk extensions: BWS ";" name [ "=" value ]
        let rest = line[i...]
        if rest.isEmpty { return size }
        var trimmed = rest.drop { $0 == 32 || $0 == 9 }
        guard trimmed.first == UInt8(ascii: ";") else { return nil }
        trimmed = trimmed.dropFirst()
        guard !trimmed.contains(where: { ($0 < 0x20 && $0 != 9) || $0 == 0x7F }) else { return nil }
        return size
    }
}
