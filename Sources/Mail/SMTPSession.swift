/// One connection to the relay kept for several messages, so that a burst of notices is one
/// connection and one greeting, not one of each per message (relays count connections, and some
/// limit them). Each message after the first begins with `RSET`; a connection that fails it, or
/// that has carried `maxMessages`, is closed and a new one opened. After any outcome but `.sent`
/// the connection is closed, since its state is no longer known. Not for several threads at once.
public final class SMTPSession: @unchecked Sendable {
    private let client: SMTPClient
    private let maxMessages: Int
    private var open: (connection: SMTPConnection, extensions: [String: String], carried: Int)?

    public init(client: SMTPClient, maxMessages: Int = 100) {
        self.client = client
        self.maxMessages = maxMessages
    }

    deinit { open?.connection.close() }

    /// Whether a connection is open now.
    public var isOpen: Bool { open != nil }

    /// Sends one message on the open connection, or on a new one.
    public func send(from sender: String, to recipient: String, message: [UInt8]) -> SMTPOutcome {
        if let unfit = SMTPClient.unfitAddress(sender, recipient) { return unfit }
        if var current = open, current.carried < maxMessages, (try? client.command(&current.connection, "RSET").code) == 250 {
            open = current
        } else {
            close()
            switch client.open() {
            case .success(let (connection, extensions)): open = (connection, extensions, 0)
            case .failure(let refused): return refused.outcome
            }
        }
        guard var current = open else { return .transient("the relay cannot be reached") }
        let outcome: SMTPOutcome
        do {
            outcome = try client.transaction(&current.connection, extensions: current.extensions, sender: sender, recipient: recipient, message: message)
        } catch let failure as SMTPConnection.Failure {
            outcome = .transient(failure.message)
        } catch {
            outcome = .transient("the relay's answer was not understood")
        }
        if outcome == .sent {
            current.carried += 1
            open = current
        } else {
            open?.connection.close()
            open = nil
        }
        return outcome
    }

    /// Ends the connection politely (`QUIT`), when one is open.
    public func close() {
        guard var current = open else { return }
        open = nil
        _ = try? client.command(&current.connection, "QUIT")
        current.connection.close()
    }
}
