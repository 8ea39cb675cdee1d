import Crypto
import Foundation

/// Seals and opens small secrets with AES-GCM. The associated data binds a ciphertext to its
/// row ("referral:42"), so a sealed value copied onto another row does not open.
public struct Sealer: Sendable {
    let key: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
    }

    public func seal(_ plaintext: [UInt8], context: String) throws -> [UInt8] {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Array(context.utf8))
        guard let combined = box.combined else { throw Sealer.Failure.cannotSeal }
        return [UInt8](combined)
    }

    public func open(_ sealed: [UInt8], context: String) throws -> [UInt8] {
        let box = try AES.GCM.SealedBox(combined: sealed)
        return [UInt8](try AES.GCM.open(box, using: key, authenticating: Array(context.utf8)))
    }

    public func sealJSON<T: Encodable>(_ value: T, context: String) throws -> [UInt8] {
        try seal([UInt8](JSONEncoder().encode(value)), context: context)
    }

    public func openJSON<T: Decodable>(_ type: T.Type, _ sealed: [UInt8], context: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(try open(sealed, context: context)))
    }

    enum Failure: Error { case cannotSeal }
}
