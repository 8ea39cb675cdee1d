import Foundation

/// One message to one person, written as RFC 5322 + MIME: `multipart/alternative` with a plain text
/// and an HTML part, both UTF-8 in quoted-printable (so every line stays within 78 characters and
/// the message is 7-bit clean for any relay), the subject and names as RFC 2047 encoded-words when
/// they are not ASCII, `Date`, a stable `Message-ID`, `Auto-Submitted: auto-generated`, and for
/// messages to the public `List-Unsubscribe` with RFC 8058's one-click `List-Unsubscribe-Post`.
public struct MailMessage: Sendable, Equatable {
    public var fromName: String
    public var fromAddress: String
    public var to: String
    public var subject: String
    public var text: String
    public var html: String
    /// `<…@…>`, kept across retries so that a repeat after a crash is recognised as the same message.
    public var messageId: String
    public var date: Date
    /// An `https` address that unsubscribes with one POST (RFC 8058), for messages to the public.
    public var unsubscribeURL: String?
    /// The language of the text (`Content-Language`), such as `en` or `es`.
    public var language: String

    public init(
        fromName: String, fromAddress: String, to: String, subject: String, text: String, html: String, messageId: String,
        date: Date = Date(), unsubscribeURL: String? = nil, language: String = "en"
    ) {
        self.fromName = fromName
        self.fromAddress = fromAddress
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageId = messageId
        self.date = date
        self.unsubscribeURL = unsubscribeURL
        self.language = language
    }

    /// A new Message-ID under `domain`: 128 random bits.
    public static func newMessageId(domain: String) -> String {
        "<\(UUID().uuidString.lowercased())@\(domain)>"
    }

    /// The message's bytes, lines ending in CRLF, none longer than 78 characters.
    public func rendered() -> [UInt8] {
        let boundary = "=_circles_" + String(messageId.utf8.reduce(UInt64(1469598103934665603)) { ($0 ^ UInt64($1)) &* 1099511628211 }, radix: 36)
        var headers: [(String, String)] = [
            ("From", MailHeader.mailbox(name: fromName, address: fromAddress)),
            ("To", "<\(to)>"),
            ("Subject", MailHeader.encodedText(subject)),
            ("Date", MailHeader.date(date)),
            ("Message-ID", messageId),
            ("MIME-Version", "1.0"),
            ("Auto-Submitted", "auto-generated"),
            ("X-Auto-Response-Suppress", "All"),
            ("Content-Language", language),
        ]
        if let unsubscribeURL {
            headers.append(("List-Unsubscribe", "<\(unsubscribeURL)>"))
            headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        }
        headers.append(("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""))
        var out = ""
        for (name, value) in headers { out += MailHeader.folded(name: name, value: value) }
        out += "\r\n"
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            out += "--\(boundary)\r\n"
            out += "Content-Type: \(type); charset=utf-8\r\n"
            out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            out += QuotedPrintable.encode(body)
            out += "\r\n"
        }
        out += "--\(boundary)--\r\n"
        return Array(out.utf8)
    }
}
