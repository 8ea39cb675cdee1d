import Crypto
import Foundation

/// The server's symmetric key: it seals referrals' personal data and webhook secrets.
///
/// From `CIRCLES_SECRET_KEY` (32 bytes, base64) when set; otherwise from a key file that is
/// created with mode 0600 on first start. Lose it and the sealed data is gone: back it up
/// with the database, but never in the same place as the database backups alone.
public enum SecretKey {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func load(environmentValue: String?, file: String) throws -> SymmetricKey {
        if let environmentValue, !environmentValue.isEmpty {
            guard let data = Data(base64Encoded: environmentValue.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
                throw Failure(description: "CIRCLES_SECRET_KEY must be 32 bytes in base64 (for example: openssl rand -base64 32)")
            }
            return SymmetricKey(data: data)
        }
        if FileManager.default.fileExists(atPath: file) {
            guard let text = FileManager.default.contents(atPath: file).flatMap({ String(data: $0, encoding: .utf8) }),
                let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32
            else {
                throw Failure(description: "the key file \(file) is not 32 bytes in base64")
            }
            var info = stat()
            if stat(file, &info) == 0, info.st_mode & 0o077 != 0 {
                throw Failure(description: "the key file \(file) is readable by others; run chmod 600 \(file)")
            }
            return SymmetricKey(data: data)
        }
        let key = SymmetricKey(size: .bits256)
        let text = key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot create the key file \(file): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let written = text.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        guard written == text.utf8.count, fsync(fd) == 0 else { throw Failure(description: "cannot write the key file \(file)") }
        return key
    }
}
