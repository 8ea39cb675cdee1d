/// A webhook's address, parsed strictly: what registration accepts is exactly what the sender can use.
///
/// `http` or `https`, a host name or IP literal (IPv6 in brackets), an optional port, a path and query
/// of visible ASCII. No credentials (`user:pass@`), no fragment, at most 500 characters.
struct WebhookURL: Sendable, Equatable {
    var scheme: String
    var host: String
    var port: Int
    /// The request target: path and query, "/" at least.
    var target: String

    static let maxLength = 500

    var isHTTPS: Bool { scheme == "https" }

    /// The `Host` header: the host (bracketed when IPv6) and the port when it is not the scheme's default.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (isHTTPS ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// Parses `text`, or says what is wrong with it in words for a field error.
    static func parse(_ text: String) -> Result<WebhookURL, Problem> {
        guard text.count <= maxLength else { return .failure(Problem("must be at most \(maxLength) characters")) }
        guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return .failure(Problem("must be visible ASCII without spaces (percent-encode anything else)"))
        }
        let lower = text.lowercased()
        let scheme: String
        if lower.hasPrefix("http://") {
            scheme = "http"
        } else if lower.hasPrefix("https://") {
            scheme = "https"
        } else {
            return .failure(Problem("must be an http:// or https:// address"))
        }
        let rest = text.dropFirst(scheme.count + 3)
        guard !rest.contains("#") else { return .failure(Problem("must not have a #fragment")) }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if target.isEmpty { target = "/" } else if target.hasPrefix("?") { target = "/" + target }
        guard !authority.contains("@") else { return .failure(Problem("must not contain a user name or password")) }

        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return .failure(Problem("has an unclosed [IPv6] host")) }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return .failure(Problem("has text after the [IPv6] host")) }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                return .failure(Problem("has an invalid IPv6 address"))
            }
        } else {
            let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = parts[0]
            if parts.count == 2 { portText = parts[1] }
            let labels = host.split(separator: ".", omittingEmptySubsequences: false)
            guard !host.isEmpty, host.count <= 253,
                labels.allSatisfy({ label in
                    !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                        && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
                })
            else {
                return .failure(Problem("must name a valid host"))
            }
        }
        var port = scheme == "https" ? 443 : 80
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number), portText.allSatisfy(\.isNumber) else {
                return .failure(Problem("has a port that is not a number from 1 to 65535"))
            }
            port = number
        }
        return .success(WebhookURL(scheme: scheme, host: String(host).lowercased(), port: port, target: target))
    }

    /// Why an address was refused.
    struct Problem: Error, Equatable {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
