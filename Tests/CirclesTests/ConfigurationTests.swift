import Foundation
import TestSupport
import Testing

@testable import Circles
@testable import CirclesCommands

/// `AppConfiguration` owns every setting: the environment, the options on top, the checks; README,
/// `circles serve --help` and the code say the same.
@Suite struct ConfigurationTests {
    static let publicDirectory = TestHTTP.repositoryRoot + "/Public"

    static func resolve(_ arguments: [String], environment: [String: String] = [:]) throws -> AppConfiguration {
        let command = try ServeCommand.parse(["--public", publicDirectory] + arguments)
        return try command.resolvedConfiguration(environment: environment)
    }

    static func failure(_ arguments: [String], environment: [String: String] = [:]) -> String? {
        do {
            _ = try resolve(arguments, environment: environment)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Help text on one line, so that wrapping does not matter.
    static let help = ServeCommand.helpMessage(columns: 10_000).split(whereSeparator: \.isWhitespace).joined(separator: " ")

    @Test func helpNamesEveryOptionVariableAndDefault() {
        for setting in AppConfiguration.settings {
            #expect(Self.help.contains(setting.variable), "\(setting.variable) is not in --help")
            if let option = setting.option {
                switch setting.form {
                case .value(let name): #expect(Self.help.contains("--\(option) <\(name)>"), "--\(option) <\(name)> is not in --help")
                case .flag: #expect(Self.help.contains("--\(option) "), "--\(option) is not in --help")
                }
            }
            let expected: String
            switch setting.form {
            case _ where setting.option == nil: expected = setting.help
            case .value: expected = "(env: \(setting.variable)" + (setting.defaultValue.map { ", default: \($0))" } ?? ")")
            case .flag(let value): expected = "(env: \(setting.variable)=\(value))"
            }
            #expect(Self.help.contains(expected), "--help does not say \(expected)")
        }
    }

    @Test func helpHasNoOptionThatIsNotASetting() {
        let options = Set(AppConfiguration.settings.compactMap(\.option)).union(["help"])
        let named = Self.help.split(separator: " ").filter { $0.hasPrefix("--") }.map { String($0.dropFirst(2)) }
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ",.)")) }
        for name in named {
            #expect(options.contains(name), "--\(name) is in --help but not a setting")
        }
    }

    /// README's settings table, row by row: option, variable, default.
    static func readmeRows() throws -> [[String]] {
        let readme = try String(contentsOfFile: TestHTTP.repositoryRoot + "/README.md", encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## Configuration\n").dropFirst().first)
        return section.components(separatedBy: "\n## ")[0].split(separator: "\n")
            .filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Option") && !$0.hasPrefix("| ---") }
            .map { line in line.dropFirst(2).dropLast(2).components(separatedBy: " | ") }
    }

    @Test func readmeTableListsEverySettingWithItsDefault() throws {
        let rows = try Self.readmeRows()
        #expect(rows.count == AppConfiguration.settings.count, "one row per setting")
        for setting in AppConfiguration.settings {
            let variable: String
            switch setting.form {
            case .value: variable = "`\(setting.variable)`"
            case .flag(let value): variable = "`\(setting.variable)=\(value)`"
            }
            guard let row = rows.first(where: { $0.count >= 4 && $0[1] == variable }) else {
                Issue.record("README has no row for \(variable)")
                continue
            }
            let option: String
            switch (setting.option, setting.form) {
            case (nil, _): option = "—"
            case (let name?, .value(let value)): option = "`--\(name) <\(value)>`"
            case (let name?, .flag): option = "`--\(name)`"
            }
            #expect(row[0] == option, "README's option for \(setting.variable): \(row[0])")
            let shown: String
            switch (setting.defaultValue, setting.form) {
            case (nil, _): shown = "none"
            case (let value?, .flag): shown = value
            case (let value?, .value): shown = "`\(value)`"
            }
            #expect(row[2] == shown, "README's default for \(setting.variable) is \(row[2]), the code's \(shown)")
        }
    }

    @Test func everyVariableTheSourcesNameIsASetting() throws {
        let notSettings: Set<String> = [
            "CIRCLES_SUPERVISED_FD", "CIRCLES_READY_FD", "CIRCLES_SUPERVISOR_PID",  // supervisor ↔ child handshake
            "CIRCLES_PASSWORD",  // `circles user add` only
        ]
        let variables = Set(AppConfiguration.settings.map(\.variable))
        let sources = TestHTTP.repositoryRoot + "/Sources"
        let files = try #require(FileManager.default.enumerator(atPath: sources)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        let pattern = try NSRegularExpression(pattern: #""(CIRCLES_[A-Z_]+)""#)
        var named: Set<String> = []
        for file in files {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                named.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        let elsewhere = named.subtracting(variables).subtracting(notSettings)
        #expect(elsewhere.isEmpty, "read outside AppConfiguration: \(elsewhere)")
        #expect(variables.isSubset(of: named))
    }

    @Test func optionsOverlayTheEnvironmentOverTheDefaults() throws {
        let environment = [
            "CIRCLES_PORT": "8000", "CIRCLES_HOST": "0.0.0.0", "CIRCLES_DEMO": "yes", "CIRCLES_RETENTION_DAYS": "",
            "CIRCLES_ALLOWED_ORIGINS": "HTTPS://App.Example.org/, http://localhost:3000", "CIRCLES_SEARCH_CACHE_MB": "8",
            "CIRCLES_SUPERVISOR": "0", "CIRCLES_METRICS_TOKEN": "t0ken",
        ]
        let configuration = try Self.resolve(["--port", "9000", "--stale-after-days", "30"], environment: environment)
        #expect(configuration.server.port == 9000, "the option wins")
        #expect(configuration.server.host == "0.0.0.0", "the environment over the default")
        #expect(configuration.loadDemoData)
        #expect(configuration.retentionDays == 180, "an empty variable counts as unset")
        #expect(configuration.staleAfterDays == 30)
        #expect(configuration.allowedOrigins == ["https://app.example.org", "http://localhost:3000"], "split and normalized")
        #expect(configuration.searchCacheBytes == 8 << 20)
        #expect(!configuration.supervisor)
        #expect(configuration.metricsToken == "t0ken")
        let defaults = try Self.resolve([])
        #expect(defaults.server.port == 8080 && defaults.server.host == "127.0.0.1" && defaults.supervisor && defaults.retentionDays == 180)
        #expect(try !Self.resolve(["--no-supervisor"]).supervisor)
        let overridden = try Self.resolve(["--allowed-origin", "https://b.org"], environment: ["CIRCLES_ALLOWED_ORIGINS": "https://a.org"])
        #expect(overridden.allowedOrigins == ["https://b.org"])
    }

    @Test func trustedProxiesComeFromTheOptionOrTheVariable() throws {
        let fromVariable = try Self.resolve([], environment: ["CIRCLES_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8,::1"])
        #expect(fromVariable.server.trustedProxies.map(\.description) == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"])
        let fromOptions = try Self.resolve(
            ["--trusted-proxy", "192.168.1.7/24", "--trusted-proxy", "fd00::/8"], environment: ["CIRCLES_TRUSTED_PROXIES": "127.0.0.1"])
        #expect(fromOptions.server.trustedProxies.map(\.description) == ["192.168.1.0/24", "fd00::/8"], "the options win")
        #expect(try Self.resolve([]).server.trustedProxies.isEmpty, "none by default")
        #expect(Self.failure(["--trusted-proxy", "proxy.local"])?.hasPrefix("--trusted-proxy (CIRCLES_TRUSTED_PROXIES): \"proxy.local\"") == true)
        #expect(Self.failure([], environment: ["CIRCLES_TRUSTED_PROXIES": "10.0.0.0/33"])?.hasPrefix("--trusted-proxy") == true)
    }

    @Test func errorsNameTheOptionAndTheVariable() {
        #expect(Self.failure([], environment: ["CIRCLES_PORT": "eighty"]) == #"--port (CIRCLES_PORT) must be a whole number, not "eighty""#)
        #expect(Self.failure(["--port", "70000"]) == "--port (CIRCLES_PORT) must be between 0 and 65535, not 70000")
        #expect(Self.failure([], environment: ["CIRCLES_RETENTION_DAYS": "0"]) == "--retention-days (CIRCLES_RETENTION_DAYS) must be at least 1, not 0")
        #expect(Self.failure(["--stale-after-days", "4000"]) == "--stale-after-days (CIRCLES_STALE_AFTER_DAYS) must be between 1 and 3650, not 4000")
        #expect(Self.failure(["--search-cache-mb", "5000"]) == "--search-cache-mb (CIRCLES_SEARCH_CACHE_MB) must be between 0 and 4096, not 5000")
        #expect(Self.failure([], environment: ["CIRCLES_DEMO": "maybe"])?.hasPrefix("--demo (CIRCLES_DEMO) must be true or false") == true)
        let origin = Self.failure(["--allowed-origin", "https://a.org/path"])
        #expect(origin?.hasPrefix("--allowed-origin (CIRCLES_ALLOWED_ORIGINS): \"https://a.org/path\"") == true)
        #expect(Self.failure(["--public-url", "circles.example.org"])?.hasPrefix("--public-url (CIRCLES_PUBLIC_URL)") == true)
        let metrics = Self.failure(["--metrics-port", "8080"])
        #expect(metrics?.hasPrefix("--metrics-port (CIRCLES_METRICS_PORT) must be between 1 and 65535 and differ from the main port") == true)
        #expect(Self.failure(["--public", "/nonexistent/public"]) == "--public (CIRCLES_PUBLIC): the folder /nonexistent/public does not exist")
        // Links in mail are made from the public URL alone, never from a visitor's Host.
        let mail = ["--smtp-url", "smtp://127.0.0.1:2525", "--mail-from", "circles@example.org"]
        #expect(Self.failure(mail)?.hasPrefix("--smtp-url (CIRCLES_SMTP_URL) needs --public-url (CIRCLES_PUBLIC_URL)") == true)
        #expect(Self.failure(mail + ["--public-url", "https://circles.example.org"]) == nil)
    }

    @Test func theDefaultsAreTheDocumentedOnes() {
        let defaults = Dictionary(uniqueKeysWithValues: AppConfiguration.settings.map { ($0.variable, $0.defaultValue ?? "none") })
        #expect(defaults["CIRCLES_PORT"] == "8080")
        #expect(defaults["CIRCLES_HOST"] == "127.0.0.1")
        #expect(defaults["CIRCLES_RETENTION_DAYS"] == "180")
        #expect(defaults["CIRCLES_STALE_AFTER_DAYS"] == "60")
        #expect(defaults["CIRCLES_SEARCH_CACHE_MB"] == "32")
        #expect(defaults["CIRCLES_DEMO"] == "off")
        #expect(defaults["CIRCLES_SUPERVISOR"] == "on")
        #expect(defaults["CIRCLES_SECRET_KEY"] == "none")
    }
}
