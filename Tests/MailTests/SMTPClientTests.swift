import Foundation
import TestSupport
import Testing

@testable import Mail

/// The client's dialogue against a real SMTP listener: what it sends, and how it reads every answer.
@Suite struct SMTPClientTests {
    static let message = Array("Subject: test\r\n\r\nHello.\r\n.dot line\r\n".utf8)
    static let fast = SMTPClient.Timeouts(connect: 5, command: 5, dataTermination: 5)

    static func client(_ sink: SMTPSink, user: String? = nil) -> SMTPClient {
        SMTPClient(
            relay: SMTPRelay(host: "127.0.0.1", port: sink.port, user: user, password: user == nil ? nil : "secret"), timeouts: fast, heloName: "circles.test")
    }

    @Test func sendsOneMessageWithSizeAndNoEightBitClaim() throws {
        let sink = try SMTPSink()
        #expect(Self.client(sink).send(from: "circles@example.org", to: "someone@example.org", message: Self.message) == .sent)
        let received = try #require(sink.messages.first)
        #expect(received.mailFrom == "circles@example.org")
        #expect(received.recipients == ["someone@example.org"])
        #expect(received.parameters == "SIZE=\(Self.message.count)", "7-bit data claims no BODY=8BITMIME")
        #expect(received.data == Self.message, "dot-stuffing undone by the server gives the message back")
        #expect(sink.commandLog.first == "EHLO circles.test")
        #expect(sink.commandLog.last == "QUIT")
        #expect(received.auth == nil)
    }

    @Test func eightBitAndUTF8AreDeclaredOnlyWhenOffered() throws {
        let sink = try SMTPSink()
        let eightBit = Array("Subject: ñ\r\n\r\nñandú\r\n".utf8)
        #expect(Self.client(sink).send(from: "circles@example.org", to: "pingüino@example.org", message: eightBit) == .sent)
        #expect(sink.messages.first?.parameters == "SIZE=\(eightBit.count) BODY=8BITMIME SMTPUTF8")
        let plain = try SMTPSink(extensions: [])
        guard case .permanent = Self.client(plain).send(from: "circles@example.org", to: "someone@example.org", message: eightBit) else {
            Issue.record("8-bit data to a relay without 8BITMIME must not be sent")
            return
        }
        #expect(plain.messages.isEmpty)
        #expect(plain.commandLog.contains { $0.hasPrefix("MAIL") } == false)
    }

    @Test func authPlainGoesOnlyToALocalRelayThatOffersIt() throws {
        let sink = try SMTPSink()
        #expect(Self.client(sink, user: "relay-user").send(from: "circles@example.org", to: "someone@example.org", message: Self.message) == .sent)
        #expect(sink.messages.first?.auth == "relay-user:secret")
        let noAuth = try SMTPSink(extensions: ["8BITMIME"])
        guard case .permanent = Self.client(noAuth, user: "relay-user").send(from: "circles@example.org", to: "x@example.org", message: Self.message)
        else {
            Issue.record("credentials for a relay that offers no AUTH PLAIN must not be dropped silently")
            return
        }
    }

    @Test func fourHundredsAreTransientFiveHundredsPermanent() throws {
        let sink = try SMTPSink()
        sink.answer("RCPT", with: "451 4.7.1 greylisted, try later")
        guard case .transient(let deferred) = Self.client(sink).send(from: "circles@example.org", to: "x@example.org", message: Self.message) else {
            Issue.record("451 must be retried")
            return
        }
        #expect(deferred.contains("451"))
        sink.answer("RCPT", with: nil)
        sink.answer("END", with: "554 5.7.1 rejected as spam")
        guard case .permanent(let refused) = Self.client(sink).send(from: "circles@example.org", to: "x@example.org", message: Self.message) else {
            Issue.record("554 must be given up")
            return
        }
        #expect(refused.contains("554"))
        sink.answer("END", with: nil)
        sink.answer("CONNECT", with: "421 4.3.2 shutting down")
        guard case .transient = Self.client(sink).send(from: "circles@example.org", to: "x@example.org", message: Self.message) else {
            Issue.record("a 421 greeting must be retried")
            return
        }
        #expect(sink.messages.isEmpty)
    }

    /// A burst of messages is one connection: one greeting, then `RSET` before each message after the first.
    @Test func aSessionSendsSeveralMessagesOnOneConnection() throws {
        let sink = try SMTPSink()
        let session = SMTPSession(client: Self.client(sink))
        for n in 1...3 { #expect(session.send(from: "circles@example.org", to: "person\(n)@example.org", message: Self.message) == .sent) }
        #expect(session.isOpen)
        session.close()
        #expect(!session.isOpen)
        let log = sink.waitForCommands { $0.last == "QUIT" }
        #expect(log.filter { $0.hasPrefix("EHLO") }.count == 1, "\(log)")
        #expect(log.filter { $0 == "RSET" }.count == 2, "\(log)")
        #expect(sink.messages.map(\.recipients) == [["person1@example.org"], ["person2@example.org"], ["person3@example.org"]])
    }

    /// A connection the relay no longer wants (it answers `RSET` with 421, or drops it) is replaced, and
    /// after a refused message the next one starts on a new connection.
    @Test func aSessionOpensANewConnectionWhenTheOldOneIsNoGood() throws {
        let sink = try SMTPSink()
        let session = SMTPSession(client: Self.client(sink))
        #expect(session.send(from: "circles@example.org", to: "a@example.org", message: Self.message) == .sent)
        sink.answer("RSET", with: "421 4.4.2 idle too long")
        #expect(session.send(from: "circles@example.org", to: "b@example.org", message: Self.message) == .sent)
        sink.answer("RSET", with: nil)
        sink.answer("RCPT", with: "550 5.1.1 no such mailbox")
        guard case .permanent = session.send(from: "circles@example.org", to: "c@example.org", message: Self.message) else {
            Issue.record("550 must be given up")
            return
        }
        #expect(!session.isOpen, "a refused message leaves no connection of unknown state behind")
        sink.answer("RCPT", with: nil)
        #expect(session.send(from: "circles@example.org", to: "d@example.org", message: Self.message) == .sent)
        #expect(sink.commandLog.filter { $0.hasPrefix("EHLO") }.count == 3, "\(sink.commandLog)")
        #expect(sink.messages.map(\.recipients) == [["a@example.org"], ["b@example.org"], ["d@example.org"]])
        session.close()
    }

    /// A session stops at `maxMessages` on one connection and opens another.
    @Test func aSessionCarriesAtMostItsMessagesOnOneConnection() throws {
        let sink = try SMTPSink()
        let session = SMTPSession(client: Self.client(sink), maxMessages: 2)
        for n in 1...5 { #expect(session.send(from: "circles@example.org", to: "p\(n)@example.org", message: Self.message) == .sent) }
        session.close()
        #expect(sink.waitForCommands { $0.filter { $0 == "QUIT" }.count == 3 }.filter { $0.hasPrefix("EHLO") }.count == 3)
    }

    @Test func aRelayThatIsDownIsTransient() throws {
        let sink = try SMTPSink()
        let port = sink.port
        sink.stop()
        let client = SMTPClient(relay: SMTPRelay(host: "127.0.0.1", port: port), timeouts: Self.fast)
        guard case .transient = client.send(from: "circles@example.org", to: "x@example.org", message: Self.message) else {
            Issue.record("a refused connection must be retried")
            return
        }
    }

    @Test func addressesThatWouldInjectCommandsAreRefused() throws {
        let sink = try SMTPSink()
        for bad in ["x@example.org>\r\nRCPT TO:<y@example.org", "no-at-sign", "a b@example.org", ""] {
            guard case .permanent = Self.client(sink).send(from: "circles@example.org", to: bad, message: Self.message) else {
                Issue.record("\(bad.debugDescription) must be refused")
                continue
            }
        }
        #expect(sink.commandLog.isEmpty, "nothing reached the relay")
    }
}
