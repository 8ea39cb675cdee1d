/// Answers that are the same for every plain request of their path, kept with their head serialized.
///
/// A route marked `sameForEveryone` (and the router's fallback, when it is marked so) promises that
/// its answer to a plain GET or HEAD depends only on the method, the path and whether the client takes
/// gzip. The first such request is answered the normal way and its answer is kept, serialized up to
/// `Date`; the same request in the next `lifetime` seconds is answered from it, without routing, the
/// middlewares, the handler or serialization — two thirds of the server's own work for a static file.
///
/// A request is plain when it has no query and every header it sends is one that no such answer
/// reads (`isIgnorable`): a conditional request, a range, a credential, a cookie, an `Origin` or a
/// body takes the normal way, and only `200` answers are kept. Each event
/// loop keeps its own, so nothing is shared between threads.
final class SameAnswers {
    struct Key: Hashable {
        var path: String
        var isHead: Bool
        var gzip: Bool
    }

    /// A `200` answer ready to send: its status line and fields (`Content-Length` included), then its body.
    final class Answer: Sendable {
        let head: [UInt8]
        let body: [UInt8]
        let sendsBody: Bool
        let logPath: String?
        let pattern: String?
        let keptAt: UInt64

        init(head: [UInt8], body: [UInt8], sendsBody: Bool, logPath: String?, pattern: String?, keptAt: UInt64) {
            self.head = head
            self.body = body
            self.sendsBody = sendsBody
            self.logPath = logPath
            self.pattern = pattern
            self.keptAt = keptAt
        }
    }

    /// More distinct paths than this (percent-escaped spellings of one file, say) empty the store first.
    static let capacity = 512

    private let lifetimeNanos: UInt64
    private var answers: [Key: Answer] = [:]

    init(lifetime: Double) {
        lifetimeNanos = UInt64(min(max(0, lifetime), 1e6) * 1e9)
    }

    /// The kept answer for this head, if it is plain and one is kept and fresh.
    func answer(for head: RequestHead, now: UInt64) -> Answer? {
        guard lifetimeNanos > 0, !answers.isEmpty, let key = Self.key(head), let answer = answers[key] else { return nil }
        guard now &- answer.keptAt < lifetimeNanos else {
            answers[key] = nil
            return nil
        }
        return answer
    }

    /// Keeps a `200` answer to a plain request, serialized.
    func keep(_ response: Response, for head: RequestHead, route: ResolvedRoute, now: UInt64) {
        guard lifetimeNanos > 0, response.status == 200, !response.headers.hasToken("close", in: "Connection"), let key = Self.key(head)
        else { return }
        if answers.count >= Self.capacity { answers.removeAll(keepingCapacity: true) }
        answers[key] = Answer(
            head: ResponseWriter.head(of: response), body: response.body, sendsBody: !key.isHead,
            logPath: route.logPath, pattern: route.pattern, keptAt: now)
    }

    /// The key of a plain GET or HEAD, or nil for any other request.
    static func key(_ head: RequestHead) -> Key? {
        let isHead: Bool
        switch head.method {
        case "GET": isHead = false
        case "HEAD": isHead = true
        default: return nil
        }
        guard head.rawQuery.isEmpty, head.target.utf8.count == head.rawPath.utf8.count else { return nil }
        var acceptEncoding: String?
        for (name, value) in head.headers {
            guard isIgnorable(name) else { return nil }
            if acceptEncoding == nil && name.utf8.count == 15 && name.asciiCaseInsensitiveEquals("Accept-Encoding") { acceptEncoding = value }
        }
        return Key(path: head.rawPath, isHead: isHead, gzip: Gzip.accepts(acceptEncoding))
    }

    /// Request fields that no answer kept here reads (what browsers send with every GET, and what a
    /// reverse proxy adds: the client's address matters to rate limits and logs, never to a file),
    /// beyond `Accept-Encoding`, which is part of the key.
    /// `Connection` only decides whether the connection stays open, which is settled for each request.
    static func isIgnorable(_ name: String) -> Bool {
        switch name.utf8.count {
        case 3: return name.asciiCaseInsensitiveEquals("DNT")
        case 4: return name.asciiCaseInsensitiveEquals("Host")
        case 6: return name.asciiCaseInsensitiveEquals("Accept") || name.asciiCaseInsensitiveEquals("Pragma")
        case 7: return name.asciiCaseInsensitiveEquals("Referer")
        case 8: return name.asciiCaseInsensitiveEquals("Priority")
        case 9:
            return name.asciiCaseInsensitiveEquals("Sec-CH-UA") || name.asciiCaseInsensitiveEquals("X-Real-IP")
                || name.asciiCaseInsensitiveEquals("Forwarded")
        case 10: return name.asciiCaseInsensitiveEquals("User-Agent") || name.asciiCaseInsensitiveEquals("Connection")
        case 13: return name.asciiCaseInsensitiveEquals("Cache-Control")
        case 14:
            return name.asciiCaseInsensitiveEquals("Sec-Fetch-Dest") || name.asciiCaseInsensitiveEquals("Sec-Fetch-Mode")
                || name.asciiCaseInsensitiveEquals("Sec-Fetch-Site") || name.asciiCaseInsensitiveEquals("Sec-Fetch-User")
        case 15:
            return name.asciiCaseInsensitiveEquals("Accept-Encoding") || name.asciiCaseInsensitiveEquals("Accept-Language")
                || name.asciiCaseInsensitiveEquals("X-Forwarded-For")
        case 16: return name.asciiCaseInsensitiveEquals("Sec-CH-UA-Mobile") || name.asciiCaseInsensitiveEquals("X-Forwarded-Host")
        case 17: return name.asciiCaseInsensitiveEquals("X-Forwarded-Proto")
        case 18: return name.asciiCaseInsensitiveEquals("Sec-CH-UA-Platform")
        case 25: return name.asciiCaseInsensitiveEquals("Upgrade-Insecure-Requests")
        default: return false
        }
    }
}
