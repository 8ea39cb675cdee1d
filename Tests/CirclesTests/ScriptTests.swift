import Foundation
import TestSupport
import Testing

/// The page scripts share one set of helpers, `Public/js/lib.js`, as a native ES module: no script
/// keeps its own copy of them, and none builds a result card the server renders.
@Suite struct ScriptTests {
    static let root = TestHTTP.repositoryRoot + "/Public"

    /// Every script of the public pages and the console, by its address.
    static func scripts() throws -> [(address: String, code: String)] {
        try ["js", "admin"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: root + "/" + folder).filter { $0.hasSuffix(".js") }.sorted().map {
                ("/\(folder)/\($0)", try String(contentsOfFile: root + "/\(folder)/\($0)", encoding: .utf8))
            }
        }
    }

    @Test func helpersLiveInOneModuleThatEveryScriptImports() throws {
        let scripts = try Self.scripts()
        #expect(scripts.count >= 20)
        let lib = try #require(scripts.first { $0.address == "/js/lib.js" }).code
        for name in ["el", "api", "newKey", "announce", "problemText", "describedBy", "markInvalid", "errorLink"] {
            #expect(lib.contains("export function \(name)("), "lib.js exports \(name)")
        }
        #expect(lib.contains("fetch(") && lib.contains("headers['Idempotency-Key']"))
        for (address, code) in scripts where address != "/js/lib.js" {
            // A copy of a helper, or a call that goes around `api`, is what this module replaced.
            for copy in [
                "function el(", "function newKey(", "function announce(", "function describedBy(", "fetch(", "'Idempotency-Key':", "\"Idempotency-Key\":",
                "['Idempotency-Key']", "window.Console", "window.circlesSendForm",
            ] {
                #expect(!code.contains(copy), "\(address) has its own \(copy)")
            }
            let imports = code.split(separator: "\n").filter { $0.hasPrefix("import ") }
            #expect(!imports.isEmpty || address == "/js/local-time.js", "\(address) imports nothing")
            for line in imports {
                #expect(line.contains("from '/js/") || line.contains("from \"/js/") || line.contains("from '/admin/console.js'"), "\(address): \(line)")
            }
        }
        // The live search draws no card: it swaps in what /search/results renders.
        let search = try #require(scripts.first { $0.address == "/js/search.js" }).code
        #expect(search.contains("'/search/results'") && !search.contains("result__name") && !search.contains("/api/v1/groups"))
    }
}
