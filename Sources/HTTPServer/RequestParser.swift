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
    public var maxHeaderBytes = 16 * 1024
    public var maxTargetBytes = 8 * 1024
    public var maxHeaderCount = 100
    public init() {}
}

/// An incremental, strict HTTP/1.1 request parser (RFC 9112).
///
/// It rejects what is ambiguous instead of guessing, because two parsers that
/// guess differently are what request smuggling exploits.
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
        case head(scanned: Int)
        case awaitingBodyDecision(BodyFraming)
        case fixed(remaining: Int, body: [UInt8])
        case chunked(ChunkedDecoder, body: [UInt8])
    }

    enum BodyFraming: Equatable {
        case none
        case length(Int)
        case chunked
    }

    let limits: ParserLimits
    private var state: State = .head(scanned: 0)
    private var bodyLimit = 0

    init(limits: ParserLimits) {
        self.limits = limits
    }

    /// Whether the parser is between requests, with nothing of the next one consumed.
    var isIdle: Bool {
        if case .head(let scanned) = state { return scanned == 0 }
        return false
    }

    /// The framing of the head just parsed.
    var pendingFraming: BodyFraming? {
        if case .awaitingBodyDecision(let framing) = state { return framing }
        return nil
    }

    /// Accepts the body of the head just returned, up to `limit` bytes.
    mutating func beginBody(limit: Int) -> ParseError? {
        guard case .awaitingBodyDecision(let framing) = state else { return nil }
        bodyLimit = limit
        switch framing {
        case .none:
            state = .fixed(remaining: 0, body: [])
        case .length(let n):
            if n > limit { return ParseError(413, "The body is larger than \(limit) bytes.") }
            var body: [UInt8] = []
            body.reserveCapacity(n)
            state = .fixed(remaining: n, body: body)
        case .chunked:
            state = .chunked(ChunkedDecoder(), body: [])
        }
        return nil
    }

    mutating func parse(_ buffer: inout ByteBuffer) -> Step {
        switch state {
        case .head(let scanned):
            return parseHead(&buffer, scanned: scanned)
        case .awaitingBodyDecision:
            return .needMore
        case .fixed(let remaining, var body):
            let take = min(remaining, buffer.readableCount)
            if take > 0 {
                body.append(contentsOf: buffer.bytes(0..<take))
                buffer.consume(take)
            }
            if remaining - take == 0 {
                state = .head(scanned: 0)
                return .body(body)
            }
            state = .fixed(remaining: remaining - take, body: body)
            return .needMore
        case .chunked(var decoder, var body):
            state = .head(scanned: 0) // placeholder while we own the body
            let result = decoder.decode(&buffer, into: &body, limit: bodyLimit)
            switch result {
            case .needMore:
                state = .chunked(decoder, body: body)
                return .needMore
            case .done:
                state = .head(scanned: 0)
                return .body(body)
            case .failure(let error):
                return .failure(error)
            }
        }
    }

    // MARK: - Head

    private mutating func parseHead(_ buffer: inout ByteBuffer, scanned: Int) -> Step {
        // Ignore empty lines before a request line (RFC 9112 §2.2).
        if scanned == 0 {
            while buffer.readableCount >= 2 && buffer[0] == 13 && buffer[1] == 10 { buffer.consume(2) }
            if buffer.readableCount == 1 && buffer[0] == 13 { return .needMore }
        }
        let count = buffer.readableCount
        var i = max(0, scanned - 3)
        var end = -1
        var firstLineEnd = -1
        while i < count {
            let c = buffer[i]
            if c == 10 {
                guard i > 0 && buffer[i - 1] == 13 else { return fail(400, "A line ends with a bare LF.") }
                if firstLineEnd < 0 { firstLineEnd = i - 1 }
                if i >= 3 && buffer[i - 2] == 10 && buffer[i - 3] == 13 { end = i + 1; break }
            } else if c == 13 {
                if i + 1 < count && buffer[i + 1] != 10 { return fail(400, "A bare CR is not allowed.") }
            } else if c == 0 {
                return fail(400, "NUL is not allowed in a request head.")
            }
            i += 1
        }
        if end < 0 {
            if firstLineEnd < 0, count > limits.maxTargetBytes + 64 {
                return fail(414, "The request target is longer than \(limits.maxTargetBytes) bytes.")
            }
            if count > limits.maxHeaderBytes {
                return fail(431, "The request head is larger than \(limits.maxHeaderBytes) bytes.")
            }
            state = .head(scanned: count)
            return .needMore
        }
        if end > limits.maxHeaderBytes + 4 {
            if firstLineEnd > limits.maxTargetBytes + 64 {
                return fail(414, "The request target is longer than \(limits.maxTargetBytes) bytes.")
            }
            return fail(431, "The request head is larger than \(limits.maxHeaderBytes) bytes.")
        }
        let bytes = Array(buffer.bytes(0..<end))
        buffer.consume(end)
        switch Self.parseHeadBytes(bytes, limits: limits) {
        case .success(let (head, framing)):
            state = .awaitingBodyDecision(framing)
            return .head(head)
        case .failure(let error):
            return .failure(error)
        }
    }

    private mutating func fail(_ status: Int, _ reason: String) -> Step {
        .failure(ParseError(status, reason))
    }

    /// Parses a complete head (ending in CRLF CRLF) that has no bare CR or LF.
    static func parseHeadBytes(_ bytes: [UInt8], limits: ParserLimits) -> Result<(RequestHead, BodyFraming), ParseError> {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 13 && bytes[i + 1] == 10 {
                lines.append(bytes[start..<i])
                start = i + 2
                i += 2
            } else {
                i += 1
            }
        }
        guard let requestLine = lines.first else { return .failure(ParseError(400, "The request line is missing.")) }
        let fieldLines = lines.dropFirst().dropLast() // the last line is the empty one
        if fieldLines.count > limits.maxHeaderCount {
            return .failure(ParseError(431, "More than \(limits.maxHeaderCount) header fields."))
        }

        // Request line: method SP target SP version
        let parts = requestLine.split(separator: 32, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return .failure(ParseError(400, "The request line is malformed.")) }
        let methodBytes = parts[0], targetBytes = parts[1], versionBytes = parts[2]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(isTokenChar) else {
            return .failure(ParseError(400, "The method is not a valid token."))
        }
        guard !targetBytes.isEmpty else { return .failure(ParseError(400, "The request target is empty.")) }
        if targetBytes.count > limits.maxTargetBytes {
            return .failure(ParseError(414, "The request target is longer than \(limits.maxTargetBytes) bytes."))
        }
        guard targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(ParseError(400, "The request target holds a control character, a space or a non-ASCII byte."))
        }
        let minor: Int
        switch Array(versionBytes) {
        case Array("HTTP/1.1".utf8): minor = 1
        case Array("HTTP/1.0".utf8): minor = 0
        default:
            let v = Array(versionBytes)
            if v.count == 8, v.starts(with: Array("HTTP/".utf8)), isDigit(v[5]), v[6] == UInt8(ascii: "."), isDigit(v[7]) {
                return .failure(ParseError(505, "Only HTTP/1.0 and HTTP/1.1 are supported."))
            }
            return .failure(ParseError(400, "The HTTP version is malformed."))
        }
        let method = String(decoding: methodBytes, as: UTF8.self)
        var target = String(decoding: targetBytes, as: UTF8.self)
        if target.first != "/" {
            if target == "*" {
                guard method == "OPTIONS" else { return .failure(ParseError(400, "The asterisk target is only for OPTIONS.")) }
            } else if let origin = originForm(ofAbsolute: target) {
                target = origin
            } else {
                return .failure(ParseError(400, "The request target must be an absolute path."))
            }
        }

        // Header fields
        var headers = HTTPHeaders()
        for line in fieldLines {
            guard let first = line.first else { continue }
            if first == 32 || first == 9 {
                return .failure(ParseError(400, "Obsolete line folding is not allowed."))
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                return .failure(ParseError(400, "A header line has no colon."))
            }
            let name = line[line.startIndex..<colon]
            guard !name.isEmpty else { return .failure(ParseError(400, "A header name is empty.")) }
            guard name.allSatisfy(isTokenChar) else {
                if let last = name.last, last == 32 || last == 9 {
                    return .failure(ParseError(400, "Whitespace before a header's colon is not allowed."))
                }
                return .failure(ParseError(400, "A header name holds an invalid character."))
            }
            var value = line[(colon + 1)...]
            while let f = value.first, f == 32 || f == 9 { value = value.dropFirst() }
            while let l = value.last, l == 32 || l == 9 { value = value.dropLast() }
            if value.contains(where: { ($0 < 0x20 && $0 != 9) || $0 == 0x7F }) {
                return .failure(ParseError(400, "A header value holds a control character."))
            }
            headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
        }

        let hosts = headers.values("Host")
        if hosts.count > 1 { return .failure(ParseError(400, "More than one Host header.")) }
        if minor == 1 && hosts.isEmpty { return .failure(ParseError(400, "HTTP/1.1 requires a Host header.")) }
        if let host = hosts.first, host.utf8.contains(where: { $0 == 32 || $0 == 9 || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "@") }) {
            return .failure(ParseError(400, "The Host header is malformed."))
        }

        let framing: BodyFraming
        let transferEncodings = headers.values("Transfer-Encoding")
        let contentLengths = headers.values("Content-Length")
        if !transferEncodings.isEmpty {
            if !contentLengths.isEmpty {
                return .failure(ParseError(400, "Both Content-Length and Transfer-Encoding are present."))
            }
            if minor == 0 {
                return .failure(ParseError(400, "Transfer-Encoding is not allowed in HTTP/1.0."))
            }
            let codings = transferEncodings.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .map { $0.trimmingSpaces() }
            guard codings.count == 1, codings[0].asciiCaseInsensitiveEquals("chunked") else {
                return .failure(ParseError(400, "Only a single chunked transfer coding is accepted."))
            }
            framing = .chunked
        } else if !contentLengths.isEmpty {
            var length: Int?
            for field in contentLengths {
                for part in field.split(separator: ",", omittingEmptySubsequences: false) {
                    let text = part.trimmingSpaces()
                    guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy(isDigit), let n = Int(text) else {
                        return .failure(ParseError(400, "Content-Length is malformed."))
                    }
                    if let length, length != n {
                        return .failure(ParseError(400, "Content-Length values differ."))
                    }
                    length = n
                }
            }
            framing = (length ?? 0) > 0 ? .length(length!) : .none
        } else {
            framing = .none
        }

        return .success((RequestHead(method: method, target: target, minorVersion: minor, headers: headers), framing))
    }

    /// `http://host/path?q` → `/path?q`; nil for anything else.
    static func originForm(ofAbsolute target: String) -> String? {
        let lower = target.lowercased()
        let rest: Substring
        if lower.hasPrefix("http://") {
            rest = target.dropFirst(7)
        } else if lower.hasPrefix("https://") {
            rest = target.dropFirst(8)
        } else {
            return nil
        }
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
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
