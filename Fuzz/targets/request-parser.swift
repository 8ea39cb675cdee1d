// libFuzzer target: the HTTP/1.1 request parser (RequestParser, ChunkedDecoder, ByteBuffer)
// driven the way Connection drives it, with the Router deciding each body's limit.
//
// Each input is a byte stream from one client. It is parsed in one piece, a byte at a
// time and in two pseudo-random splits (seeded from the input, so a crash reproduces),
// under the production limits and under small ones. A failed invariant traps, which
// libFuzzer reports as a crash and saves the input.
@testable import HTTPServer

/// What the server would see, in order: a head, a body, or the error that closes the connection.
enum Event: Equatable {
    case head(method: String, target: String, minorVersion: Int, fields: [String])
    case body([UInt8])
    /// The head was answered before its body was read (404, 405, 400 from the router), then closed.
    case answeredBeforeBody(status: Int)
    case failure(status: Int)
}

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant failed: " + message()) }
}

/// Routes with different body limits, so the limit really depends on the head.
let router: Router = {
    let router = Router()
    router.post("/small", options: RouteOptions(bodyLimit: 16)) { Response(status: 200, body: $0.body) }
    router.post("/api/v1/referrals", options: RouteOptions(bodyLimit: 16 * 1024)) { Response(status: 201, body: $0.body) }
    router.get("/api/v1/groups/:id") { Response.text($0.parameter("id")) }
    router.get("/files/*rest") { Response.text($0.parameter("rest")) }
    router.put("/api/v1/groups/:id") { Response(status: 200, body: $0.body) }
    router.fallback = (handler: { _ in Response.text("fallback") }, execution: .eventLoop)
    router.defaultBodyLimit = 4096
    return router
}()

struct Limits {
    var parser: ParserLimits
    static let production = Limits(parser: ParserLimits())
    static let small: Limits = {
        var p = ParserLimits()
        p.maxHeaderBytes = 256
        p.maxTargetBytes = 64
        p.maxHeaderCount = 6
        return Limits(parser: p)
    }()
}

func isToken(_ text: String) -> Bool { !text.isEmpty && text.utf8.allSatisfy(isTokenChar) }

/// Checks what a parsed head promises to the rest of the server.
func checkHead(_ head: RequestHead, framing: RequestParser.BodyFraming, limits: ParserLimits) {
    check(isToken(head.method), "method \(head.method.debugDescription) is not a token")
    check(head.method.utf8.count <= RequestParser.maxMethodBytes, "method too long")
    check(head.target.utf8.first == UInt8(ascii: "/") || head.target == "*", "target \(head.target.debugDescription) is not origin-form")
    check(head.target.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "target holds a control, space or non-ASCII byte")
    check(head.target.utf8.count <= limits.maxTargetBytes, "target longer than the limit")
    check(head.minorVersion == 0 || head.minorVersion == 1, "minor version \(head.minorVersion)")
    check(head.headers.fields.count <= limits.maxHeaderCount, "more fields than the limit")
    for (name, value) in head.headers {
        check(isToken(name), "field name \(name.debugDescription) is not a token")
        check(!value.utf8.contains { ($0 < 0x20 && $0 != 9) || $0 == 0x7F }, "field value holds a control byte")
        check(value.utf8.first != 32 && value.utf8.first != 9 && value.utf8.last != 32 && value.utf8.last != 9, "field value not trimmed")
    }
    let hosts = head.headers.values("Host")
    check(hosts.count <= 1, "more than one Host")
    if head.minorVersion == 1 { check(hosts.count == 1, "HTTP/1.1 without Host") }
    let lengths = head.headers.values("Content-Length"), codings = head.headers.values("Transfer-Encoding")
    check(lengths.isEmpty || codings.isEmpty, "both Content-Length and Transfer-Encoding accepted")
    switch framing {
    case .chunked:
        check(codings.count == 1 && head.minorVersion == 1, "chunked framing without exactly one Transfer-Encoding")
    case .length(let n):
        check(n > 0 && codings.isEmpty && !lengths.isEmpty, "length framing without Content-Length")
        for field in lengths {
            for part in field.split(separator: ",", omittingEmptySubsequences: false) {
                check(Int(part.trimmingSpaces()) == n, "Content-Length \(field) does not agree with framing \(n)")
            }
        }
    case .none:
        check(codings.isEmpty, "Transfer-Encoding without chunked framing")
        for field in lengths {
            for part in field.split(separator: ",", omittingEmptySubsequences: false) {
                check(Int(part.trimmingSpaces()) == 0, "a non-zero Content-Length \(field) without a body")
            }
        }
    }
}

/// Feeds `pieces` to one parser as successive reads, the way Connection.processInput does.
func run(_ data: [UInt8], cuts: [Int], limits: Limits) -> [Event] {
    var parser = RequestParser(limits: limits.parser)
    var buffer = ByteBuffer()
    var events: [Event] = []
    var framing = RequestParser.BodyFraming.none
    var bodyLimit = 0
    var head: RequestHead?
    var consumed = 0
    var start = 0
    for end in cuts + [data.count] where end > start {
        data[start..<end].withUnsafeBytes { buffer.append($0) }
        consumed += end - start
        start = end
        while true {
            let before = buffer.readableCount
            let step = parser.parse(&buffer)
            check(buffer.readableCount <= before, "the parser grew the buffer")
            switch step {
            case .needMore:
                // What a client can make the server hold while it waits is bounded.
                check(buffer.readableCount <= max(limits.parser.maxHeaderBytes + 4, 8 * 1024 + 2),
                      "\(buffer.readableCount) bytes held while waiting for more")
                if parser.isIdle { check(buffer.readableCount <= 1, "an idle parser holds \(buffer.readableCount) bytes") }
            case .head(let h):
                framing = parser.pendingFraming ?? .none
                checkHead(h, framing: framing, limits: limits.parser)
                events.append(.head(method: h.method, target: h.target, minorVersion: h.minorVersion,
                                    fields: h.headers.map { "\($0.name): \($0.value)" }))
                let route = router.resolve(h)
                if route.answersBeforeBody && framing != .none {
                    let response = route.run(Request(head: h, body: []))
                    check((400..<500).contains(response.status), "an early answer \(response.status)")
                    events.append(.answeredBeforeBody(status: response.status))
                    return events
                }
                bodyLimit = route.bodyLimit
                if let error = parser.beginBody(limit: bodyLimit) {
                    check(error.status == 413, "beginBody failed with \(error.status)")
                    if case .length(let n) = framing { check(n > bodyLimit, "413 for \(n) ≤ \(bodyLimit)") }
                    events.append(.failure(status: error.status))
                    return events
                }
                head = h
                continue
            case .body(let body):
                check(body.count <= bodyLimit, "a body of \(body.count) bytes over the limit \(bodyLimit)")
                if case .length(let n) = framing { check(body.count == n, "a body of \(body.count) bytes for Content-Length \(n)") }
                if framing == .none { check(body.isEmpty, "a body without framing") }
                guard let h = head else { fatalError("invariant failed: a body without a head") }
                let response = router.resolve(h).run(Request(head: h, body: body))
                check(response.status != 500, "the router answered 500")
                events.append(.body(body))
                head = nil
                continue
            case .failure(let error):
                check([400, 413, 414, 417, 431, 501, 505].contains(error.status), "unexpected failure status \(error.status): \(error.reason)")
                events.append(.failure(status: error.status))
                return events
            }
            break
        }
    }
    check(consumed == data.count, "not every byte was offered")
    return events
}

/// A small deterministic generator (SplitMix64) seeded from the input.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func fnv1a(_ data: [UInt8]) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in data { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
    return h
}

/// Cut points for one pseudo-random split: mostly small reads, sometimes large ones.
func randomCuts(_ count: Int, _ rng: inout SplitMix) -> [Int] {
    var cuts: [Int] = []
    var at = 0
    while at < count {
        let r = rng.next()
        let step = r & 3 == 0 ? Int((r >> 8) % 512) + 1 : Int((r >> 8) % 8) + 1
        at += step
        if at < count { cuts.append(at) }
    }
    return cuts
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = count == 0 ? [] : Array(UnsafeBufferPointer(start: start, count: count))
    var rng = SplitMix(state: fnv1a(data))
    for limits in [Limits.production, Limits.small] {
        let whole = run(data, cuts: [], limits: limits)
        var splits: [[Int]] = [randomCuts(data.count, &rng), randomCuts(data.count, &rng)]
        if data.count <= 4096 { splits.append(Array(0..<data.count)) }
        for cuts in splits {
            let pieces = run(data, cuts: cuts, limits: limits)
            check(pieces == whole, "in one piece \(whole) but split at \(cuts.prefix(20))…: \(pieces)")
        }
    }
    return 0
}
