import Foundation
import TestSupport
import Testing

/// GRDB stays inside Store: every other target reaches the database through Store's functions
/// (services that own their transactions). SwiftPM lets a target import any module one of its
/// dependencies uses, so the manifest alone cannot keep this; this test does.
@Suite struct LayeringTests {
    @Test func onlyStoreUsesGRDB() throws {
        let sources = TestHTTP.repositoryRoot + "/Sources"
        let files = try #require(FileManager.default.enumerator(atPath: sources)?.allObjects as? [String])
            .filter { $0.hasSuffix(".swift") && !$0.hasPrefix("Store/") }
        #expect(files.count > 100, "the sources were not found")
        var offenders: [String] = []
        for file in files.sorted() {
            let lines = try String(contentsOfFile: sources + "/" + file, encoding: .utf8).split(separator: "\n")
            for (index, line) in lines.enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") { continue }
                if code.range(of: #"^(@testable )?import (class |struct |enum |protocol |func )?GRDB\b"#, options: .regularExpression) != nil
                    || code.range(of: #"\.pool\.(read|write|writeWithoutTransaction)\b"#, options: .regularExpression) != nil
                {
                    offenders.append("\(file):\(index + 1): \(code)")
                }
            }
        }
        #expect(offenders.isEmpty, "GRDB or the pool outside Store:\n\(offenders.joined(separator: "\n"))")
    }
}
