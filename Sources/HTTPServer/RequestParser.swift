/// Why a request could not be parsed: the status to answer before closing.
public struct ParseError: Error, Equatable, Sendable {
    public var status: Int
    public var reason: String
    public init(_ status: Int, _ reason: String) {
        self.status = status
        self.reason = reason
    }
}

/// The limits a parser enforces; they are fields of `ServerConfiguration`.
public struct ParserLimits: Sendable {
    /// The largest request head (request line and header fields), answered 431 beyond.
    public var maxHeaderBytes = 16 * 1024
    /// The longest request target, answered 414 beyond.
    public var maxTargetBytes = 8 * 1024
    /// The most header fields in one request, answered 431 beyond.
    public var maxHeaderCount = 100
    public init() {}
}

/// An incremental, strict HTTP/1.1 request parser (RFC 9112).
///
/// It rejects what is ambiguous instead of guessing, because two parsers that
/// guess differently are what request smuggling exploits. The request line is
/// checked as soon as it is complete, and the target's length byte by byte, so that
/// a long target is answered 414 (not 431) and garbage is refused before the rest of
/// a head arrives. Every refusal is decided at the byte that causes it, so the answer
/// is the same however the bytes were split into reads (Fuzz/ checks this).
struct RequestParser {
    enum Step {
        case needMore
        /// A head was parsed; call `beginBody(limit:)` and parse again.
        case head(RequestHead)
        /// The body of the current request is complete.
        case body([UInt8])
        case failure(ParseError)
    }

    private enum State {
        case head
        case awaitingBodyDecision(BodyFraming)
        case fixed(remaining: Int)
        case chunked(ChunkedDecoder)
    }

    enum BodyFraming: Equatable {
        case none
        case length(Int)
        case chunked
    }

    /// The parts of a valid request line.
    private struct RequestLine {
        var method: String
        var target: String
        var minorVersion: Int
    }

    /// Methods longer than this are refused before the rest of the request line arrives.
    static let maxMethodBytes = 32

    let limits: ParserLimits
    private var state: State = .head
    /// Bytes of the current head already scanned; they stay in the buffer until the head is complete.
    private var scanned = 0
    /// The offset of the CR that ends the request line, once seen.
    private var lineEnd = -1
    /// Whether the space after the method has been seen.
    private var methodSeen = false
    /// Where the request target starts, and whether the space after it has been seen.
    private var targetStart = 0
    private var targetEnded = false
    private var requestLine: RequestLine?
    /// The body being received; kept outside `state` so that appending never copies it.
    private var body: [UInt8] = []
    private var bodyLimit = 0

    init(limits: ParserLimits) {
        self.limits = limits
    }

    /// Whether the parser is between requests, with nothing of the next one consumed.
    var isIdle: Bool {
        if case .head = state { return scanned == 0 }
        return false
    }

    /// The framing of the head just parsed.
    var pendingFraming: BodyFraming? {
        if case .awaitingBodyDecision(let framing) = state { return framing }
        return nil
    }

    /// Ends the request of the head just returned when it has no body, ready for the next head.
    mutating func endWithoutBody() -> Bool {
        guard case .awaitingBodyDecision(.none) = state else { return false }
        state = .head
        return true
    }

    /// Accepts the body of the head just returned, up to `limit` bytes.
    mutating func beginBody(limit: Int) -> ParseError? {
        guard case .awaitingBodyDecision(let framing) = state else { return nil }
        bodyLimit = limit
        switch framing {
        case .none:
            state = .fixed(remaining: 0)
        case .length(let n):
            if n > limit { return ParseError(413, "The body is larger than \(limit) bytes.") }
            // Reserve only a little: a client may announce a large body and never send it.
            body.reserveCapacity(min(n, 16 * 1024))
            state = .fixed(remaining: n)
        case .chunked:
            state = .chunked(ChunkedDecoder())
        }
        return nil
    }

    mutating func parse(_ buffer: inout ByteBuffer) -> Step {
        switch state {
        case .head:
            return parseHead(&buffer)
        case .awaitingBodyDecision:
            return .needMore
        case .fixed(let remaining):
            let take = min(remaining, buffer.readableCount)
            if take > 0 {
                buffer.withReadableBytes { body.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<take])) }
                buffer.consume(take)
            }
            if remaining == take { return finishBody() }
            state = .fixed(remaining: remaining - take)
            return .needMore
        case .chunked(var decoder):
            switch decoder.decode(&buffer, into: &body, limit: bodyLimit) {
            case .needMore:
                state = .chunked(decoder)
                return .needMore
            case .done:
                return finishBody()
            case .failure(let error):
                body = []
                return .failure(error)
            }
        }
    }

    private mutating func finishBody() -> Step {
        state = .head
        let complete = body
        body = []
        return .body(complete)
    }

    // MARK: - Head

    private mutating func parseHead(_ buffer: inout ByteBuffer) -> Step {
        if scanned == 0 {
            // Ignore empty lines before a request line (RFC 9112 §2.2).
            while buffer.readableCount >= 2 && buffer[0] == 13 && buffer[1] == 10 { buffer.consume(2) }
            if buffer.readableCount == 1 && buffer[0] == 13 { return .needMore }
        }
        let count = buffer.readableCount
        let maxHead = limits.maxHeaderBytes + 4
        let scanLimit = min(count, maxHead)
        var end = -1
        let scanError: ParseError? = buffer.withReadableBytes { b in
            var i = max(0, scanned - 1)
            while i < scanLimit {
                let c = b[i]
                if !methodSeen && c != 13 && c != 10 {
                    if c == 32 {
                        if i == 0 { return ParseError(400, "The request line is malformed.") }
                        methodSeen = true
                        targetStart = i + 1
                    } else if !isTokenChar(c) {
                        return ParseError(400, "The request line is malformed.")
                    } else if i >= Self.maxMethodBytes {
                        return ParseError(400, "The method is longer than \(Self.maxMethodBytes) bytes.")
                    }
                } else if methodSeen && !targetEnded && lineEnd < 0 && i >= targetStart && c != 13 && c != 10 {
                    // Decided at this byte, so that the answer never depends on how the line was split into reads.
                    if c == 32 {
                        targetEnded = true
                    } else if i - targetStart >= limits.maxTargetBytes {
                        return ParseError(414, "The request target is longer than \(limits.maxTargetBytes) bytes.")
                    }
                }
                if c == 10 {
                    guard i > 0 && b[i - 1] == 13 else { return ParseError(400, "A line ends with a bare LF.") }
                    if lineEnd < 0 {
                        lineEnd = i - 1
                        switch Self.parseRequestLine(UnsafeBufferPointer(rebasing: b[0..<lineEnd]), limits: limits) {
                        case .success(let line): requestLine = line
                        case .failure(let error): return error
                        }
                    } else if b[i - 2] == 10 {
                        end = i + 1
                        return nil
                    }
                } else if c == 13 {
                    // Only within the limit: a byte beyond it must not change the answer.
                    if i + 1 < scanLimit && b[i + 1] != 10 { return ParseError(400, "A bare CR is not allowed.") }
                } else if c == 0 {
                    return ParseError(400, "NUL is not allowed in a request head.")
                }
                i += 1
            }
            return nil
        }
        if let scanError { return .failure(scanError) }
        if end < 0 {
            if count >= maxHead {
                return .failure(ParseError(431, "The request head is larger than \(limits.maxHeaderBytes) bytes."))
            }
            scanned = count
            return .needMore
        }
        guard let line = requestLine else { return .failure(ParseError(400, "The request line is missing.")) }
        let fields = buffer.withReadableBytes { b in
            Self.parseFields(UnsafeBufferPointer(rebasing: b[(lineEnd + 2)..<(end - 2)]), minorVersion: line.minorVersion, limits: limits)
        }
        buffer.consume(end)
        scanned = 0
        lineEnd = -1
        methodSeen = false
        targetStart = 0
        targetEnded = false
        requestLine = nil
        switch fields {
        case .success(let (headers, framing)):
            state = .awaitingBodyDecision(framing)
            return .head(RequestHead(method: line.method, target: line.target, minorVersion: line.minorVersion, headers: headers))
        case .failure(let error):
            return .failure(error)
        }
    }

    /// `method SP request-target SP HTTP-version`, without its CRLF.
    private static func parseRequestLine(_ b: UnsafeBufferPointer<UInt8>, limits: ParserLimits) -> Result<RequestLine, ParseError> {
        let malformed = ParseError(400, "The request line is malformed.")
        guard let sp1 = b.firstIndex(of: 32) else { return .failure(malformed) }
        guard let sp2 = b[(sp1 + 1)...].firstIndex(of: 32) else {
            if b.count - sp1 - 1 > limits.maxTargetBytes {
                return .failure(ParseError(414, "The request target is longer than \(limits.maxTargetBytes) bytes."))
            }
            return .failure(malformed)
        }
        let method = b[0..<sp1], target = b[(sp1 + 1)..<sp2], version = b[(sp2 + 1)...]
        guard !method.isEmpty, method.allSatisfy(isTokenChar) else { return .failure(ParseError(400, "The method is not a valid token.")) }
        guard !target.isEmpty else { return .failure(ParseError(400, "The request target is empty.")) }
        if target.count > limits.maxTargetBytes {
            return .failure(ParseError(414, "The request target is longer than \(limits.maxTargetBytes) bytes."))
        }
        guard !version.contains(32) else { return .failure(malformed) }
        guard target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(ParseError(400, "The request target holds a control character, a space or a non-ASCII byte."))
        }
        let minor: Int
        let v = UnsafeBufferPointer(rebasing: version)
        if v.count == 8, v[0] == 72, v[1] == 84, v[2] == 84, v[3] == 80, v[4] == 47,
            isDigit(v[5]), v[6] == UInt8(ascii: "."), isDigit(v[7])
        {
            let major = v[5] - 48, minorDigit = Int(v[7] - 48)
            // RFC 9112 §2.3: a higher minor version of HTTP/1 is handled as the highest we implement.
            guard major == 1 else { return .failure(ParseError(505, "Only HTTP/1.0 and HTTP/1.1 are supported.")) }
            minor = min(minorDigit, 1)
        } else {
            return .failure(ParseError(400, "The HTTP version is malformed."))
        }
        let methodText = String(decoding: UnsafeBufferPointer(rebasing: method), as: UTF8.self)
        var targetText = String(decoding: UnsafeBufferPointer(rebasing: target), as: UTF8.self)
        if target.first != UInt8(ascii: "/") {
            if targetText == "*" {
                guard methodText == "OPTIONS" else { return .failure(ParseError(400, "The asterisk target is only for OPTIONS.")) }
            } else if let origin = originForm(ofAbsolute: targetText) {
                targetText = origin
            } else {
                return .failure(ParseError(400, "The request target must be an absolute path."))
            }
        }
        return .success(RequestLine(method: methodText, target: targetText, minorVersion: minor))
    }

    /// The header fields (each line ending in CRLF; no bare CR or LF, checked before) and the body framing they imply.
    private static func parseFields(_ b: UnsafeBufferPointer<UInt8>, minorVersion: Int, limits: ParserLimits) -> Result<(HTTPHeaders, BodyFraming), ParseError>
    {
        var fields: [(name: String, value: String)] = []
        var hosts = 0
        var hostValue: ArraySlice<UInt8> = []
        var transferEncodings: [String] = []
        var contentLengths: [String] = []
        var p = 0
        while p < b.count {
            var q = p
            while b[q] != 13 { q += 1 }
            if fields.count >= limits.maxHeaderCount {
                return .failure(ParseError(431, "More than \(limits.maxHeaderCount) header fields."))
            }
            let first = b[p]
            if first == 32 || first == 9 { return .failure(ParseError(400, "Obsolete line folding is not allowed.")) }
            var colon = p
            while colon < q && b[colon] != 58 { colon += 1 }
            guard colon < q else { return .failure(ParseError(400, "A header line has no colon.")) }
            guard colon > p else { return .failure(ParseError(400, "A header name is empty.")) }
            let last = b[colon - 1]
            if last == 32 || last == 9 { return .failure(ParseError(400, "Whitespace before a header's colon is not allowed.")) }
            for k in p..<colon where !isTokenChar(b[k]) {
                return .failure(ParseError(400, "A header name holds an invalid character."))
            }
            var vs = colon + 1
            while vs < q && (b[vs] == 32 || b[vs] == 9) { vs += 1 }
            var ve = q
            while ve > vs && (b[ve - 1] == 32 || b[ve - 1] == 9) { ve -= 1 }
            for k in vs..<ve {
                let c = b[k]
                if (c < 0x20 && c != 9) || c == 0x7F { return .failure(ParseError(400, "A header value holds a control character.")) }
            }
            let name = UnsafeBufferPointer(rebasing: b[p..<colon])
            let value = UnsafeBufferPointer(rebasing: b[vs..<ve])
            let valueText = String(decoding: value, as: UTF8.self)
            if equalsIgnoringCase(name, "host") {
                hosts += 1
                hostValue = ArraySlice(value)
            } else if equalsIgnoringCase(name, "content-length") {
                contentLengths.append(valueText)
            } else if equalsIgnoringCase(name, "transfer-encoding") {
                transferEncodings.append(valueText)
            }
            fields.append((name: String(decoding: name, as: UTF8.self), value: valueText))
            p = q + 2
        }

        if hosts > 1 { return .failure(ParseError(400, "More than one Host header.")) }
        if minorVersion == 1 && hosts == 0 { return .failure(ParseError(400, "HTTP/1.1 requires a Host header.")) }
        if hostValue.contains(where: { $0 == 32 || $0 == 9 || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "\\") }) {
            return .failure(ParseError(400, "The Host header is malformed."))
        }

        let framing: BodyFraming
        if !transferEncodings.isEmpty {
            if !contentLengths.isEmpty {
                return .failure(ParseError(400, "Both Content-Length and Transfer-Encoding are present."))
            }
            if minorVersion == 0 {
                return .failure(ParseError(400, "Transfer-Encoding is not allowed in HTTP/1.0."))
            }
            let codings = transferEncodings.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }.map { $0.trimmingSpaces() }
            // RFC 9112 §6.3: without chunked last the length cannot be known (400); §6.1: a coding this
            // server does not implement before it is 501. Either way the connection closes.
            guard !codings.contains(where: \.isEmpty), let last = codings.last, last.asciiCaseInsensitiveEquals("chunked") else {
                return .failure(ParseError(400, "Transfer-Encoding must end with chunked."))
            }
            if codings.count > 1 {
                if codings.dropLast().contains(where: { $0.asciiCaseInsensitiveEquals("chunked") }) {
                    return .failure(ParseError(400, "chunked may be applied only once."))
                }
                return .failure(ParseError(501, "Only the chunked transfer coding is implemented."))
            }
            framing = .chunked
        } else if !contentLengths.isEmpty {
            var length: Int?
            // One number per field; a list (`1000,1000`) is refused, as intermediaries disagree on it.
            for field in contentLengths {
                let text = field.trimmingSpaces()
                guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy(isDigit), let n = Int(text) else {
                    return .failure(ParseError(400, "Content-Length must be one number."))
                }
                if let length, length != n {
                    return .failure(ParseError(400, "Content-Length values differ."))
                }
                length = n
            }
            let n = length ?? 0
            framing = n > 0 ? .length(n) : .none
        } else {
            framing = .none
        }
        return .success((HTTPHeaders(fields: fields), framing))
    }

    /// Whether ASCII bytes equal a lower-case ASCII name, ignoring case.
    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lower: StaticString) -> Bool {
        guard bytes.count == lower.utf8CodeUnitCount else { return false }
        let expected = lower.utf8Start
        for i in 0..<bytes.count {
            let c = bytes[i]
            let folded = (c >= 65 && c <= 90) ? c | 0x20 : c
            if folded != expected[i] { return false }
        }
        return true
    }

    /// `http://host/path?q` → `/path?q`; nil for anything else.
    static func originForm(ofAbsolute target: String) -> String? {
        let rest: Substring
        if target.utf8.count >= 7 && target.prefix(7).asciiCaseInsensitiveEquals("http://") {
            rest = target.dropFirst(7)
        } else if target.utf8.count >= 8 && target.prefix(8).asciiCaseInsensitiveEquals("https://") {
            rest = target.dropFirst(8)
        } else {
            return nil
        }
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        guard slash > rest.startIndex else { return nil }  // no authority
        let path = rest[slash...]
        return path.first == "?" ? "/" + path : String(path)
    }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

/// tchar from RFC 9110 §5.6.2.
@inline(__always) func isTokenChar(_ c: UInt8) -> Bool {
    switch c {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
        UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
        UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
        return true
    default:
        return false
    }
}
