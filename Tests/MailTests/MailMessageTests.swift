import Foundation
import Testing

@testable import Mail

/// The message as bytes: MIME structure, encodings, and the limits of RFC 5322 and RFC 2047.
@Suite struct MailMessageTests {
    static let spanish = "Su remisión a «Círculo de duelo» — llegó el día; ñandú, pingüino, acción"

    static func message(
        subject: String = spanish, unsubscribe: String? = "https://circles.example.org/mail/unsubscribe/123456-AbCdEfGhIjKlMnOp"
    ) -> MailMessage {
        MailMessage(
            fromName: "Circles", fromAddress: "circles@example.org", to: "persona@example.org", subject: subject,
            text: "Hola.\n\nUna línea muy larga " + String(repeating: "con acentos á é í ó ú ", count: 12) + "\n.una línea que empieza con punto\nfin  ",
            html: "<p>Hola &amp; adiós</p>", messageId: "<abc@example.org>", date: Date(timeIntervalSince1970: 1_796_000_000),
            unsubscribeURL: unsubscribe, language: "es")
    }

    @Test func everyLineIsSevenBitCRLFAndWithinTheLimit() {
        let bytes = Self.message().rendered()
        #expect(bytes.allSatisfy { $0 < 0x80 }, "7-bit clean, so any relay takes it")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "no bare LF")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"), "no bare CR")
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 78, "line too long: \(line)")
        }
    }

    @Test func headersNameTheMessage() {
        let text = String(decoding: Self.message().rendered(), as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        for expected in [
            "From: \"Circles\" <circles@example.org>", "To: <persona@example.org>", "Message-ID: <abc@example.org>", "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated", "List-Unsubscribe:\r\n <https://circles.example.org/mail/unsubscribe/123456-AbCdEfGhIjKlMnOp>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click", "Content-Language: es", "Date: ",
        ] {
            #expect(head.contains(expected), "missing \(expected)")
        }
        #expect(head.contains("Content-Type: multipart/alternative; boundary="))
        let staff = String(decoding: Self.message(unsubscribe: nil).rendered(), as: UTF8.self)
        #expect(!staff.contains("List-Unsubscribe"), "only messages to the public carry an unsubscribe link")
    }

    @Test func theSubjectIsEncodedWordsThatDecodeToTheText() throws {
        let encoded = MailHeader.encodedText(Self.spanish)
        let words = encoded.split(separator: " ")
        #expect(words.count > 1)
        var decoded = ""
        for word in words {
            #expect(word.count <= 75, "an encoded-word is at most 75 characters (RFC 2047)")
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let payload = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            let bytes = try #require(Data(base64Encoded: String(payload)))
            // Each word holds whole characters (RFC 2047 §5: no character split across words).
            decoded += try #require(String(data: bytes, encoding: .utf8))
        }
        #expect(decoded == Self.spanish)
        #expect(MailHeader.encodedText("A new referral for Harbor") == "A new referral for Harbor")
        #expect(MailHeader.encodedText("Line\r\nBcc: x@example.org") == "Line  Bcc: x@example.org", "no header injection")
    }

    @Test func quotedPrintableRoundTrips() {
        let text = Self.message().text
        let encoded = QuotedPrintable.encode(text)
        for line in encoded.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
            #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"), "trailing space is encoded")
        }
        #expect(Self.decodeQuotedPrintable(encoded) == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func dataIsDotStuffedAndEnded() {
        let stuffed = String(decoding: SMTPClient.dotStuffed(Array("a\r\n.b\r\n..c\nd".utf8)), as: UTF8.self)
        #expect(stuffed == "a\r\n..b\r\n...c\r\nd\r\n.\r\n")
    }

    @Test func relayURLs() throws {
        #expect(try SMTPRelay.parse("smtp://localhost").get() == SMTPRelay(host: "localhost", port: 25))
        #expect(try SMTPRelay.parse("smtp://mail.example.org:587").get() == SMTPRelay(host: "mail.example.org", port: 587))
        #expect(try SMTPRelay.parse("smtp://me%40x:p%3Ass@127.0.0.1:2525").get() == SMTPRelay(host: "127.0.0.1", port: 2525, user: "me@x", password: "p:ss"))
        #expect(try SMTPRelay.parse("smtp://[::1]:25").get() == SMTPRelay(host: "::1", port: 25))
        for bad in ["http://localhost", "smtp://", "smtp://host:0", "smtp://host:99999", "smtp://host/path", "smtp://ho st", "smtp://:pw@host"] {
            #expect((try? SMTPRelay.parse(bad).get()) == nil, "\(bad) should be refused")
        }
        #expect(SMTPRelay(host: "127.0.0.1").isLocal && SMTPRelay(host: "localhost").isLocal && SMTPRelay(host: "::1").isLocal)
        #expect(!SMTPRelay(host: "mail.example.org").isLocal && !SMTPRelay(host: "10.0.0.1").isLocal)
    }

    static func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "="), index + 2 < input.count + 0,
                let value = UInt8(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
