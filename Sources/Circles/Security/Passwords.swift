import Crypto
import CryptoExtras
import Foundation

/// Password hashing with scrypt, stored as `scrypt$N$r$p$salt$hash` so parameters can grow later.
enum Passwords {
    static let rounds = 1 << 15
    static let blockSize = 8
    static let parallelism = 1

    static func hash(_ password: String) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = UInt8.random(in: 0...255, using: &generator) }
        let derived = try derive(password, salt: salt, rounds: rounds, blockSize: blockSize, parallelism: parallelism)
        return "scrypt$\(rounds)$\(blockSize)$\(parallelism)$\(Data(salt).base64EncodedString())$\(Data(derived).base64EncodedString())"
    }

    /// Checks a password in constant time with respect to the stored hash.
    static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let n = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
            n <= 1 << 20, r <= 32, p <= 8,
            let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]),
            let derived = try? derive(password, salt: [UInt8](salt), rounds: n, blockSize: r, parallelism: p)
        else { return false }
        return APIKeys.constantTimeEquals(Data(derived).base64EncodedString(), expected.base64EncodedString())
    }

    /// A hash to compare against when the account does not exist, so timing does not reveal which e-mails exist.
    static let decoy: String = (try? hash("decoy password that matches nothing")) ?? ""

    private static func derive(_ password: String, salt: [UInt8], rounds: Int, blockSize: Int, parallelism: Int) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32,
            rounds: rounds, blockSize: blockSize, parallelism: parallelism)
        return key.withUnsafeBytes { [UInt8]($0) }
    }
}
